"""A council member scores a product of the demo's 2026 session in the browser, by keyboard; the
chair closes the session and reads the stars with their explanations."""

import random

import pytest
from playwright.sync_api import expect

from evaluations import services as ev
from evaluations.models import CouncilSession, Result, Scorecard
from evaluations.sheet_definitions import sheet_definition

from .test_layout import DESKTOP, serious_violations, tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TABLET = {"width": 800, "height": 1280}
PHONE = {"width": 375, "height": 812}
DEMO_PASSWORD = "ocop-demo-2020"


@pytest.fixture
def demo(live_server):
    from evaluations.catalogue_services import catalogue_load
    from ocop_portal import demo

    catalogue_load()
    users, _created = demo.seed_demo()
    session = CouncilSession.objects.get(round__year=2026, status="open")  # the demo's chair has opened it
    yield users, session
    # The test database is flushed row by row on SQLite, and the triggers refuse to delete the
    # choices of a submitted sheet: reopen them first (the evidence rule, not the test, is right).
    Scorecard.objects.filter(status="submitted").update(status="reopened")


def log_in(page, live_server, username, next_url="/"):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_label("Mật khẩu").press("Enter")
    page.wait_for_url(f"{live_server.url}{next_url}")


def smallest_product(session):
    return min(session.applications.select_related("product", "sheet"), key=lambda a: a.sheet.criteria.count())


def answer_by_keyboard(page, form_ids):
    """For each criterion form: Tab to its radio group, Space picks the first option, then arrow
    down to the best one; wait for “Đã lưu” before going on."""
    for form_id in form_ids:
        tab_to(page, f"el.type === 'radio' && el.closest('form').id === '{form_id}'", limit=60)
        points = page.locator(f"#{form_id} .option__points").all_inner_texts()
        best = max(range(len(points)), key=lambda i: int(points[i].split()[0]))
        page.keyboard.press("Space")
        for _ in range(best):
            page.keyboard.press("ArrowDown")
        expect(page.locator(f"#{form_id} .save-state--saved")).to_be_visible()
        expect(page.locator(f"#{form_id} input[type=radio]").nth(best)).to_be_checked()


def test_a_member_scores_a_whole_product_by_keyboard_reloads_midway_and_submits(live_server, page, demo, artifacts):
    users, session = demo
    application = smallest_product(session)
    url = f"/council/sessions/{session.pk}/products/{application.pk}/"
    page.set_viewport_size(TABLET)
    log_in(page, live_server, "uyvien2.hoidong", url)
    forms = page.locator("form.criterion").evaluate_all("forms => forms.map(f => f.id)")
    half = len(forms) // 2

    answer_by_keyboard(page, forms[:half])
    page.reload()
    checked_after_reload = page.locator("form.criterion input[type=radio]:checked").count()
    page.screenshot(path=artifacts / "scorecard-800.png", full_page=False)
    axe_member_page = serious_violations(page)
    page.locator("a.skip-link").focus()
    answer_by_keyboard(page, forms[half:])
    page.set_viewport_size(PHONE)
    page.screenshot(path=artifacts / "scorecard-375.png", full_page=False)
    tab_to(page, "el.dataset.testid === 'submit-link'", limit=200)
    page.keyboard.press("Enter")
    page.wait_for_url("**/submit/")
    tab_to(page, "el.dataset.testid === 'confirm-submit'", limit=40)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}{url}")

    card = Scorecard.objects.get(application=application, member__user=users["uyvien2.hoidong"])
    assert checked_after_reload == half
    assert axe_member_page == []
    assert card.status == "submitted"
    expect(page.get_by_test_id("receipt")).to_contain_text(card.receipt)
    expect(page.locator("form.criterion fieldset[disabled]")).to_have_count(len(forms))


def test_a_dropped_connection_shows_not_saved_and_the_retry_saves(live_server, page, context, demo):
    users, session = demo
    application = smallest_product(session)
    url = f"/council/sessions/{session.pk}/products/{application.pk}/"
    log_in(page, live_server, "uyvien3.hoidong", url)
    first = page.locator("form.criterion").first

    context.set_offline(True)
    first.locator("input[type=radio]").first.check()
    expect(first.locator(".save-state--error")).to_contain_text("Chưa lưu được")
    context.set_offline(False)
    first.get_by_role("button", name="Thử lại").click()

    expect(first.locator(".save-state--saved")).to_be_visible()
    assert Scorecard.objects.get(application=application, member__user=users["uyvien3.hoidong"]).choices.count() == 1


def test_the_chair_deals_with_a_spread_flag_closes_the_session_and_sees_stars_with_explanations(live_server, page, demo, artifacts):
    from ocop_portal.demo import _choices_for_total

    users, session = demo
    rng = random.Random(3)
    applications = list(session.applications.select_related("sheet", "product").order_by("product__name"))
    flagged = applications[0]
    for application in applications:
        sheet = sheet_definition(application.sheet)
        for i, member in enumerate(session.council.members.filter(voting=True).order_by("pk")):
            target = 60 if (application == flagged and i == 0) else 78
            card = ev.scorecard_choose(session=session, application=application, member=member,
                                       choices=_choices_for_total(sheet, target, rng), actor=member.user)
            ev.scorecard_submit(scorecard=card, actor=member.user)
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "chutich.hoidong", f"/council/sessions/{session.pk}/board/")
    page.screenshot(path=artifacts / "board-1280.png", full_page=True)
    axe_board = serious_violations(page)
    expect(page.get_by_test_id("close-problems")).to_contain_text(f"“{flagged.product.name}”: chênh lệch 18 điểm vượt ngưỡng 10")

    row = page.get_by_role("row").filter(has_text=flagged.product.name)
    row.get_by_text("Xử lý").click()
    row.get_by_label("Lý do giữ nguyên điểm").fill("Hội đồng đã thảo luận; thành viên giữ nhận xét về bao bì")
    row.get_by_role("button", name="Giữ nguyên điểm").click()
    expect(page.get_by_test_id("close-problems")).to_have_count(0)
    page.get_by_test_id("close-link").click()
    page.get_by_test_id("confirm-close").click()
    page.wait_for_url(f"{live_server.url}/council/sessions/{session.pk}/results/")
    page.screenshot(path=artifacts / "results-1280.png", full_page=True)

    assert axe_board == []
    stars = page.get_by_test_id("star").all_inner_texts()
    expected = [f"{r.star}★" if r.star else "Không đạt"
                for r in Result.objects.filter(session=session).order_by("application__product__name")]
    assert stars == expected and len(stars) == 3
    expect(page.get_by_test_id("results")).to_contain_text("Điểm sản phẩm là trung bình tổng điểm của 7 thành viên")
    expect(page.get_by_test_id("results")).to_contain_text("Chênh lệch giữa tổng điểm cao nhất và thấp nhất là 18 điểm")
    expect(page.get_by_test_id("results")).to_contain_text(
        "Chủ tịch quyết định giữ nguyên điểm: Hội đồng đã thảo luận; thành viên giữ nhận xét về bao bì")
