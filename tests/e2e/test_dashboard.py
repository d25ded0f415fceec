"""Provincial staff read the 2020 overview in the browser: the seed's sentence, four charts drawn by
the portal's own Chart.js with the numbers in tables beside them, axe-clean, fitting a 390 px
phone; a number opens the list behind it, which the officer narrows and sorts."""

import pytest
from playwright.sync_api import expect

from evaluations.models import Scorecard

from .test_intake import log_in
from .test_layout import DESKTOP, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
SEED_SENTENCE = ("16 chủ thể: 7 doanh nghiệp, 6 hợp tác xã, 3 hộ sản xuất kinh doanh; 36 sản phẩm đăng ký, "
                 "33 đủ điều kiện; 3 sản phẩm 3★, 30 sản phẩm 4★; khen thưởng đã chi 960.000.000 ₫.")


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


def fits(page, width):
    return page.evaluate("document.documentElement.scrollWidth") <= width


def charts_drawn(page):
    """Names of the canvases Chart.js has drawn on (the vendored library, served by the app)."""
    return sorted(page.evaluate("Object.values(window.Chart ? Chart.instances : {}).map(c => c.canvas.dataset.chart)"))


def test_the_overview_reads_the_seed_and_opens_the_list_behind_a_number(live_server, page, demo, artifacts):
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "tinh.bacninh", "/dashboard/?year=2020")
    page.wait_for_function("window.Chart && Object.keys(Chart.instances).length === 4")
    page.screenshot(path=artifacts / "dashboard-2020-1280.png", full_page=True)
    desktop = (serious_violations(page), charts_drawn(page))
    page.set_viewport_size(PHONE)
    page.screenshot(path=artifacts / "dashboard-2020-390.png", full_page=True)
    phone = (serious_violations(page), fits(page, PHONE["width"]))

    expect(page.get_by_test_id("headline")).to_have_text(SEED_SENTENCE)
    expect(page.get_by_test_id("table-rewards")).to_contain_text("960.000.000 ₫")
    assert desktop == ([], ["rewards", "sectors", "stars", "units"])
    assert phone == ([], True)

    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="3 sản phẩm 3★").click()
    page.wait_for_url("**/dashboard/applications/?year=2020&star=3")
    expect(page.get_by_test_id("list-count")).to_have_text("3")
    page.get_by_label("Sắp xếp").select_option(label="Ngày nộp")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**o=submitted**")
    rows = page.get_by_test_id("list-row").get_by_role("link").all_inner_texts()
    page.screenshot(path=artifacts / "dashboard-3-stars-1280.png", full_page=True)
    list_desktop = serious_violations(page)
    page.set_viewport_size(PHONE)
    page.screenshot(path=artifacts / "dashboard-3-stars-390.png", full_page=True)

    assert rows == ["Bánh khúc Văn Môn", "Giò chả Trí Quả", "Bánh tẻ làng Chờ"]  # by filing date
    assert (list_desktop, serious_violations(page), fits(page, PHONE["width"])) == ([], [], True)
    xlsx = page.get_by_test_id("export-xlsx").get_attribute("href")
    assert xlsx == "/dashboard/applications/export.xlsx?year=2020&star=3&o=submitted"


def test_a_local_officer_reads_their_unit_only(live_server, page, demo, artifacts):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "huyen.tuson", "/dashboard/?year=2020")
    page.screenshot(path=artifacts / "dashboard-tu-son-390.png", full_page=True)

    expect(page.get_by_test_id("scope")).to_have_text("Thị xã Từ Sơn · năm 2020")
    expect(page.get_by_test_id("products-registered")).to_have_text("6")
    expect(page.get_by_role("link", name="Phân tích chấm điểm")).to_have_count(0)
    assert (serious_violations(page), fits(page, PHONE["width"])) == ([], True)
