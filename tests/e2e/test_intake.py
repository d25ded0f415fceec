"""A commune officer works through the pre-check queue on a phone: the queue and a dossier's page
pass axe and fit 375 px; a return without a reason is refused, then sent with one."""

import pytest
from playwright.sync_api import expect

from evaluations.models import Application, Scorecard

from .test_layout import DESKTOP, MOBILE, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
DEMO_PASSWORD = "ocop-demo-2020"


@pytest.fixture
def demo(live_server):
    from evaluations.catalogue_services import catalogue_load
    from ocop_portal import demo

    catalogue_load()
    users, _created = demo.seed_demo()
    yield users
    # The test database is flushed row by row on SQLite, and the triggers refuse to delete the
    # choices of a submitted sheet: reopen them first.
    Scorecard.objects.filter(status="submitted").update(status="reopened")


def log_in(page, live_server, username, next_url):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_label("Mật khẩu").press("Enter")
    page.wait_for_url(f"{live_server.url}{next_url}")


def fits(page, width):
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_queue_passes_axe_and_fits_a_phone(live_server, page, demo, artifacts):
    page.set_viewport_size(MOBILE)
    log_in(page, live_server, "xa.yenphong", "/council/intake/queue/")
    page.screenshot(path=artifacts / "intake-queue-375.png", full_page=True)
    mobile = (serious_violations(page), fits(page, MOBILE["width"]))
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=artifacts / "intake-queue-1280.png", full_page=True)

    desktop = serious_violations(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ địa bàn")
    expect(page.get_by_test_id("waiting-row")).to_have_count(1)
    expect(page.get_by_test_id("waiting-row").get_by_role("link")).to_have_text("Giò bò Yên Phong")
    assert (mobile, desktop) == (([], True), [])


def test_an_officer_returns_a_dossier_from_a_phone(live_server, page, demo, artifacts):
    application = Application.objects.get(product__name="Giò bò Yên Phong")
    page.set_viewport_size(MOBILE)
    log_in(page, live_server, "xa.yenphong", "/council/intake/queue/")
    page.get_by_role("link", name="Giò bò Yên Phong").click()
    page.wait_for_url(f"**/council/intake/dossiers/{application.pk}/")
    page.screenshot(path=artifacts / "dossier-375.png", full_page=True)
    before = (serious_violations(page), fits(page, MOBILE["width"]))

    page.get_by_test_id("return").click()
    # on a phone the form is far below the top: the page comes back focused on the reason, in view
    expect(page.get_by_role("alert").filter(has_text="Cần ghi rõ lý do trả lại hồ sơ.")).to_be_in_viewport()
    expect(page.get_by_label("Lý do trả lại")).to_be_focused()
    page.screenshot(path=artifacts / "dossier-return-error-375.png", full_page=True)
    with_error = serious_violations(page)
    page.get_by_label("Lý do trả lại").fill("Thiếu phiếu kiểm nghiệm còn hiệu lực.")
    page.get_by_test_id("return").click()
    page.wait_for_url("**/council/intake/queue/")

    expect(page.get_by_text("Đã trả lại hồ sơ “Giò bò Yên Phong” cho chủ thể.")).to_be_visible()
    expect(page.get_by_test_id("waiting-row")).to_have_count(0)
    assert (before, with_error) == (([], True), [])
    application.refresh_from_db()
    assert (application.status, application.decision_reason) == ("returned", "Thiếu phiếu kiểm nghiệm còn hiệu lực.")


def test_the_province_screens_the_2020_round_on_a_phone(live_server, page, demo, artifacts):
    from evaluations.models import EvaluationRound

    url = f"/council/intake/province/?round={EvaluationRound.objects.get(year=2020).pk}"
    page.set_viewport_size(MOBILE)
    log_in(page, live_server, "tinh.bacninh", url)
    page.screenshot(path=artifacts / "intake-province-375.png", full_page=True)

    checks = (serious_violations(page), fits(page, MOBILE["width"]))

    expect(page.get_by_test_id("count-registered")).to_have_text("36")
    expect(page.get_by_test_id("count-eligible")).to_have_text("33")
    expect(page.get_by_test_id("count-ineligible")).to_have_text("3")
    expect(page.get_by_test_id("reason")).to_have_count(3)
    assert checks == ([], True)


def test_the_province_decides_a_forwarded_dossier_on_a_phone(live_server, page, demo, artifacts):
    page.set_viewport_size(MOBILE)
    log_in(page, live_server, "tinh.bacninh", "/council/intake/province/")
    page.get_by_test_id("dossier-row").first.get_by_role("link").click()  # forwarded dossiers come first
    page.wait_for_url("**/council/intake/dossiers/*/")
    page.screenshot(path=artifacts / "dossier-province-375.png", full_page=True)
    checks = (serious_violations(page), fits(page, MOBILE["width"]))

    page.get_by_label("Lý do không đủ điều kiện").fill("Sản phẩm chưa có tiêu chuẩn công bố áp dụng.")
    page.get_by_test_id("ineligible").click()
    page.wait_for_url("**/council/intake/province/?round=*")

    expect(page.get_by_test_id("count-ineligible")).to_have_text("1")
    expect(page.get_by_test_id("reason")).to_contain_text(["Sản phẩm chưa có tiêu chuẩn công bố áp dụng."])
    assert checks == ([], True)


def test_the_province_gives_a_day_off_in_its_calendar_on_a_phone(live_server, page, demo, artifacts):
    page.set_viewport_size(MOBILE)
    log_in(page, live_server, "tinh.bacninh", "/council/intake/calendar/")
    checks = (serious_violations(page), fits(page, MOBILE["width"]))

    page.get_by_label("Ngày", exact=True).fill("2026-12-31")
    page.get_by_label("Nghỉ bù: không tính là ngày làm việc").check()
    page.get_by_label("Ghi chú").fill("Nghỉ bù (minh họa)")
    page.get_by_test_id("save-day").click()
    page.wait_for_url("**/council/intake/calendar/")
    page.screenshot(path=artifacts / "intake-calendar-375.png", full_page=True)

    expect(page.get_by_test_id("overrides")).to_contain_text("31/12/2026")
    assert checks == ([], True)
