"""The province's staff give a commune office an API token in the browser, see its key once,
and revoke it after a confirmation; each page passes axe and fits a 390 px phone."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from evaluations.models import Scorecard
from ocop_portal.core.models import ApiToken

from .test_intake import log_in
from .test_layout import DESKTOP, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(live_server):
    from evaluations.catalogue_services import catalogue_load
    from ocop_portal import demo

    catalogue_load()
    users, _created = demo.seed_demo()
    yield users
    Scorecard.objects.filter(status="submitted").update(status="reopened")  # see tests/e2e/test_dashboard.py


def fits(page, width):
    return page.evaluate("document.documentElement.scrollWidth") <= width


def check(page, artifacts, name):
    """axe on the desktop and on a phone, and the page fits the phone."""
    page.set_viewport_size(DESKTOP)
    desktop = serious_violations(page)
    page.screenshot(path=artifacts / f"api-tokens-{name}-1280.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=artifacts / f"api-tokens-{name}-390.png", full_page=True)
    result = (desktop, serious_violations(page), fits(page, PHONE["width"]))
    page.set_viewport_size(DESKTOP)
    return result


def stats_status(key):
    return Client().get("/api/v1/stats/summary/", {"year": 2020}, HTTP_AUTHORIZATION=f"Token {key}").status_code


def test_staff_give_a_commune_office_a_key_and_revoke_it(live_server, page, demo, artifacts):
    log_in(page, live_server, "tinh.bacninh", "/api-tokens/")
    expect(page.get_by_test_id("tokens-empty")).to_be_visible()
    assert check(page, artifacts, "empty") == ([], [], True)

    page.get_by_test_id("token-create").click()
    page.get_by_label("Tài khoản được cấp khóa").select_option(label="Cán bộ Phòng Kinh tế xã Yên Phong (xa.yenphong)")
    page.get_by_label("Tên hệ thống dùng khóa").fill("Phần mềm một cửa xã Yên Phong")
    page.get_by_label("Giới hạn trong địa bàn").fill("09193")
    assert check(page, artifacts, "form") == ([], [], True)
    page.get_by_test_id("token-submit").click()

    key = page.get_by_test_id("token-key").input_value()
    expect(page.get_by_test_id("token-curl")).to_contain_text(f'curl -H "Authorization: Token {key}"')
    assert check(page, artifacts, "created") == ([], [], True)
    assert stats_status(key) == 200

    page.get_by_test_id("back-to-list").click()
    row = page.get_by_test_id("token-row")
    expect(row).to_contain_text(f"{key[:8]}…")
    expect(row).to_contain_text("Xã Yên Phong (09193)")
    expect(page.get_by_test_id("tokens")).not_to_contain_text(key)
    assert check(page, artifacts, "list") == ([], [], True)

    row.get_by_test_id("token-revoke").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thu hồi khóa “Phần mềm một cửa xã Yên Phong”")
    assert check(page, artifacts, "revoke") == ([], [], True)
    assert stats_status(key) == 200  # nothing happens before the confirmation
    page.get_by_test_id("revoke-confirm").click()

    page.wait_for_url(f"{live_server.url}/api-tokens/")
    expect(page.get_by_role("listitem").filter(has_text="Đã thu hồi khóa")).to_be_visible()
    expect(page.get_by_test_id("token-revoked")).to_be_visible()
    assert check(page, artifacts, "revoked") == ([], [], True)
    assert stats_status(key) == 401
    assert ApiToken.objects.get(prefix=key[:8]).revoked_by.username == "tinh.bacninh"
