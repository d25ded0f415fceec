"""The producer's pages on a 390 px phone: no serious or critical axe violation, and nothing wider
than the screen (no sideways scrolling)."""

import pytest
from playwright.sync_api import expect

from evaluations.models import Application, Scorecard
from ocop_portal.core.models import User

from .test_intake import DEMO_PASSWORD, fits
from .test_layout import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(live_server):
    from evaluations.catalogue_services import catalogue_load
    from ocop_portal import demo

    catalogue_load()
    users, _created = demo.seed_demo()
    yield users
    Scorecard.objects.filter(status="submitted").update(status="reopened")  # see test_intake's demo


def log_in(page, live_server, username, next_url):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_label("Mật khẩu").press("Enter")
    page.wait_for_url(f"{live_server.url}{next_url}")


def checked(page, artifacts, name):
    page.screenshot(path=artifacts / f"producer-{name}-390.png", full_page=True)
    return serious_violations(page), fits(page, PHONE["width"])


def test_the_sign_up_page_passes_axe_and_fits_a_phone(live_server, page, artifacts):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/producers/signup/")
    clean = checked(page, artifacts, "signup")
    page.get_by_role("main").get_by_role("button", name="Đăng ký").click()  # empty: every field says what it needs
    expect(page.get_by_test_id("form-errors")).to_be_visible()

    with_errors = checked(page, artifacts, "signup-errors")

    assert (clean, with_errors) == (([], True), ([], True))


def test_the_producer_profile_form_passes_axe_and_fits_a_phone(live_server, page, demo, artifacts):
    User.objects.create_user("moi.dangky@example.vn", email="moi.dangky@example.vn", password=DEMO_PASSWORD,
                             full_name="Đỗ Thị Mới")
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "moi.dangky@example.vn", "/producers/new/")
    clean = checked(page, artifacts, "create")
    page.get_by_test_id("save").click()  # empty: the errors are listed at the top and on each field
    expect(page.get_by_test_id("form-errors")).to_be_visible()

    with_errors = checked(page, artifacts, "create-errors")

    assert (clean, with_errors) == (([], True), ([], True))


def test_the_producer_pages_pass_axe_and_fit_a_phone(live_server, page, demo, artifacts):
    draft = Application.objects.select_related("product__producer").get(product__name="Dưa lê Yên Phong")
    producer = draft.product.producer
    pages = {
        "register": "/dossiers/new/",
        "self-assessment": f"/dossiers/{draft.pk}/self-assessment/",
        "submit": f"/dossiers/{draft.pk}/submit/",
        "home": "/my/products/",
        "dossier-files": f"/files/dossiers/{draft.pk}/",
        "documents": f"/files/producers/{producer.pk}/documents/",
        "producer": f"/producers/{producer.pk}/",
    }
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "chuthe.yenphong", "/my/products/")

    results = {}
    for name, path in pages.items():
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        results[name] = checked(page, artifacts, name)

    assert results == dict.fromkeys(pages, ([], True))
