"""API tokens: the provincial staff's pages that give and revoke them, the authentication that
accepts or refuses a key, the scope a token acts in, its rate limit, and the commands."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ocop_portal.core.api_auth import TokenRateThrottle
from ocop_portal.core.models import AdministrativeUnit, ApiToken, Role, RoleAssignment, UnitLevel, User
from ocop_portal.core.services import api_token_create, api_token_revoke
from tests.factories import UnitFactory, user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.integration]
STATS = reverse("api:stats-summary")
LIST, CREATE = reverse("api-tokens"), reverse("api-token-create")


def call_api(key, keyword="Token", url=STATS, **params):
    """A request from another program: no session, only the key."""
    return Client().get(url, params or {"year": 2020}, HTTP_AUTHORIZATION=f"{keyword} {key}")


def unit(code):
    return AdministrativeUnit.objects.filter(code=code).order_by("-valid_from").first()


def open_form(client):
    response = client.get(CREATE)
    return response.context["form"]["nonce"].value()


def give(client, holder, *, nonce=None, name="Phần mềm một cửa", days=365, unit_code=""):
    nonce = nonce if nonce is not None else open_form(client)
    return client.post(CREATE, {"user": holder.pk, "name": name, "days": days, "unit": unit_code, "nonce": nonce})


@pytest.fixture
def other_province_staff(db):
    elsewhere = UnitFactory(code="98", name="Tỉnh khác", level=UnitLevel.PROVINCE)
    return user_with_role(Role.PROVINCIAL_STAFF, unit=elsewhere, username="tinh.khac", full_name="Cán bộ tỉnh khác")


@pytest.fixture
def frozen(monkeypatch):
    """The clock, stopped at one instant and moved by hand (no sleeping)."""

    class Clock:
        now = timezone.now().replace(microsecond=0)

        def move(self, **delta):
            self.now += timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


# --- The pages ---------------------------------------------------------------------------------------


def test_staff_give_an_office_a_key_shown_once_that_works_at_once(client, bac_ninh_2020):
    staff, office = bac_ninh_2020["tinh.bacninh"], bac_ninh_2020["xa.yenphong"]
    client.force_login(staff)

    response = give(client, office, name="Một cửa xã Yên Phong")

    key = response.context["key"]
    content = response.content.decode()
    assert (response.status_code, response["Cache-Control"]) == (200, "no-store")
    assert f'value="{key}"' in content
    assert f'curl -H "Authorization: Token {key}" "http://testserver/api/v1/stats/summary/?year=' in content
    answer = call_api(key)
    assert (answer.status_code, answer.json()["unit"]["code"]) == (200, "09193")
    token = ApiToken.objects.get(name="Một cửa xã Yên Phong")
    assert (token.user, token.created_by, token.prefix, token.key_hash) == (
        office, staff, key[:8], hashlib.sha256(key.encode()).hexdigest())
    assert not any(key in str(value) for value in ApiToken.objects.filter(pk=token.pk).values().get().values())


def test_the_list_shows_the_prefix_never_the_key(client, bac_ninh_2020):
    client.force_login(bac_ninh_2020["tinh.bacninh"])
    key = give(client, bac_ninh_2020["xa.yenphong"], name="Một cửa xã Yên Phong").context["key"]

    content = client.get(LIST).content.decode()

    assert f'data-testid="token-prefix">{key[:8]}…<' in content
    assert key not in content
    assert "Một cửa xã Yên Phong" in content
    assert "Cán bộ Phòng Kinh tế xã Yên Phong" in content


def test_the_list_marks_expired_and_revoked_tokens(client, bac_ninh_2020):
    office = bac_ninh_2020["xa.yenphong"]
    api_token_create(user=office, name="Hết hạn", days=1, now=timezone.now() - timedelta(days=2))
    revoked, _key = api_token_create(user=office, name="Thu hồi")
    api_token_revoke(token=revoked, actor=bac_ninh_2020["tinh.bacninh"])
    client.force_login(bac_ninh_2020["tinh.bacninh"])

    response = client.get(LIST)

    content = response.content.decode()
    assert (content.count('data-testid="token-expired"'), content.count('data-testid="token-revoked"')) == (1, 1)
    assert content.count('data-testid="token-revoke"') == 1  # the expired one may still be revoked; the revoked not


def test_an_empty_list_says_so(client, bac_ninh_2020):
    client.force_login(bac_ninh_2020["tinh.bacninh"])

    content = client.get(LIST).content.decode()

    assert "Chưa cấp khóa API nào cho tài khoản của tỉnh." in content
    assert f'href="{CREATE}"' in content


@pytest.mark.parametrize("tokens", [1, 3])
def test_the_list_costs_a_fixed_number_of_queries(client, django_assert_num_queries, tokens):
    province = UnitFactory()
    commune = UnitFactory(level=UnitLevel.COMMUNE, parent=province)
    staff = user_with_role(Role.PROVINCIAL_STAFF, unit=province)
    for n in range(tokens):
        office = user_with_role(Role.LOCAL_OFFICER, unit=commune)
        token, _key = api_token_create(user=office, name=f"Khóa {n}", unit=commune, actor=staff)
        api_token_revoke(token=token, actor=staff)
    client.force_login(staff)

    # session, user, role assignments, units replaced, count, page, memberships, seats
    with django_assert_num_queries(8):
        response = client.get(LIST)

    assert len(response.context["page"].object_list) == tokens


def test_another_provinces_staff_cannot_give_a_bac_ninh_office_a_token(client, bac_ninh_2020, other_province_staff):
    client.force_login(other_province_staff)
    before = ApiToken.objects.count()

    response = give(client, bac_ninh_2020["xa.yenphong"])

    assert response.status_code == 400
    assert 'data-testid="error-user">Hãy chọn một tài khoản trong danh sách.<' in response.content.decode()
    assert bac_ninh_2020["xa.yenphong"].username not in response.content.decode()  # not offered in the select
    assert ApiToken.objects.count() == before


def test_another_provinces_staff_cannot_revoke_a_bac_ninh_token(client, bac_ninh_2020, other_province_staff, api_token):
    key = api_token(bac_ninh_2020["xa.yenphong"])
    token = ApiToken.objects.get(prefix=key[:8])
    client.force_login(other_province_staff)
    url = reverse("api-token-revoke", args=[token.pk])

    statuses = (client.get(url).status_code, client.post(url).status_code)

    assert statuses == (404, 404)
    assert call_api(key).status_code == 200


def test_revoking_asks_first_and_then_the_key_is_refused_at_once(client, bac_ninh_2020, api_token):
    key = api_token(bac_ninh_2020["xa.yenphong"], name="Một cửa")
    token = ApiToken.objects.get(prefix=key[:8])
    url = reverse("api-token-revoke", args=[token.pk])
    client.force_login(bac_ninh_2020["tinh.bacninh"])

    confirmation = client.get(url)

    assert 'data-testid="revoke-confirm"' in confirmation.content.decode()
    assert (ApiToken.objects.get(pk=token.pk).revoked_at, call_api(key).status_code) == (None, 200)

    response = client.post(url, follow=True)

    assert response.redirect_chain == [(LIST, 302)]
    assert "Đã thu hồi khóa “Một cửa”" in response.content.decode()
    refused = call_api(key)
    assert (refused.status_code, refused.json()["error"]["message"]) == (401, "Khóa API không hợp lệ hoặc đã bị thu hồi.")
    assert ApiToken.objects.get(pk=token.pk).revoked_by == bac_ninh_2020["tinh.bacninh"]


def test_a_double_submit_gives_one_token(client, bac_ninh_2020):
    client.force_login(bac_ninh_2020["tinh.bacninh"])
    nonce = open_form(client)
    before = ApiToken.objects.count()

    first = give(client, bac_ninh_2020["xa.yenphong"], nonce=nonce)
    second = give(client, bac_ninh_2020["xa.yenphong"], nonce=nonce)

    assert ApiToken.objects.count() == before + 1
    assert (first.status_code, second.status_code) == (200, 409)
    content = second.content.decode()
    assert f"({first.context['key'][:8]}…) đã được cấp; không cấp thêm khóa nào." in content
    assert first.context["key"] not in content


def test_a_form_without_a_nonce_of_this_session_gives_no_token(client, bac_ninh_2020):
    client.force_login(bac_ninh_2020["tinh.bacninh"])
    before = ApiToken.objects.count()

    response = give(client, bac_ninh_2020["xa.yenphong"], nonce="khong-phai-cua-phien-nay")

    assert (response.status_code, ApiToken.objects.count()) == (409, before)
    assert "Biểu mẫu này đã được gửi hoặc đã cũ" in response.content.decode()


def test_the_services_refusals_show_next_to_their_fields_and_the_form_may_be_sent_again(client, bac_ninh_2020):
    client.force_login(bac_ninh_2020["tinh.bacninh"])
    nonce = open_form(client)

    refused = give(client, bac_ninh_2020["xa.yenphong"], nonce=nonce, name=" ", days=0, unit_code="09454")

    content = refused.content.decode()
    assert refused.status_code == 400
    assert 'data-testid="error-name">Hãy đặt tên cho khóa (ví dụ: phần mềm một cửa của xã).<' in content
    assert 'data-testid="error-days">Thời hạn từ 1 đến 730 ngày.<' in content
    assert 'data-testid="error-unit">Địa bàn giới hạn phải nằm trong địa bàn người dùng phụ trách.<' in content

    unknown = give(client, bac_ninh_2020["xa.yenphong"], nonce=nonce, unit_code="00000")

    assert 'data-testid="error-unit">Không có đơn vị hành chính mã 00000.<' in unknown.content.decode()

    corrected = give(client, bac_ninh_2020["xa.yenphong"], nonce=nonce, unit_code="09193")

    assert (corrected.status_code, corrected.context["token"].unit) == (200, unit("09193"))


def test_a_unit_code_shared_by_an_old_and_a_new_commune_means_the_one_the_account_covers(client, bac_ninh_2020):
    client.force_login(bac_ninh_2020["tinh.bacninh"])

    response = give(client, bac_ninh_2020["huyen.tuson"], unit_code="09370")  # Phường Tam Sơn, 2020 and today

    limit = response.context["token"].unit
    assert (limit.code, limit.valid_until is not None) == ("09370", True)  # the old one, inside the old Từ Sơn


@pytest.mark.parametrize("route", ["api-tokens", "api-token-create"])
def test_an_office_may_not_open_the_token_pages(client, bac_ninh_2020, route):
    client.force_login(bac_ninh_2020["huyen.tuson"])

    response = client.get(reverse(route))

    assert (response.status_code, "Không có quyền truy cập" in response.content.decode()) == (403, True)


# --- The authentication ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("offset", "status"), [(timedelta(seconds=1), 200), (timedelta(0), 401), (timedelta(seconds=-1), 401)],
                         ids=["a second before", "at expiry", "a second after"])
def test_a_key_stops_when_it_expires(bac_ninh_2020, frozen, offset, status):
    # made 30 days ago for 30 days, ± the offset: it expires at `frozen.now + offset`
    _token, key = api_token_create(user=bac_ninh_2020["xa.yenphong"], name="test", days=30,
                                   now=frozen.now - timedelta(days=30) + offset)

    response = call_api(key)

    assert response.status_code == status
    if status == 401:
        assert response.json()["error"] == {"code": "authentication_failed",
                                            "message": "Khóa API đã hết hạn: hãy xin tỉnh cấp khóa mới.",
                                            "details": {"detail": "Khóa API đã hết hạn: hãy xin tỉnh cấp khóa mới."}}


def test_a_disabled_account_s_key_is_refused_at_once(bac_ninh_2020, api_token):
    office = bac_ninh_2020["xa.yenphong"]
    key = api_token(office)
    assert call_api(key).status_code == 200

    User.objects.filter(pk=office.pk).update(is_active=False)

    response = call_api(key)
    assert (response.status_code, response.json()["error"]["message"]) == (401, "Tài khoản của khóa API này đã bị khóa.")


@pytest.mark.parametrize(("header", "message"), [
    ("Token khong-co-khoa-nay", "Khóa API không hợp lệ hoặc đã bị thu hồi."),
    ("Token", "Tiêu đề Authorization phải có dạng “Token <khóa>”."),
    ("Token hai phan", "Tiêu đề Authorization phải có dạng “Token <khóa>”."),
], ids=["unknown key", "no key", "key with a space"])
def test_unknown_and_malformed_keys_are_refused(bac_ninh_2020, header, message):
    response = Client().get(STATS, {"year": 2020}, HTTP_AUTHORIZATION=header)

    assert (response.status_code, response.json()["error"]["message"]) == (401, message)
    assert response["WWW-Authenticate"] == "Token"


def test_the_last_use_is_recorded_at_most_once_a_minute(bac_ninh_2020, frozen, api_token):
    key = api_token(bac_ninh_2020["xa.yenphong"])
    token = ApiToken.objects.get(prefix=key[:8])
    first_use = frozen.now

    call_api(key)
    frozen.move(seconds=59)
    call_api(key)

    token.refresh_from_db()
    assert token.last_used_at == first_use

    frozen.move(seconds=1)
    call_api(key)

    token.refresh_from_db()
    assert token.last_used_at == first_use + timedelta(minutes=1)


def test_the_bearer_keyword_works_too(bac_ninh_2020, api_token):
    key = api_token(bac_ninh_2020["xa.yenphong"])

    response = call_api(key, keyword="Bearer")

    assert (response.status_code, response.json()["unit"]["code"]) == (200, "09193")


# --- Scope --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "status"), [("09193", 200), ("09454", 404), ("24", 404)],
                         ids=["its commune", "another commune", "the province"])
def test_a_staff_key_limited_to_one_commune_sees_that_commune_only(bac_ninh_2020, api_token, code, status):
    key = api_token(bac_ninh_2020["tinh.bacninh"], unit=unit("09193"))

    response = call_api(key, year=2026, unit=code)

    assert response.status_code == status
    if status == 200:
        assert response.json()["unit"] == {"code": "09193", "name": "Xã Yên Phong", "level": "commune"}
    else:
        assert response.json()["error"]["code"] == "not_found"


def test_the_same_staff_account_without_a_limit_sees_the_province(bac_ninh_2020, api_token):
    key = api_token(bac_ninh_2020["tinh.bacninh"])

    response = call_api(key, year=2026, unit="24")

    assert (response.status_code, response.json()["unit"]["code"]) == (200, "24")


@pytest.mark.parametrize(("code", "status"), [("261", 200), ("09370", 200), ("258", 404), ("27", 404)],
                         ids=["its district", "a commune of it", "another district", "the old province"])
def test_an_office_key_sees_its_subtree_only(bac_ninh_2020, api_token, code, status):
    key = api_token(bac_ninh_2020["huyen.tuson"])

    response = call_api(key, year=2020, unit=code)

    assert response.status_code == status


def test_an_office_key_reads_only_its_territory_s_certificates(bac_ninh_2020, api_token):
    tuson, giabinh = api_token(bac_ninh_2020["huyen.tuson"]), api_token(bac_ninh_2020["xa.giabinh"])

    seen = {who: call_api(key, url=reverse("api:certificate-list"), year=2020).json()["count"]
            for who, key in (("tuson", tuson), ("giabinh", giabinh))}

    assert seen["tuson"] > 0
    assert seen["giabinh"] == 0  # today's Gia Bình commune holds no 2020 Từ Sơn certificate


# --- Throttling ------------------------------------------------------------------------------------------------


def test_the_fourth_request_in_a_minute_is_refused_for_that_key_only(bac_ninh_2020, api_token, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/minute"})
    busy, quiet = api_token(bac_ninh_2020["xa.yenphong"]), api_token(bac_ninh_2020["xa.yenphong"], name="khác")

    statuses = [call_api(busy).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    refused = call_api(busy)
    assert refused.json()["error"]["code"] == "throttled"
    assert set(refused.json()["error"]) == {"code", "message", "details"}
    assert call_api(quiet).status_code == 200


# --- The commands ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [("api_token_create", "tinh.bacninh", "--days", "30"), ("drf_create_token", "tinh.bacninh")],
                         ids=["api_token_create", "drf_create_token"])
def test_the_commands_print_a_key_that_works(bac_ninh_2020, run_command, args):
    out = run_command(*args)

    found = re.match(r"Generated token (\S+) for user tinh\.bacninh\n", out)
    assert found is not None, out
    key = found.group(1)
    assert call_api(key).status_code == 200
    token = ApiToken.objects.get(prefix=key[:8])
    days = 30 if "--days" in args else 365
    assert (token.expires_at - token.created_at).days in (days - 1, days)


def test_the_command_refuses_an_unknown_user(bac_ninh_2020, run_command):
    with pytest.raises(CommandError, match="no user 'khong.co.ai'"):
        run_command("api_token_create", "khong.co.ai")


def test_the_command_refuses_an_account_without_a_territory(bac_ninh_2020, run_command):
    assert not RoleAssignment.objects.filter(user=bac_ninh_2020["uyvien.hoidong"]).exists()

    with pytest.raises(CommandError, match="Chỉ cấp khóa API cho cán bộ có địa bàn phụ trách"):
        run_command("api_token_create", "uyvien.hoidong")
