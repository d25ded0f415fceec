"""GET /api/v1/stats/summary/: who may read it, what it returns, how many queries it costs."""

import pytest
from django.urls import reverse

from ocop_portal.core.models import Role
from tests.factories import UnitFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]
URL = reverse("api:stats-summary")


def get(client, token=None, **params):
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    return client.get(URL, params, **headers)


def test_anonymous_is_asked_to_authenticate(client, bac_ninh_2020):
    response = get(client, year=2020)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("username", ["huyen.tuson", "chutich.hoidong", "chuthe.dinhbang", "ketoan"])
def test_roles_below_the_province_are_refused(client, bac_ninh_2020, api_token, username):
    response = get(client, api_token(bac_ninh_2020[username]), year=2020)

    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Chỉ cán bộ cấp tỉnh mới xem được thống kê này."


def test_staff_of_another_province_sees_only_their_own_province(client, bac_ninh_2020, api_token):
    other = UserFactory(role=Role.PROVINCIAL_STAFF, unit=UnitFactory(code="99"))

    response = get(client, api_token(other), year=2020)

    assert response.status_code == 200
    assert response.json()["products"]["registered"] == 0
    assert response.json()["rewards"]["total_vnd"] == 0


def test_staff_cannot_ask_for_another_province(client, bac_ninh_2020, api_token):
    response = get(client, api_token(bac_ninh_2020["tinh.bacninh"]), year=2020, province="01")

    assert response.status_code == 403


def test_staff_of_todays_province_see_the_province_it_replaced(client, bac_ninh_2020, api_token):
    staff = bac_ninh_2020["tinh.bacninh"]
    token = api_token(staff)

    own = get(client, token, year=2020)
    old_code = get(client, token, year=2020, province="27")

    assert (staff.unit.code, staff.unit.valid_from.isoformat()) == ("24", "2025-07-01")
    assert own.json()["products"]["registered"] == old_code.json()["products"]["registered"] == 36


def test_superuser_sees_every_province_or_one(client, bac_ninh_2020, api_token):
    token = api_token(bac_ninh_2020["admin"])

    everywhere = get(client, token, year=2020).json()
    bac_ninh = get(client, token, year=2020, province="27").json()
    unknown = get(client, token, year=2020, province="98")

    assert everywhere["products"]["registered"] == bac_ninh["products"]["registered"] == 36
    assert unknown.status_code == 400
    assert unknown.json()["error"]["details"]["province"] == ["Không có tỉnh mã 98."]


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

    with django_assert_num_queries(10):  # token+user, unit, 2 for the province's lineage, 6 statistics queries
        full = get(client, token, year=2020)
    with django_assert_num_queries(10):
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
