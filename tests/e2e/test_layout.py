import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MOBILE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def serious_violations(page):
    results = Axe().run(page)
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def nav_texts(page):
    return page.get_by_test_id("main-nav").get_by_role("link").all_inner_texts()


def tab_to(page, predicate_js, limit=25):
    """Press Tab until the focused element satisfies `predicate_js` (a JS expression over `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({predicate_js}); }})()"):
            return
    raise AssertionError(f"never reached focus on {predicate_js!r}")


def log_in_by_keyboard(page, live_server, username):
    page.goto(live_server.url)
    tab_to(page, "el.tagName === 'A' && el.getAttribute('href').startsWith('/accounts/login/')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/**")
    tab_to(page, "el.id === 'id_username'")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def test_home_page_passes_axe_at_both_widths(live_server, page, artifacts):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url)
    page.screenshot(path=artifacts / "home-anonymous-1280.png", full_page=True)
    desktop = serious_violations(page)
    page.set_viewport_size(MOBILE)
    page.screenshot(path=artifacts / "home-anonymous-375.png", full_page=True)

    mobile = serious_violations(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Cổng đánh giá, phân hạng sản phẩm OCOP")
    assert (desktop, mobile) == ([], [])


def test_login_page_passes_axe_and_shows_vietnamese_errors(live_server, page, artifacts, producer):
    page.goto(f"{live_server.url}/accounts/login/")
    clean = serious_violations(page)
    page.get_by_label("Tên đăng nhập").fill("chuthe")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    page.screenshot(path=artifacts / "login-error-1280.png", full_page=True)

    with_errors = serious_violations(page)

    expect(page.get_by_role("alert")).to_contain_text("Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác")
    assert (clean, with_errors) == ([], [])


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(live_server, page, artifacts):
    page.goto(live_server.url)

    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.textContent.trim()")
    page.screenshot(path=artifacts / "focus-skip-link-1280.png")
    page.keyboard.press("Enter")

    assert first == "Bỏ qua, đến nội dung chính"
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    ("persona", "expected_nav", "role_label"),
    [
        ("producer", ["Trang chủ", "Sản phẩm của tôi"], "Chủ thể sản xuất"),
        ("local_officer", ["Trang chủ", "Hồ sơ địa bàn", "Chủ thể chờ xác nhận", "Thống kê"], "Cán bộ cấp huyện/xã"),
        ("council_member", ["Trang chủ", "Phiên chấm điểm"], "Thành viên hội đồng"),
        ("provincial_staff", ["Trang chủ", "Đợt đánh giá", "Tiếp nhận hồ sơ", "Hội đồng", "Khen thưởng", "Thống kê", "Khóa API", "Quản trị"],
         "Cán bộ cấp tỉnh"),
    ],
)
def test_user_logs_in_by_keyboard_and_sees_their_roles_navigation(
    live_server, page, artifacts, planned_pages, request, persona, expected_nav, role_label
):
    user = request.getfixturevalue(persona)
    page.set_viewport_size(DESKTOP)

    log_in_by_keyboard(page, live_server, user.username)

    page.keyboard.press("Tab")  # focus the skip link, then show the focus ring on a nav link
    tab_to(page, "el.classList.contains('site-nav__link') && el.getAttribute('href') !== '/'")
    page.screenshot(path=artifacts / f"home-{persona}-1280.png", full_page=True)
    assert nav_texts(page) == expected_nav
    expect(page.get_by_test_id("user-role")).to_have_text(role_label)
    assert serious_violations(page) == []


def test_navigation_links_only_to_pages_that_exist(live_server, page, provincial_staff):
    log_in_by_keyboard(page, live_server, provincial_staff.username)

    hrefs = page.get_by_test_id("main-nav").get_by_role("link").evaluate_all("links => links.map(a => a.getAttribute('href'))")

    # Only built pages are linked (home, the rounds, the intake, rewards, the dashboard, the API tokens, the admin); nothing points to "#".
    assert hrefs == ["/", "/council/rounds/", "/council/intake/province/", "/rewards/", "/dashboard/", "/api-tokens/", "/admin/"]


def test_language_switch_to_english_and_back(live_server, page, artifacts, planned_pages, producer):
    log_in_by_keyboard(page, live_server, producer.username)

    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state()
    english = nav_texts(page)
    english_lang = page.evaluate("document.documentElement.lang")
    page.screenshot(path=artifacts / "home-producer-english-1280.png", full_page=True)
    page.get_by_test_id("lang-vi").click()
    page.wait_for_load_state()

    assert (english, english_lang) == (["Home", "My products"], "en")
    assert (nav_texts(page), page.evaluate("document.documentElement.lang")) == (["Trang chủ", "Sản phẩm của tôi"], "vi")


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/khong-co-trang-nay/"])
def test_mobile_viewport_has_no_horizontal_scroll(live_server, page, artifacts, path):
    page.set_viewport_size(MOBILE)

    page.goto(f"{live_server.url}{path}")

    name = path.strip("/").replace("/", "-") or "home"
    page.screenshot(path=artifacts / f"mobile-{name}-375.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]


def test_mobile_logged_in_header_fits(live_server, page, artifacts, planned_pages, provincial_staff):
    page.set_viewport_size(MOBILE)

    log_in_by_keyboard(page, live_server, provincial_staff.username)

    page.screenshot(path=artifacts / "home-provincial_staff-375.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    assert serious_violations(page) == []


def test_logout_returns_to_anonymous_home(live_server, page, producer):
    log_in_by_keyboard(page, live_server, producer.username)

    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(f"{live_server.url}/")

    expect(page.get_by_role("link", name="Đăng nhập").first).to_be_visible()
    expect(page.get_by_test_id("user-role")).to_have_count(0)
