"""The producer's whole path on a phone (390 × 844), each actor in a browser of their own: a new
household producer signs up, opens the link of the verification email, creates its profile; the
commune officer confirms it; the producer registers a new product (Mẫu 01), fills in the
self-assessment (Mẫu 02) with a file of evidence, and submits; the officer returns the dossier with
a reason; the producer reads it, changes an answer and submits again; the officer fills in Mẫu 03
and forwards; the province finds the dossier eligible. Then: bad files are refused in the evidence
block with a message that says what to do, and nothing is stored."""

import re
from collections import Counter
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from evaluations.models import Application, DossierVersion, EvidenceFile, Scorecard
from producers.models import Producer

from .test_intake import DEMO_PASSWORD, fits

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
EMAIL = "nguyenvanan.yenphong@example.vn"
PASSWORD = "Banh-chung-Yen-Phong-2026"
PRODUCER = "Hộ kinh doanh Nguyễn Văn An"
PRODUCT = "Bánh chưng Yên Phong"
RECEIPT = re.compile(r"\d{3}-01/PĐK-24-09193-2026")
REASON = "Thiếu phiếu kết quả kiểm nghiệm chỉ tiêu an toàn thực phẩm còn hiệu lực."


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


@pytest.fixture
def phone(browser):
    """A new phone browser for each actor (no cookie shared); all closed at the end."""
    contexts = []

    def open_one():
        context = browser.new_context(locale="vi-VN", viewport=PHONE)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_one
    for context in contexts:
        context.close()


def log_in(page, live_server, username, next_url):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_label("Mật khẩu").press("Enter")
    page.wait_for_url(f"{live_server.url}{next_url}")


def pdf_bytes(*, javascript=None, padding=0):
    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    if javascript:
        writer.add_open_action(JavaScript(javascript))  # what add_js did before pypdf 7
    if padding:
        writer.add_metadata({"/Subject": "x" * padding})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes():
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "PNG")
    return out.getvalue()


def saving(page, url_part):
    """Wait for the htmx save the next action starts."""
    return page.expect_response(lambda response: url_part in response.url and response.request.method == "POST")


def answer(page, criterion, which):
    """Choose the first or last option of a criterion and wait until the page says it is saved."""
    code = criterion.get_attribute("data-testid").removeprefix("criterion-")
    radio = criterion.locator("input[type=radio]")
    with saving(page, "/self-assessment/answer/"):
        (radio.first if which == "first" else radio.last).check()
    expect(page.get_by_test_id(f"status-{code}")).to_contain_text("Đã lưu")


def test_a_new_household_producer_goes_from_sign_up_to_an_eligible_dossier_on_a_phone(
        live_server, phone, demo, artifacts, mailoutbox):
    url = live_server.url

    # --- sign-up, the verification email, the profile -------------------------------------------
    producer_page = phone()
    producer_page.goto(f"{url}/producers/signup/")
    producer_page.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    producer_page.get_by_label("Email", exact=True).fill(EMAIL)
    producer_page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    producer_page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    producer_page.screenshot(path=artifacts / "path-01-signup-390.png", full_page=True)
    producer_page.get_by_role("main").get_by_role("button", name="Đăng ký").click()
    producer_page.wait_for_url("**/producers/signup/check-email/")
    expect(producer_page.get_by_role("main")).to_contain_text(EMAIL)

    [verification] = [m for m in mailoutbox if m.to == [EMAIL]]
    assert verification.subject == "[OCOP] Xác nhận email để kích hoạt tài khoản"
    link = re.search(r"https?://\S+(/producers/verify/\S+/)", verification.body).group(1)
    producer_page.goto(url + link)
    producer_page.wait_for_url(f"{url}/producers/new/")
    expect(producer_page.get_by_text("Đã kích hoạt tài khoản.")).to_be_visible()

    producer_page.get_by_label("Hộ sản xuất kinh doanh").check()
    producer_page.get_by_label("Tên chủ thể").fill(PRODUCER)
    producer_page.get_by_label("Số đăng ký kinh doanh / mã số thuế").fill("21a8009999")
    with producer_page.expect_response(lambda r: "/producers/communes/" in r.url):
        producer_page.get_by_label("Tỉnh/thành phố").select_option(label="Tỉnh Bắc Ninh")
    producer_page.get_by_label("Xã/phường").select_option(label="Xã Yên Phong")
    producer_page.get_by_label("Địa chỉ (thôn, xóm, số nhà)").fill("Thôn Trung Bạn, xã Yên Phong")
    producer_page.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    producer_page.get_by_label("Nam", exact=True).check()
    producer_page.get_by_label("Dân tộc").fill("Kinh")
    producer_page.screenshot(path=artifacts / "path-02-producer-form-390.png", full_page=True)
    producer_page.get_by_test_id("save").click()
    producer_page.wait_for_url("**/producers/*/")
    expect(producer_page.get_by_role("heading", level=1)).to_contain_text(PRODUCER)
    producer = Producer.objects.get(name=PRODUCER)
    assert (producer.kind, producer.registration_number, producer.unit.code, producer.confirmed_at) == (
        "household", "21A8009999", "09193", None)

    # --- the commune office confirms the producer ----------------------------------------------
    officer = phone()
    log_in(officer, live_server, "xa.yenphong", "/producers/pending/")
    officer.screenshot(path=artifacts / "path-03-pending-390.png", full_page=True)
    officer.get_by_role("link", name=PRODUCER).click()
    officer.get_by_test_id("confirm").click()
    officer.wait_for_url("**/producers/pending/")
    expect(officer.get_by_text(f"Đã xác nhận chủ thể “{PRODUCER}”")).to_be_visible()
    producer.refresh_from_db()
    assert producer.confirmed_by.username == "xa.yenphong"

    # --- registration (Mẫu 01) -----------------------------------------------------------------
    producer_page.goto(f"{url}/my/products/")
    producer_page.get_by_test_id("register-product").click()
    producer_page.wait_for_url("**/dossiers/new/**")
    producer_page.get_by_label("Tên sản phẩm mới").fill(PRODUCT)
    producer_page.get_by_test_id("set-search").fill("bánh chưng")
    expect(producer_page.get_by_test_id("set-6")).to_be_visible()
    expect(producer_page.get_by_test_id("set-1")).to_be_hidden()
    producer_page.get_by_test_id("set-6").get_by_role("radio").check()
    producer_page.locator("input[name=kind][value=first]").check()
    producer_page.get_by_label("5. Sản phẩm mẫu (số lượng)").fill("5")
    producer_page.screenshot(path=artifacts / "path-04-register-390.png", full_page=True)
    producer_page.get_by_test_id("create").click()
    producer_page.wait_for_url(re.compile(r".*/dossiers/\d+/$"))
    application = Application.objects.get(product__name=PRODUCT)
    assert (application.product.producer_id, application.product.product_set.number, application.kind,
            application.samples_count, application.status) == (producer.pk, 6, "first", 5, "draft")

    # --- self-assessment (Mẫu 02): general information, every criterion, one file ---------------
    producer_page.get_by_test_id("self-assessment-link").click()
    producer_page.wait_for_url(f"**/dossiers/{application.pk}/self-assessment/")
    total = producer_page.get_by_test_id("total")
    expect(total).to_have_text("0 / 100")
    for field, text in (("#id_product_spec", "Bánh chưng gói lá dong, 1 kg/chiếc; TCCS 01:2026/AN."),
                        ("#id_history", "Gia đình gói bánh chưng từ năm 1995; đăng ký hộ kinh doanh năm 2019.")):
        producer_page.locator(field).fill(text)
        with saving(producer_page, "/self-assessment/general/"):
            producer_page.locator(field).press("Tab")
    expect(producer_page.get_by_test_id("general-status-general")).to_contain_text("Đã lưu")

    criteria = producer_page.locator(".criterion")
    count = criteria.count()
    assert count == 32
    answer(producer_page, criteria.nth(0), "last")
    expect(total).to_have_text("3 / 100")  # the live total follows each save
    for i in range(1, count):
        answer(producer_page, criteria.nth(i), "last")
    expect(total).to_have_text("100 / 100")
    expect(producer_page.get_by_test_id("answered")).to_have_text(f"{count} / {count}")
    producer_page.screenshot(path=artifacts / "path-05-self-assessment-390.png")

    first = producer_page.get_by_test_id("criterion-1.1")
    first.locator("input[type=file]").set_input_files(
        {"name": "phieu-kiem-nghiem.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()})
    first.get_by_role("button", name="Tải lên").click()
    expect(first.get_by_test_id("evidence-notice")).to_have_text("Đã tải lên “phieu-kiem-nghiem.pdf”.")
    expect(first.get_by_test_id("evidence-files")).to_contain_text("phieu-kiem-nghiem.pdf")
    first.scroll_into_view_if_needed()
    producer_page.screenshot(path=artifacts / "path-06-evidence-390.png")

    producer_page.reload()
    expect(producer_page.locator(".criterion input[type=radio]:checked")).to_have_count(count)
    kept_last = producer_page.evaluate(
        "[...document.querySelectorAll('.criterion')].every(c => [...c.querySelectorAll('input[type=radio]')].pop().checked)")
    assert kept_last
    expect(producer_page.locator("#id_history")).to_have_value(re.compile("từ năm 1995"))
    expect(producer_page.get_by_test_id("criterion-1.1").get_by_test_id("evidence-files")).to_contain_text("phieu-kiem-nghiem.pdf")
    assert fits(producer_page, PHONE["width"])

    # --- submit -----------------------------------------------------------------------------------
    producer_page.get_by_test_id("submit-link").click()
    producer_page.wait_for_url(f"**/dossiers/{application.pk}/submit/")
    expect(producer_page.get_by_test_id("confirm")).to_be_visible()
    producer_page.screenshot(path=artifacts / "path-07-submit-390.png", full_page=True)
    producer_page.get_by_test_id("submit").click()
    producer_page.wait_for_url(f"**/dossiers/{application.pk}/")
    expect(producer_page.get_by_test_id("status")).to_have_text("Đã nộp")
    expect(producer_page.get_by_test_id("receipt")).to_contain_text(RECEIPT)
    producer_page.screenshot(path=artifacts / "path-08-submitted-390.png", full_page=True)
    application.refresh_from_db()
    receipt = application.receipt_number
    assert RECEIPT.fullmatch(receipt)

    # --- the commune office returns it with a reason --------------------------------------------
    officer.goto(f"{url}/council/intake/queue/")
    officer.get_by_role("link", name=PRODUCT).click()
    officer.wait_for_url(f"**/council/intake/dossiers/{application.pk}/")
    officer.get_by_label("Lý do trả lại").fill(REASON)
    officer.get_by_test_id("return").click()
    officer.wait_for_url("**/council/intake/queue/")
    expect(officer.get_by_text(f"Đã trả lại hồ sơ “{PRODUCT}” cho chủ thể.")).to_be_visible()

    # --- the producer reads the reason, changes an answer, submits again --------------------------
    producer_page.goto(f"{url}/my/products/")
    expect(producer_page.get_by_test_id("dossiers")).to_contain_text(REASON)
    producer_page.screenshot(path=artifacts / "path-09-returned-home-390.png", full_page=True)
    producer_page.get_by_role("link", name=PRODUCT).click()
    expect(producer_page.get_by_test_id("reason")).to_contain_text(REASON)
    producer_page.get_by_test_id("self-assessment-link").click()
    producer_page.wait_for_url(f"**/dossiers/{application.pk}/self-assessment/")
    answer(producer_page, producer_page.get_by_test_id("criterion-1.1"), "first")
    expect(total).to_have_text("98 / 100")
    producer_page.get_by_test_id("submit-link").click()
    producer_page.get_by_test_id("submit").click()
    producer_page.wait_for_url(f"**/dossiers/{application.pk}/")
    expect(producer_page.get_by_test_id("status")).to_have_text("Đã nộp")
    expect(producer_page.get_by_test_id("receipt")).to_contain_text(receipt)  # the same number as the first time

    # --- the commune office's Mẫu 03, then forward ------------------------------------------------
    officer.goto(f"{url}/council/intake/queue/")
    officer.get_by_role("link", name=PRODUCT).click()
    officer.wait_for_url(f"**/council/intake/dossiers/{application.pk}/")
    officer.get_by_label("Hồ sơ đầy đủ thành phần").check()
    officer.get_by_label("Số sản phẩm mẫu đã nhận").fill("5")
    officer.get_by_label("1. Về sử dụng nguyên liệu địa phương").fill("Gạo nếp cái hoa vàng, đỗ xanh mua của nông dân trong xã.")
    officer.get_by_label("2. Về sử dụng lao động địa phương").fill("6 lao động, đều là người trong thôn.")
    officer.get_by_label("3. Nguồn gốc ý tưởng sản phẩm").fill("Sản phẩm truyền thống của gia đình.")
    officer.get_by_label("4. Bản sắc, trí tuệ địa phương").fill("Cách gói bánh vuông bằng tay, luộc củi mười giờ.")
    officer.get_by_test_id("precheck-save").click()
    expect(officer.get_by_text("Đã lưu báo cáo sơ kiểm (Mẫu 03).")).to_be_visible()
    expect(officer.get_by_test_id("precheck-problems")).to_have_count(0)
    officer.screenshot(path=artifacts / "path-10-precheck-390.png", full_page=True)
    officer.get_by_test_id("forward").click()
    officer.wait_for_url("**/council/intake/queue/")
    expect(officer.get_by_text(f"Đã chuyển hồ sơ “{PRODUCT}” lên tỉnh.")).to_be_visible()

    # --- the province finds it eligible ------------------------------------------------------------
    province = phone()
    log_in(province, live_server, "tinh.bacninh", f"/council/intake/dossiers/{application.pk}/")
    province.screenshot(path=artifacts / "path-11-province-390.png", full_page=True)
    province.get_by_test_id("eligible").click()
    province.wait_for_url("**/council/intake/province/?round=*")
    expect(province.get_by_text(f"Hồ sơ “{PRODUCT}” đủ điều kiện.")).to_be_visible()

    application.refresh_from_db()
    assert (application.status, application.receipt_number) == ("eligible", receipt)
    assert DossierVersion.objects.filter(application=application).count() == 2
    subjects = Counter(m.subject for m in mailoutbox if m.to == [EMAIL])
    status = "[OCOP] Hồ sơ “Bánh chưng Yên Phong”: {}".format
    assert subjects == {
        "[OCOP] Xác nhận email để kích hoạt tài khoản": 1,
        status("Đã nộp"): 2, status("Trả lại bổ sung"): 1, status("Đã chuyển tỉnh"): 1, status("Đủ điều kiện"): 1,
    }


# --- bad files in the evidence block ---------------------------------------------------------------


@pytest.fixture
def small_uploads(settings):
    settings.UPLOAD_MAX_BYTES = 2048  # read by ocop_portal.core.uploads.upload_max_bytes at each upload
    return settings


def test_bad_files_are_refused_in_the_evidence_block_with_a_clear_message(live_server, phone, demo, artifacts, small_uploads):
    application = Application.objects.get(product__name="Dưa lê Yên Phong")
    assert application.status == "draft"
    before = EvidenceFile.objects.filter(application=application).count()
    page = phone()
    log_in(page, live_server, "chuthe.yenphong", f"/dossiers/{application.pk}/self-assessment/")
    block = page.get_by_test_id("criterion-1.1")
    expect(block.get_by_test_id("evidence-upload")).to_contain_text("tối đa 2 KB")

    too_big = pdf_bytes(padding=4000)
    assert len(too_big) > 2048
    bad = [
        ("hoadon.pdf", b"MZ" + bytes(range(256)) * 4,
         "Tệp “hoadon.pdf” thực chất là một chương trình Windows (.exe, .dll) được đổi tên thành đuôi .pdf"),
        ("bang-gia.pdf", pdf_bytes(javascript="app.alert('xin chao');"), "Tệp PDF “bang-gia.pdf” chứa mã JavaScript"),
        ("ban-quet.pdf", too_big, "Tệp “ban-quet.pdf” nặng"),
        ("anh-san-pham.pdf", png_bytes(), "Tệp “anh-san-pham.pdf” có nội dung là PNG nhưng tên tệp lại có đuôi “.pdf”"),
    ]
    shown = []
    for name, content, message in bad:
        block.locator("input[type=file]").set_input_files({"name": name, "mimeType": "application/pdf", "buffer": content})
        with saving(page, "/evidence/"):
            block.get_by_role("button", name="Tải lên").click()
        error = block.get_by_test_id("evidence-error")
        expect(error).to_contain_text(message)
        shown.append(error.inner_text())
        expect(block.get_by_test_id("evidence-files")).to_have_count(0)
    block.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "evidence-refused-390.png")

    assert "vượt giới hạn 2 KB" in shown[2]
    assert EvidenceFile.objects.filter(application=application).count() == before
    assert [p for p in (Path(small_uploads.PRIVATE_MEDIA_ROOT) / "evidence").rglob("*") if p.is_file()] == []  # the demo's PDFs live beside
