"""The header navigation, composed at the top floor from what each app says the user holds."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from ocop_portal.core.models import Role
from ocop_portal.navigation import nav_links, navigation
from tests.factories import MembershipFactory, UserFactory, user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def labels(links):
    return [str(link["label"]) for link in links]


def seat(user, council_role="member"):
    from evaluations.models import VOTING_ROLES, Council, CouncilMember
    from tests.factories import UnitFactory

    council = Council.objects.create(province=UnitFactory(), name=f"Hội đồng {user.username}", decision_number=f"{user.pk}/QĐ",
                                     decision_date="2026-08-01")
    return CouncilMember.objects.create(council=council, user=user, full_name=user.username, role=council_role,
                                        voting=council_role in VOTING_ROLES)


def test_navigation_skips_pages_that_are_not_built_yet():
    staff = user_with_role(Role.PROVINCIAL_STAFF, is_staff=True)

    links = nav_links(staff, "/admin/")

    assert [(str(link["label"]), link["url"], link["current"]) for link in links] == [
        ("Trang chủ", "/", False),
        ("Đợt đánh giá", "/council/rounds/", False),
        ("Tiếp nhận hồ sơ", "/council/intake/province/", False),
        ("Khen thưởng", "/rewards/", False),
        ("Thống kê", "/dashboard/", False),
        ("Khóa API", "/api-tokens/", False),
        ("Quản trị", "/admin/", True),
    ]


def _producer():
    return MembershipFactory().user


def _member():
    user = UserFactory()
    seat(user)
    return user


def _superuser():
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (_producer, ["Trang chủ", "Sản phẩm của tôi"]),
        (lambda: user_with_role(Role.LOCAL_OFFICER), ["Trang chủ", "Hồ sơ địa bàn", "Chủ thể chờ xác nhận", "Thống kê"]),
        (_member, ["Trang chủ", "Phiên chấm điểm"]),
        (lambda: user_with_role(Role.FINANCE), ["Trang chủ", "Khen thưởng"]),
        (_superuser, ["Trang chủ", "Đợt đánh giá", "Tiếp nhận hồ sơ", "Hội đồng", "Khen thưởng", "Thống kê", "Khóa API", "Quản trị"]),
        (UserFactory, ["Trang chủ"]),
    ],
    ids=["producer", "local_officer", "council_member", "finance", "superuser", "no_role"],
)
def test_navigation_follows_the_roles_once_pages_exist(settings, make, expected):
    settings.ROOT_URLCONF = "tests.e2e.urls"

    links = nav_links(make())

    assert labels(links) == expected


def test_a_provincial_officer_on_the_council_gets_both_menus(settings):
    settings.ROOT_URLCONF = "tests.e2e.urls"
    officer = user_with_role(Role.PROVINCIAL_STAFF)
    seat(officer, "secretary")

    links = nav_links(officer)

    assert labels(links) == ["Trang chủ", "Đợt đánh giá", "Tiếp nhận hồ sơ", "Hội đồng", "Phiên chấm điểm", "Khen thưởng",
                             "Thống kê", "Khóa API"]


def test_anonymous_navigation_offers_certificate_lookup_once_it_exists(settings):
    settings.ROOT_URLCONF = "tests.e2e.urls"

    links = nav_links(AnonymousUser())

    assert labels(links) == ["Trang chủ", "Tra cứu chứng nhận"]


def test_navigation_context_names_every_role_held():
    officer = user_with_role(Role.PROVINCIAL_STAFF)
    seat(officer, "secretary")
    request = RequestFactory().get("/")
    request.user = officer

    context = navigation(request)

    assert (context["user_roles"], str(context["user_role_label"])) == (
        [Role.PROVINCIAL_STAFF, Role.COUNCIL_MEMBER], "Cán bộ cấp tỉnh, Thành viên hội đồng")


def test_home_shows_a_producer_user_their_role(client):
    user = _producer()
    client.force_login(user)

    content = client.get(reverse("home")).content.decode()

    assert 'data-testid="home-role">Chủ thể sản xuất<' in content


def test_navigation_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    officer = user_with_role(Role.PROVINCIAL_STAFF)
    seat(officer, "secretary")
    client.force_login(officer)

    # session, user, role assignments, memberships, seats
    with django_assert_num_queries(5):
        response = client.get(reverse("home"))

    assert "Cán bộ cấp tỉnh, Thành viên hội đồng" in response.content.decode()


def test_a_local_officer_is_led_to_the_pre_check_queue():
    officer = user_with_role(Role.LOCAL_OFFICER)

    links = nav_links(officer, "/council/intake/queue/")

    assert [(str(link["label"]), link["url"], link["current"]) for link in links] == [
        ("Trang chủ", "/", False),
        ("Hồ sơ địa bàn", "/council/intake/queue/", True),
        ("Chủ thể chờ xác nhận", "/producers/pending/", False),
        ("Thống kê", "/dashboard/", False),
    ]
