"""The 2020 rewards in the browser, from the decision before payment: the department proposes the
batch, the committee approves it as its reward decision, finance pays it; each page passes axe
and fits a 390 px phone; the totals read 960.000.000 ₫."""

import pytest
from playwright.sync_api import expect

from evaluations.models import RecognitionDecision, Scorecard

from .test_intake import log_in
from .test_layout import DESKTOP, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(live_server):
    from evaluations.catalogue_services import catalogue_load
    from ocop_portal import demo

    catalogue_load()
    users, _created = demo.seed_demo(until_decision=True)
    yield users
    Scorecard.objects.filter(status="submitted").update(status="reopened")  # see tests/e2e/test_dashboard.py


def fits(page, width):
    return page.evaluate("document.documentElement.scrollWidth") <= width


def check(page, artifacts, name):
    """axe on the desktop and on a phone, and the page fits the phone."""
    page.set_viewport_size(DESKTOP)
    desktop = serious_violations(page)
    page.screenshot(path=artifacts / f"rewards-{name}-1280.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=artifacts / f"rewards-{name}-390.png", full_page=True)
    result = (desktop, serious_violations(page), fits(page, PHONE["width"]))
    page.set_viewport_size(DESKTOP)
    return result


def test_three_people_propose_approve_and_pay_the_2020_rewards(live_server, page, demo, artifacts, browser):
    decision = RecognitionDecision.objects.get(round__year=2020)
    log_in(page, live_server, "tinh.bacninh", "/rewards/")
    assert check(page, artifacts, "overview") == ([], [], True)
    page.goto(f"{live_server.url}/rewards/decisions/{decision.pk}/")
    assert check(page, artifacts, "decision") == ([], [], True)
    page.get_by_test_id("propose").click()
    page.wait_for_url("**/rewards/batches/*/")
    expect(page.get_by_test_id("waiting-approval")).to_contain_text("Bạn là người đề nghị")

    approver = browser.new_page()
    log_in(approver, live_server, "pheduyet", page.url.removeprefix(live_server.url))
    approver.get_by_label("Số quyết định khen thưởng").fill("1688/QĐ-UBND")
    approver.get_by_label("Ngày ký").fill("2020-11-20")
    approver.get_by_label("Người ký", exact=True).fill("Nguyễn Văn Thành")
    approver.get_by_label("Chức vụ người ký").fill("Phó Chủ tịch UBND tỉnh Bắc Ninh")
    assert check(approver, artifacts, "approve") == ([], [], True)
    approver.get_by_test_id("approve").click()
    expect(approver.get_by_test_id("reward-decision")).to_contain_text("Số 1688/QĐ-UBND ngày 20/11/2020")

    finance = browser.new_page()
    log_in(finance, live_server, "ketoan", page.url.removeprefix(live_server.url))
    for box in finance.get_by_test_id("pay-form").get_by_role("checkbox").all():
        box.check()
    finance.get_by_label("Ngày chi").fill("2020-12-15")
    finance.get_by_label("Số chứng từ").fill("UNC 001/KBBN-2020")
    assert check(finance, artifacts, "pay") == ([], [], True)
    finance.get_by_test_id("pay").click()

    expect(finance.get_by_test_id("batch-totals").get_by_test_id("paid")).to_have_text("960.000.000 ₫")
    expect(finance.get_by_test_id("batch-totals").get_by_test_id("unpaid")).to_have_text("0 ₫")
    assert check(finance, artifacts, "paid") == ([], [], True)
