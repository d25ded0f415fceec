import datetime
from pathlib import Path

import pytest

from evaluations.models import Council, CouncilMember, MemberRole
from ocop_portal.core.models import UNIT_ROLES, Role, User
from tests.factories import MembershipFactory, RoleAssignmentFactory, UnitFactory

PASSWORD = "mat-khau-OCOP-2026"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # live_server serves static files through the finders, which 404 on manifest-hashed names
    # (stack-verified §5); matters when the suite runs with DEBUG=false.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def make_user(db):
    """A user with a password, holding `role` the way the portal gives it: a territory role over
    a unit, a producer membership, or a council seat."""

    def make(username, *, role="", **extra):
        user = User.objects.create_user(username, password=PASSWORD, full_name=extra.pop("full_name", ""), **extra)
        if role in UNIT_ROLES:
            RoleAssignmentFactory(user=user, role=role)
        elif role == Role.PRODUCER:
            MembershipFactory(user=user)
        elif role == Role.COUNCIL_MEMBER:
            council = Council.objects.create(province=UnitFactory(), name="Hội đồng thử", decision_number=f"{username}/QĐ",
                                             decision_date=datetime.date(2026, 8, 1))
            CouncilMember.objects.create(council=council, user=user, full_name=user.full_name, role=MemberRole.MEMBER, voting=True)
        return user

    return make


@pytest.fixture
def producer(make_user):
    return make_user("chuthe", role=Role.PRODUCER, full_name="Nguyễn Thị Hương")


@pytest.fixture
def provincial_staff(make_user):
    return make_user("canbotinh", role=Role.PROVINCIAL_STAFF, full_name="Trần Đức Thắng", is_staff=True)


@pytest.fixture
def council_member(make_user):
    return make_user("thanhvien", role=Role.COUNCIL_MEMBER, full_name="Lê Quỳnh Anh")


@pytest.fixture
def local_officer(make_user):
    return make_user("canboxa", role=Role.LOCAL_OFFICER, full_name="Phạm Văn Lộc")


@pytest.fixture
def planned_pages(settings):
    """Stand-in pages under the URL names the navigation waits for."""
    settings.ROOT_URLCONF = "tests.e2e.urls"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Headless Chromium sends Accept-Language: en-US, and LocaleMiddleware honours it; our users'
    # browsers ask for Vietnamese.
    return {**browser_context_args, "locale": "vi-VN"}
