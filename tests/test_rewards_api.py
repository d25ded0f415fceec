"""GET /api/v1/entitlements/ and /api/v1/payouts/: read-only, filtered by year, integer amounts,
scoped by the access layer (the province's money roles, the local office over the producer, the
producer's own users; another province's staff see nothing and get 404 on a detail)."""

import pytest
from django.db.models import Count
from django.urls import reverse

from ocop_portal.core.models import Role
from producers.models import Producer
from rewards.models import Entitlement
from tests.factories import MembershipFactory, user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.integration]
DINH_BANG = "2300412345"


def get(client, user, name, pk=None, **params):
    if user is not None:
        client.force_login(user)
    return client.get(reverse(name, args=[pk] if pk else None), params)


def test_anonymous_callers_are_asked_for_credentials(client, bac_ninh_2020):
    responses = [get(client, None, "api:entitlement-list"), get(client, None, "api:payout-list")]

    assert [(r.status_code, r.json()["error"]["code"]) for r in responses] == [(401, "not_authenticated")] * 2


def test_the_province_reads_33_entitlements_of_2020_totalling_960_million_as_integers(client, bac_ninh_2020):
    body = get(client, bac_ninh_2020["ketoan"], "api:entitlement-list", year=2020).json()

    amounts = [row["amount_vnd"] for row in body["results"]]
    assert (body["count"], sum(amounts), {type(a) for a in amounts}) == (33, 960_000_000, {int})
    first = body["results"][0]
    assert {k: first[k] for k in ("event", "status", "due_on", "decision_number", "paid_on")} == {
        "event": "first", "status": "paid", "due_on": "2020-10-15", "decision_number": "1502/QĐ-UBND (minh họa)",
        "paid_on": "2020-12-15"}
    assert get(client, bac_ninh_2020["ketoan"], "api:entitlement-list", year=2021).json()["count"] == 0


def test_payouts_carry_their_batch_and_ledger(client, bac_ninh_2020):
    body = get(client, bac_ninh_2020["pheduyet"], "api:payout-list", year=2020).json()

    row = body["results"][0]
    assert (body["count"], sum(r["amount_vnd"] for r in body["results"])) == (33, 960_000_000)
    assert (row["batch"]["number"], row["batch"]["status"], row["status"]) == ("1688/QĐ-UBND (minh họa)", "paid", "paid")
    assert [(e["kind"], e["attempt"], type(e["amount_vnd"])) for e in row["entries"]] == [("payment", 1, int)]


def test_a_producer_reads_its_own_and_another_provinces_staff_nothing(client, bac_ninh_2020):
    own = Entitlement.objects.filter(application__product__producer__registration_number=DINH_BANG).first()
    outsider = user_with_role(Role.PROVINCIAL_STAFF)

    producer = get(client, bac_ninh_2020["chuthe.dinhbang"], "api:entitlement-list").json()
    other_list = get(client, outsider, "api:entitlement-list").json()
    other_detail = get(client, outsider, "api:entitlement-detail", own.pk)
    other_payout = get(client, outsider, "api:payout-detail", own.payout.pk)

    assert (producer["count"], {r["producer"]["name"] for r in producer["results"]}) == (
        3, {"Công ty TNHH Thực phẩm truyền thống Đình Bảng"})
    assert (other_list["count"], other_detail.status_code, other_payout.status_code) == (0, 404, 404)
    assert get(client, bac_ninh_2020["chuthe.dinhbang"], "api:entitlement-detail", own.pk).json()["amount_vnd"] == 30_000_000


def test_a_token_reads_the_api(client, bac_ninh_2020, api_token):
    token = api_token(bac_ninh_2020["tinh.bacninh"])

    response = client.get(reverse("api:payout-list"), HTTP_AUTHORIZATION=f"Token {token}")

    assert (response.status_code, response.json()["count"]) == (200, 33)


@pytest.mark.parametrize(("name", "queries"), [("api:entitlement-list", 6), ("api:payout-list", 7)])
def test_each_list_costs_the_same_for_1_and_3_rows(client, bac_ninh_2020, django_assert_num_queries, name, queries):
    single = Producer.objects.annotate(n=Count("products__applications__entitlements")).filter(n=1).order_by("pk").first()
    client.force_login(MembershipFactory(producer=single).user)
    with django_assert_num_queries(queries):
        one = client.get(reverse(name)).json()
    client.force_login(bac_ninh_2020["chuthe.dinhbang"])

    with django_assert_num_queries(queries):
        three = client.get(reverse(name)).json()

    assert (one["count"], three["count"]) == (1, 3)
