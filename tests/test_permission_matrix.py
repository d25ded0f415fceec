"""Walk the permission matrix (tests/permission_matrix.py) with real users and real demo objects,
and check that it lists every route the portal has, and that no view is public by accident."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.views import APIView

from ocop_portal.core.api import ApiView
from ocop_portal.core.models import AdministrativeUnit, ApiToken, AuditEntry, Role, RoleAssignment, UnitLevel, User
from ocop_portal.core.services import api_token_create
from tests.factories import UnitFactory
from tests.permission_matrix import AREAS, CASES, PERSONAS

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

# Views anyone may open without logging in. Every other page needs a login (deny by default);
# the API's views authenticate themselves and state their permission classes.
PUBLIC_ROUTES = {"home", "healthz", "login", "set_language", "schema", "api-docs", "admin:login",
                 # a producer's sign-up and the verification of its email
                 "producers:signup", "producers:check-email", "producers:resend", "producers:verify",
                 # a certificate's verification page (its QR code), the form to type a code, the catalogue
                 "verify", "evaluations:certificate-lookup", "catalogue"}


def all_routes(patterns=None, prefix="", namespace=None):
    """(route, callback) for every URL pattern: its name with namespace, or its full pattern when
    it has no name."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace])) or None
            yield from all_routes(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            route = f"{namespace}:{p.name}" if namespace and p.name else p.name or prefix + str(p.pattern)
            yield route, p.callback


def test_every_route_is_in_the_matrix():
    listed = {case.route for case in CASES}

    missing = sorted({route for route, _callback in all_routes()} - listed)
    stale = sorted(listed - {route for route, _callback in all_routes()})

    assert (missing, stale) == ([], [])


def test_only_the_listed_views_are_public_and_every_api_view_states_its_permission():
    public, api_without_permission = set(), set()
    for route, callback in all_routes():
        cls = getattr(callback, "cls", None)
        if cls is not None and issubclass(cls, APIView):
            initkwargs = getattr(callback, "initkwargs", {})
            stated = "permission_classes" in initkwargs or any(
                "permission_classes" in vars(klass) for klass in cls.__mro__ if klass not in (ApiView, APIView))
            if not stated:
                api_without_permission.add(route)
        elif getattr(callback, "login_required", True) is False:
            public.add(route)

    assert (sorted(public - PUBLIC_ROUTES), sorted(api_without_permission)) == ([], [])


@pytest.fixture(scope="module")
def personas(bac_ninh_2020, django_db_blocker):
    """The demo's users plus the outsiders it lacks, created inside the module's demo transaction."""
    from evaluations.models import ConflictOfInterest, Council, CouncilMember, MemberRole, WorkingDayOverride
    from producers.models import Producer
    from producers.services import membership_add

    with django_db_blocker.unblock():
        users = {name: bac_ninh_2020[username] for name, username in PERSONAS.items() if username}
        elsewhere = UnitFactory(code="99", name="Tỉnh khác", level=UnitLevel.PROVINCE)
        other = User.objects.create_user("tinh.khac", full_name="Cán bộ tỉnh khác", is_staff=True)
        other.groups.set(Group.objects.filter(pk__in=users["provincial_staff"].groups.values("pk")))
        RoleAssignment.objects.create(user=other, role=Role.PROVINCIAL_STAFF, unit=elsewhere)
        users["other_province"] = other

        commune = AdministrativeUnit.objects.get(code="09499", valid_from__isnull=False)  # Xã Trung Kênh, today
        users["other_commune"] = User.objects.create_user("xa.trungkenh", full_name="Cán bộ xã Trung Kênh")
        RoleAssignment.objects.create(user=users["other_commune"], role=Role.LOCAL_OFFICER, unit=commune)

        users["other_producer"] = User.objects.create_user("chuthe.phulang", full_name="Vũ Văn Khoa")
        membership_add(producer=Producer.objects.get(registration_number="2300523456"), user=users["other_producer"], is_owner=True)

        council = Council.objects.create(province=elsewhere, name="Hội đồng tỉnh khác", decision_number="1/QĐ-UBND",
                                         decision_date="2026-08-01")
        users["other_council"] = User.objects.create_user("hoidong.khac", full_name="Thành viên hội đồng khác")
        CouncilMember.objects.create(council=council, user=users["other_council"], full_name="Thành viên hội đồng khác",
                                     role=MemberRole.MEMBER, voting=True)
        api_token_create(user=users["local_officer"], name="Phần mềm một cửa")
        vice_chair_2020 = CouncilMember.objects.get(user=users["conflicted_member"], council__sessions__round__year=2020)
        ConflictOfInterest.objects.create(member=vice_chair_2020, application=demo_object("evaluations.application"),
                                          reason="Là cổ đông của công ty")
        from evaluations.models import Application

        WorkingDayOverride.objects.create(province=AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code="24",
                                                                                      valid_from__isnull=False),
                                          day="2026-12-31", note="Nghỉ bù (minh họa)")
        chair_2026 = CouncilMember.objects.filter(council__sessions__round__year=2026, role=MemberRole.CHAIR).distinct().get()
        ConflictOfInterest.objects.create(member=chair_2026, application=Application.objects.filter(session__round__year=2026).first(),
                                          reason="Người thân làm việc tại chủ thể")
        for area in AREAS:  # the objects an area's rows open that the demo lacks (files, …)
            area.setup(users)
    return users


def demo_object(label):
    """The demo object a case opens: always one inside Bắc Ninh (so inside the staff's scope)."""
    from django.apps import apps

    pickers = {
        "core.user": lambda: User.objects.get(username="huyen.tuson"),
        "core.auditentry": lambda: AuditEntry.objects.filter(actor__username="tinh.bacninh").order_by("pk").first(),
        "core.roleassignment": lambda: RoleAssignment.objects.filter(user__username="huyen.tuson").first(),
        "core.administrativeunit": lambda: AdministrativeUnit.objects.get(code="261"),
        "core.apitoken": lambda: ApiToken.objects.filter(user__username="huyen.tuson").order_by("pk").first(),
        "producers.producermembership": lambda: apps.get_model("producers", "ProducerMembership").objects.get(
            user__username="chuthe.dinhbang"),
        "evaluations.application:2026-submitted": lambda: apps.get_model("evaluations", "Application").objects.get(
            product__name="Giò bò Yên Phong"),
        "evaluations.workingdayoverride": lambda: apps.get_model("evaluations", "WorkingDayOverride").objects.get(
            province__code="24", day="2026-12-31"),
    }
    for area in AREAS:
        pickers.update(area.PICKERS)
    if label in pickers:
        return pickers[label]()
    return apps.get_model(label)._default_manager.order_by("pk").first()


def resolve_kwargs(kwargs):
    resolved = {}
    for key, value in kwargs.items():
        if key in ("object_id", "id", "pk", "application_pk"):
            resolved[key] = str(demo_object(value).pk)
        elif key == "content_type_id":
            resolved[key] = str(ContentType.objects.get_by_natural_key(*value.removeprefix("ct:").split(".")).pk)
        else:
            resolved[key] = value
    return resolved


def url_for(case):
    kwargs = resolve_kwargs(case.kwargs)
    if case.route.startswith("admin/"):  # an unnamed admin route: fill its pattern by hand
        path = case.route.replace("<path:object_id>", kwargs.get("object_id", "")).replace("(?P<url>.*)$", kwargs.get("url", ""))
        return "/" + path
    return reverse(case.route, kwargs=kwargs or None)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_every_persona_gets_the_expected_outcome(personas, case):
    url = url_for(case)
    got = {}
    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            client.force_login(personas[persona])
        response = client.get(url, case.query)
        got[persona] = response.status_code
        if response.status_code == 302 and persona == "anonymous" and case.route != "set_language":
            assert response.url.startswith((reverse("login"), reverse("admin:login"))), (persona, response.url)

    assert got == case.expected
