"""GET /api/v1/stats/summary/: who may read it for which unit, what it returns, what it costs."""

import pytest
from django.db.models import Count, Q, Sum
from django.urls import reverse

from evaluations.models import Application, Result
from ocop_portal.core.models import AdministrativeUnit, Role, UnitLevel
from rewards.models import Entitlement
from tests.factories import UnitFactory, user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.integration]
URL = reverse("api:stats-summary")
PROVINCE_2020 = {"producers": 16, "enterprise": 7, "cooperative": 6, "household": 3, "registered": 36, "eligible": 33,
                 "3": 3, "4": 30, "total_vnd": 960_000_000}


def get(client, token=None, **params):
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    return client.get(URL, params, **headers)


def figures(body):
    return {"producers": body["producers"]["total"], "enterprise": body["producers"]["enterprise"],
            "cooperative": body["producers"]["cooperative"], "household": body["producers"]["household"],
            "registered": body["products"]["registered"], "eligible": body["products"]["eligible"],
            "3": body["products"]["stars"]["3"], "4": body["products"]["stars"]["4"], "total_vnd": body["rewards"]["total_vnd"]}


def counted_by_hand(unit_paths):
    """The same figures counted straight from the tables, for producers under `unit_paths`."""
    within = Q(pk__in=[])
    for path in unit_paths:
        within |= Q(product__producer__unit__path__startswith=path)
    apps = Application.objects.filter(within, round__year=2020).exclude(status="draft")
    kinds = dict(apps.values_list("product__producer__kind").annotate(n=Count("product__producer", distinct=True)).order_by())
    results = Result.objects.filter(application__in=apps)
    return {
        "producers": apps.values("product__producer").distinct().count(),
        "enterprise": kinds.get("enterprise", 0), "cooperative": kinds.get("cooperative", 0), "household": kinds.get("household", 0),
        "registered": apps.count(), "eligible": results.count(),
        "3": results.filter(star=3).count(), "4": results.filter(star=4).count(),
        "total_vnd": Entitlement.objects.filter(application__in=apps).aggregate(s=Sum("amount_vnd"))["s"] or 0,
    }


def unit(code, level):
    return AdministrativeUnit.objects.filter(code=code, level=level).order_by("-valid_from").first()


def test_anonymous_is_asked_to_authenticate(client, bac_ninh_2020):
    response = get(client, year=2020)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("username", ["chutich.hoidong", "uyvien.hoidong", "chuthe.dinhbang"])
def test_producers_and_council_members_are_refused(client, bac_ninh_2020, username):
    client.force_login(bac_ninh_2020[username])  # they hold no API token: the province gives those to offices

    response = get(client, year=2020)

    assert response.status_code == 403
    assert response.json()["error"]["message"] == (
        "Chỉ cán bộ cấp tỉnh, cán bộ địa phương, lãnh đạo phê duyệt và kế toán mới xem được thống kê.")


@pytest.mark.parametrize("username", ["tinh.bacninh", "pheduyet", "ketoan"])
def test_the_province_sees_the_published_2020_figures(client, bac_ninh_2020, api_token, username):
    body = get(client, api_token(bac_ninh_2020[username]), year=2020).json()

    assert figures(body) == PROVINCE_2020
    assert body["unit"] == {"code": "24", "name": "Tỉnh Bắc Ninh", "level": "province"}


def test_the_tu_son_officer_sees_tu_son_only(client, bac_ninh_2020, api_token):
    tu_son = unit("261", UnitLevel.DISTRICT)

    body = get(client, api_token(bac_ninh_2020["huyen.tuson"]), year=2020).json()

    assert figures(body) == counted_by_hand([tu_son.path])
    assert 0 < body["products"]["registered"] < 36
    assert body["unit"] == {"code": "261", "name": "Thị xã Từ Sơn", "level": "district"}


def test_the_province_can_ask_for_one_district_and_gets_the_officers_figures(client, bac_ninh_2020, api_token):
    by_province = get(client, api_token(bac_ninh_2020["tinh.bacninh"]), year=2020, unit="261").json()
    by_district = get(client, api_token(bac_ninh_2020["huyen.tuson"]), year=2020, unit="261").json()

    assert figures(by_province) == figures(by_district)


def test_a_commune_after_the_reform_sees_the_communes_it_replaced(client, bac_ninh_2020, api_token):
    new_commune = unit("09385", UnitLevel.COMMUNE)  # Phường Đồng Nguyên since 01/07/2025
    old_commune = AdministrativeUnit.objects.get(code="09385", valid_until__isnull=False)
    officer = user_with_role(Role.LOCAL_OFFICER, new_commune)

    body = get(client, api_token(officer), year=2020).json()

    assert figures(body) == counted_by_hand([new_commune.path, old_commune.path])
    assert body["products"]["registered"] > 0


@pytest.mark.parametrize("code", ["27", "24", "262", "09292"])
def test_a_district_officer_gets_404_outside_their_district(client, bac_ninh_2020, api_token, code):
    response = get(client, api_token(bac_ninh_2020["huyen.tuson"]), year=2020, unit=code)

    assert response.status_code == 404
    assert response.json()["error"]["message"] == f"Không có đơn vị mã {code} trong phạm vi bạn được xem."


def test_an_officer_of_another_province_gets_404_for_bac_ninh(client, bac_ninh_2020, api_token):
    other = user_with_role(Role.PROVINCIAL_STAFF, UnitFactory(code="99"))
    token = api_token(other)

    own = get(client, token, year=2020)
    bac_ninh = get(client, token, year=2020, unit="27")

    assert (own.status_code, own.json()["products"]["registered"], own.json()["rewards"]["total_vnd"]) == (200, 0, 0)
    assert bac_ninh.status_code == 404


def test_an_unknown_unit_is_404_like_one_outside(client, bac_ninh_2020, api_token):
    response = get(client, api_token(bac_ninh_2020["tinh.bacninh"]), year=2020, unit="98")

    assert response.status_code == 404


def test_staff_of_todays_province_see_the_province_it_replaced(client, bac_ninh_2020, api_token):
    token = api_token(bac_ninh_2020["tinh.bacninh"])

    own = get(client, token, year=2020).json()
    old_code = get(client, token, year=2020, unit="27").json()
    old_param = get(client, token, year=2020, province="27").json()

    assert figures(own) == figures(old_code) == figures(old_param) == PROVINCE_2020


def test_superuser_sees_every_province_or_one(client, bac_ninh_2020, api_token):
    token = api_token(bac_ninh_2020["admin"])

    everywhere = get(client, token, year=2020).json()
    bac_ninh = get(client, token, year=2020, unit="27").json()
    unknown = get(client, token, year=2020, unit="98")

    assert figures(everywhere) == figures(bac_ninh) == PROVINCE_2020
    assert everywhere["unit"] is None
    assert unknown.status_code == 404


def test_session_login_works_too(client, bac_ninh_2020):
    client.force_login(bac_ninh_2020["tinh.bacninh"])

    response = client.get(URL, {"year": 2020})

    assert response.json()["products"]["eligible"] == 33


@pytest.mark.parametrize("params", [{}, {"year": "abc"}, {"year": "1900"}])
def test_a_missing_or_bad_year_is_a_clear_400(client, bac_ninh_2020, api_token, params):
    response = client.get(URL, params, HTTP_AUTHORIZATION=f"Token {api_token(bac_ninh_2020['tinh.bacninh'])}")

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Dữ liệu gửi lên không hợp lệ."
    assert list(response.json()["error"]["details"]) == ["year"]


def test_query_count_does_not_grow_with_the_data(client, bac_ninh_2020, api_token, django_assert_num_queries):
    token = api_token(bac_ninh_2020["tinh.bacninh"])
    get(client, token, year=2019)  # records the token's first use (then at most once a minute)

    # token+user, role assignments, 2 for the province's lineage, its units, 6 statistics queries
    with django_assert_num_queries(11):
        full = get(client, token, year=2020)
    with django_assert_num_queries(11):
        empty = get(client, token, year=2021)

    assert full.json()["products"]["registered"] == 36
    assert empty.json()["products"]["registered"] == 0


def test_schema_documents_the_summary(client):
    response = client.get(reverse("schema"), {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/stats/summary/" in schema["paths"]
    assert schema["openapi"].startswith("3.")


def test_drf_create_token_gives_a_working_token(client, bac_ninh_2020, run_command):
    out = run_command("drf_create_token", "tinh.bacninh")
    key = out.strip().split()[2]

    response = get(client, key, year=2020)

    assert response.json()["rewards"]["total_vnd"] == 960_000_000
