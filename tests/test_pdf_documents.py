"""The evaluations app's PDFs, rendered from the Bắc Ninh 2020 demo and read back as a reader
would: the recognition decision with its 33-row annex, a certificate with a QR code that opens its
verification page, the 4–5/09/2020 session's minutes, a blank scoring sheet. Then the pipeline
around them: the fetcher that serves only our static files, a failed render and its retry, a
second request or a second render that change nothing, the English certificate, who may download,
and the pages that request and follow the documents."""

import dataclasses
import hashlib
import io
import re
import shutil
import subprocess

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from evaluations import documents as D
from evaluations.models import (
    Certificate,
    ConflictOfInterest,
    CouncilMember,
    CouncilSession,
    RecognitionDecision,
    Result,
    ScoringSheet,
)
from ocop_portal.core import documents as core_documents
from ocop_portal.core import tasks
from ocop_portal.core.models import Document, DocumentStatus
from ocop_portal.core.pdf import RenderRefused, html_to_pdf, render_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

DINH_BANG, PHU_LANG = "2300412345", "2300523456"


# --- Reading a PDF -------------------------------------------------------------------------------


def text_of(pdf, *, layout=False):
    """The PDF's text, page by page, as `pdftotext` reads it (pypdf when poppler is missing)."""
    if shutil.which("pdftotext"):
        args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + ["-", "-"]
        out = subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode()
        return out.rstrip("\f").split("\f")
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(pages):
    return re.sub(r"\s+", " ", " ".join(pages))


def fonts_of(pdf):
    """The names of the fonts embedded in the PDF (with their file streams), without the subset tag."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                names.add(str(font["/BaseFont"]).split("+")[-1])
    return names


def decode_qr(image, expected=None):
    """The text of the QR code in `image`, read by a real decoder (zxing-cpp)."""
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(image)][0]


def render(kind, obj, language="vi"):
    template, context, _filename = core_documents.KINDS[kind].build(obj, language)
    return render_pdf(template, context, language=language)


# --- The demo's objects, rendered once for the module ---------------------------------------------


@pytest.fixture(scope="module")
def demo(bac_ninh_2020, django_db_blocker):
    with django_db_blocker.unblock():
        decision = RecognitionDecision.objects.get(round__year=2020)
        certificate = Certificate.objects.filter(result__application__product__producer__registration_number=DINH_BANG) \
            .select_related("result__application__product__producer", "decision").order_by("number").first()
        session = CouncilSession.objects.get(round__year=2020)
        sheet = ScoringSheet.objects.filter(regulation__code="26/2026", set_number=1).get()
        return {
            "users": bac_ninh_2020, "decision": decision, "certificate": certificate, "session": session, "sheet": sheet,
            "decision_pdf": render(D.DECISION, decision), "certificate_pdf": render(D.CERTIFICATE, certificate),
            "minutes_pdf": render(D.MINUTES, session), "sheet_pdf": render(D.BLANK_SHEET, sheet),
        }


# --- The decision ----------------------------------------------------------------------------------


def test_the_decision_is_laid_out_as_a_decision_of_the_provincial_committee(demo):
    pages = text_of(demo["decision_pdf"])
    first = flat(pages[:1])

    for expected in ("ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Số: 1502/QĐ-UBND", "Bắc Ninh, ngày 15 tháng 10 năm 2020", "QUYẾT ĐỊNH",
                     "Công nhận kết quả đánh giá, phân hạng sản phẩm OCOP tỉnh Bắc Ninh năm 2020",
                     "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
                     "Căn cứ Quyết định số 1048/QĐ-TTg ngày 21 tháng 8 năm 2019 của Thủ tướng Chính phủ",
                     "Căn cứ Quyết định số 1148/QĐ-UBND ngày 24 tháng 8 năm 2020",
                     "phiên họp từ ngày 04/09/2020 đến ngày 05/09/2020", "QUYẾT ĐỊNH:",
                     "Điều 1. Công nhận 33 sản phẩm của 16 chủ thể", "30 sản phẩm đạt 4 sao; 3 sản phẩm đạt 3 sao", "Điều 2.",
                     "36 tháng", "Điều 3.", "Nơi nhận:", "Lưu: VT, NN.", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                     "Nguyễn Văn Thành (minh họa)"):
        assert expected in first, expected
    # every glyph comes from our embedded DejaVu faces (no fallback to a font of the machine)
    assert fonts_of(demo["decision_pdf"]) == {"OCOP-Serif", "OCOP-Serif-Bold", "OCOP-Serif-Italic", "OCOP-Serif-Bold-Italic",
                                              "OCOP-Sans"}


def test_the_decision_annex_lists_the_33_products_with_a_header_and_a_page_number_on_each_page(demo):
    pages = text_of(demo["decision_pdf"], layout=True)
    annex = [page for page in pages if "Tên sản phẩm" in page]
    certificates = list(demo["decision"].certificates.select_related("result__application__product__producer"))

    numbers = [int(m) for page in annex for m in re.findall(r"^\s*(\d{1,2})\s{2,}\S", page, flags=re.MULTILINE)]
    text = flat(text_of(demo["decision_pdf"])[len(pages) - len(annex):])  # the annex read in reading order
    reader = PdfReader(io.BytesIO(demo["decision_pdf"]))
    assert numbers == list(range(1, 34))
    assert "PHỤ LỤC" in flat(annex[:1]) and "ngày 15/10/2020" in flat(annex[:1])
    assert all(c.result.application.product.name.split()[0] in text and c.number in text for c in certificates)
    assert ("Bình gốm men da lươn Phù Lãng" in text, "Xã Phù Lãng, huyện Quế Võ" in text, "72,38" in text) == (True, True, True)
    assert (text.count("★★★★"), len(re.findall(r"(?<!★)★★★(?!★)", text))) == (30, 3)
    assert [f"Trang {n}/{len(pages)}" in pages[n - 1] for n in range(2, len(pages) + 1)] == [True] * (len(pages) - 1)
    assert [float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages] == [False] + [True] * (len(pages) - 1)


def test_a_draft_decision_carries_the_draft_mark(demo):
    RecognitionDecision.objects.filter(pk=demo["decision"].pk).update(status="draft")

    text = flat(text_of(render(D.DECISION, demo["decision"])))

    assert "DỰ THẢO" in text


# --- The certificate ---------------------------------------------------------------------------------


def test_the_certificate_states_the_product_its_stars_the_decision_and_its_validity_on_one_landscape_page(demo):
    certificate, pdf = demo["certificate"], demo["certificate_pdf"]
    product = certificate.result.application.product
    reader = PdfReader(io.BytesIO(pdf))

    text = flat(text_of(pdf))

    assert len(reader.pages) == 1 and float(reader.pages[0].mediabox.width) > float(reader.pages[0].mediabox.height)
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "GIẤY CHỨNG NHẬN",
                     f"SẢN PHẨM OCOP ĐẠT {certificate.star} SAO", f"Số: {certificate.number}", product.name,
                     product.producer.name, "Công ty TNHH Thực phẩm truyền thống Đình Bảng", "★" * certificate.star,
                     "Quyết định số 1502/QĐ-UBND (minh họa) ngày 15/10/2020", "từ ngày 15/10/2020 đến ngày 15/10/2023",
                     product.code, certificate.verification_code, "Bắc Ninh, ngày 15 tháng 10 năm 2020", "PHÓ CHỦ TỊCH"):
        assert expected in text, expected
    assert {"OCOP-Serif", "OCOP-Serif-Bold", "OCOP-Sans", "OCOP-Sans-Bold"} <= fonts_of(pdf)
    assert all(name.startswith("OCOP-") for name in fonts_of(pdf))


def test_the_certificate_qr_code_opens_its_verification_page_which_says_it_ran_out_in_2023(demo, client):
    certificate = demo["certificate"]
    expected = f"{settings.PORTAL_BASE_URL}/verify/{certificate.verification_code}/"
    images = PdfReader(io.BytesIO(demo["certificate_pdf"])).pages[0].images
    qr = [image.image for image in images if image.image.width == image.image.height]
    assert len(qr) == 1

    url = decode_qr(qr[0])
    page = client.get(url.removeprefix(settings.PORTAL_BASE_URL))

    assert url == expected
    assert page.status_code == 200
    assert ("Giấy chứng nhận đã hết hiệu lực từ ngày 16/10/2023 (hiệu lực đến hết ngày 15/10/2023)."
            in " ".join(page.content.decode().split()))


def test_the_certificate_in_english_translates_its_labels(demo):
    text = flat(text_of(render(D.CERTIFICATE, demo["certificate"], language="en")))

    assert ("Producer:" in text, "OCOP product code:" in text, "Verification code:" in text) == (True, True, True)
    assert ("Chủ thể:" in text, "Mã xác thực" in text) == (False, False)
    assert demo["certificate"].verification_code in text


# --- The minutes ---------------------------------------------------------------------------------------


def test_the_minutes_list_the_members_and_each_product_with_its_member_totals_mean_and_stars(demo):
    session = demo["session"]
    results = list(Result.objects.filter(session=session).select_related("application__product"))
    pages = text_of(demo["minutes_pdf"], layout=True)
    text = flat(pages)
    layout = "\n".join(pages)

    rows = [re.search(r"\b" + r"\s+".join(str(m["total"]) for m in r.explanation["members"]) + r"\s+" + re.escape(D.score_text(r.score))
                      + r"\s+" + "★" * r.star + r"(?!★)", layout) for r in results]

    assert len(results) == 33 and all(rows)
    for expected in ("UBND TỈNH BẮC NINH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Bắc Ninh, ngày 05 tháng 9 năm 2020", "BIÊN BẢN",
                     "từ ngày 04/09/2020 đến ngày 05/09/2020", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bắc Ninh",
                     "Quyết định số 1148/QĐ-UBND ngày 24/08/2020", "đã nộp phiếu đánh giá: 8/8", "Nguyễn Văn Thành",
                     "Lê Thị Thu Hà", "Ngô Văn Bình", "Không thành viên nào khai báo",
                     "Hội đồng thống nhất kết quả đánh giá, phân hạng 33 sản phẩm: 30 sản phẩm đạt 4 sao; 3 sản phẩm đạt 3 sao",
                     "THƯ KÝ HỘI ĐỒNG", "CHỦ TỊCH HỘI ĐỒNG"):
        assert expected in text, expected
    assert all(r.application.product.name.split()[0] in text for r in results)


def test_the_minutes_record_a_conflict_and_list_totals_compactly_for_a_large_council(demo, monkeypatch):
    session = demo["session"]
    result = Result.objects.filter(session=session).select_related("application__product").order_by("pk").first()
    member = CouncilMember.objects.get(council=session.council, full_name="Lê Thị Thu Hà")
    ConflictOfInterest.objects.create(member=member, application=result.application, reason="Là cổ đông của chủ thể")
    monkeypatch.setattr(D, "MEMBER_COLUMNS_MAX", 4)

    text = flat(text_of(render(D.MINUTES, session)))

    assert f"Lê Thị Thu Hà không đánh giá sản phẩm “{result.application.product.name}”: Là cổ đông của chủ thể" in text
    assert "3: XĐ" in text and "1: " in text and "8: " in text


# --- The blank scoring sheet ----------------------------------------------------------------------------


def test_the_blank_sheet_prints_every_criterion_and_option_with_points_star_markers_and_a_box(demo):
    sheet = demo["sheet"]
    options = [o for part in D.build_blank_sheet(sheet, "vi")[1]["parts"] for s in part["sections"] for c in s["criteria"]
               for o in c["options"]]
    text = flat(text_of(demo["sheet_pdf"]))

    assert text.count("☐") == len(options)
    assert any(o["marker"] for o in options) and "****" in text
    for expected in ("PHIẾU ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM", f"Bộ sản phẩm 1: {sheet.name}", "26/2026/QĐ-TTg",
                     "Họ và tên thành viên đánh giá:", "Tổng điểm (A + B + C):", "THÀNH VIÊN ĐÁNH GIÁ", "(Ký, ghi rõ họ tên)"):
        assert expected in text, expected
    assert sheet.criteria.order_by("position").first().name[:30] in text


def test_a_1048_sheet_without_star_markers_has_no_star_column(bac_ninh_2020):
    sheet = ScoringSheet.objects.filter(regulation__code="1048/2019").order_by("set_number").first()

    text = flat(text_of(render(D.BLANK_SHEET, sheet)))

    assert ("Hạng sao" in text, "1048/QĐ-TTg" in text, "Chọn" in text) == (False, True, True)


# --- The fetcher ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["https://example.com/x.png", "file:///etc/passwd", "/static/../../../etc/passwd",
                                 "../../../../etc/passwd"])
def test_the_render_stops_on_anything_but_our_static_files(url, tmp_path, settings):
    (tmp_path / "outside.html").write_text(f'<p>Chào</p><img src="{url}">', encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]

    with pytest.raises(RenderRefused, match="Refused"):
        render_pdf("outside.html", {})


def test_our_static_files_and_data_uris_are_served():
    pdf = html_to_pdf('<link rel="stylesheet" href="/static/css/pdf.css"><p class="stars">Chào ★</p>'
                      '<img src="/static/img/emblem.svg"><img src="' + D.qr_data_uri("x") + '">')

    assert flat(text_of(pdf)).strip() == "Chào ★"


# --- The pipeline: failure, retry, idempotency -------------------------------------------------------------


def test_a_failed_render_is_shown_failed_with_its_reason_and_a_retry_makes_it_ready(demo, monkeypatch,
                                                                                  django_capture_on_commit_callbacks):
    kind = core_documents.KINDS[D.CERTIFICATE]

    def broken(obj, language):
        raise RuntimeError("máy in hỏng")

    monkeypatch.setitem(core_documents.KINDS, D.CERTIFICATE, dataclasses.replace(kind, build=broken))
    with django_capture_on_commit_callbacks(execute=True):
        document = core_documents.document_request(obj=demo["certificate"], kind=D.CERTIFICATE, new_version=True)
    document.refresh_from_db()
    failed = (document.status, document.error, document.attempts)
    monkeypatch.setitem(core_documents.KINDS, D.CERTIFICATE, kind)

    with django_capture_on_commit_callbacks(execute=True):
        core_documents.document_retry(document=document)
    document.refresh_from_db()

    assert failed == (DocumentStatus.FAILED, "máy in hỏng", 1)
    assert (document.status, document.error, document.attempts) == (DocumentStatus.READY, "", 2)
    assert document.sha256 == hashlib.sha256(document.file.read()).hexdigest()


def test_requesting_twice_makes_one_document_and_one_render(demo, django_capture_on_commit_callbacks):
    sheet = demo["sheet"]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = core_documents.document_request(obj=sheet, kind=D.BLANK_SHEET)
        second = core_documents.document_request(obj=sheet, kind=D.BLANK_SHEET)
    first.refresh_from_db()

    assert (second.pk, len(callbacks), first.status) == (first.pk, 1, DocumentStatus.READY)
    assert Document.objects.filter(object_id=sheet.pk, kind=D.BLANK_SHEET).count() == 1


def test_a_render_that_runs_twice_keeps_one_file_and_one_hash(demo):
    document = core_documents.document_request(obj=demo["certificate"], kind=D.CERTIFICATE)

    core_documents.document_render(document=document)
    document.refresh_from_db()
    name, sha, rendered_at = document.file.name, document.sha256, document.rendered_at
    core_documents.document_render(document=document)  # a redelivered task
    tasks.render_document.apply(kwargs={"document_id": document.pk})
    document.refresh_from_db()

    files = list((settings.PRIVATE_MEDIA_ROOT / "documents").iterdir())
    assert (document.status, document.file.name, document.sha256, document.rendered_at) == (DocumentStatus.READY, name, sha,
                                                                                             rendered_at)
    assert [f.name for f in files] == [name.split("/")[-1]]
    assert hashlib.sha256(files[0].read_bytes()).hexdigest() == sha


def test_the_bulk_request_asks_once_for_the_decision_and_each_certificate(demo):
    decision = demo["decision"]

    first = D.decision_documents_request(decision=decision)
    second = D.decision_documents_request(decision=decision)
    renewed = D.decision_documents_request(decision=decision, regenerate=True)

    assert (len(first), [d.pk for d in second] == [d.pk for d in first]) == (34, True)
    assert {d.kind for d in first} == {D.DECISION, D.CERTIFICATE}
    assert {d.version for d in renewed} == {2}


# --- Who may download ---------------------------------------------------------------------------------------


def test_the_producer_downloads_its_certificate_another_producer_gets_404_and_a_visitor_is_sent_to_log_in(demo):
    from ocop_portal.core.models import User
    from producers.models import Producer
    from producers.services import membership_add

    document = core_documents.document_request(obj=demo["certificate"], kind=D.CERTIFICATE)
    core_documents.document_render(document=document)
    other = User.objects.create_user("chuthe.khac", full_name="Chủ thể khác")
    membership_add(producer=Producer.objects.get(registration_number=PHU_LANG), user=other, is_owner=True)
    url = reverse("document-download", args=[document.pk])
    owner, outsider, visitor = Client(), Client(), Client()
    owner.force_login(demo["users"]["chuthe.dinhbang"])
    outsider.force_login(other)

    got = owner.get(url)

    assert (got.status_code, got["Content-Type"]) == (200, "application/pdf")
    assert b"".join(got.streaming_content).startswith(b"%PDF")
    assert outsider.get(url).status_code == 404
    assert visitor.get(url).url.startswith(reverse("login"))


# --- The pages ----------------------------------------------------------------------------------------------


def test_the_demo_requests_its_decision_certificates_and_minutes_and_the_round_page_follows_them(
        demo, client, django_capture_on_commit_callbacks):
    decision, session = demo["decision"], demo["session"]
    staff = demo["users"]["tinh.bacninh"]
    client.force_login(staff)
    waiting = {d.kind: d for d in Document.objects.filter(status=DocumentStatus.WAITING)}
    round_url = reverse("evaluations:round-detail", args=[decision.round_id])

    before = client.get(round_url).content.decode()
    progress = client.get(reverse("docs:decision-progress", args=[decision.pk])).content.decode()
    for document in Document.objects.filter(status=DocumentStatus.WAITING, kind__in=[D.DECISION, D.CERTIFICATE, D.MINUTES]):
        tasks.render_document.apply(kwargs={"document_id": document.pk})
    after = client.get(round_url).content.decode()
    results = client.get(reverse("evaluations:session-results", args=[session.pk])).content.decode()

    assert set(waiting) == {D.DECISION, D.CERTIFICATE, D.MINUTES, "reward_decision"}  # and the rewards' (tests/test_rewards_pdf.py)
    assert Document.objects.filter(kind=D.CERTIFICATE, status=DocumentStatus.READY).count() == 33
    assert "0/33 sẵn sàng" in before and "0/33 sẵn sàng" in progress and 'hx-trigger="every 2s"' in progress
    assert "33/33 sẵn sàng" in after and "Tạo lại tất cả" in after
    assert 'data-testid="minutes"' in results and reverse("document-download", args=[
        core_documents.document_for(session, D.MINUTES).pk]) in results


def test_staff_request_every_document_of_a_decision_in_one_post(demo, client, django_capture_on_commit_callbacks):
    decision = demo["decision"]
    client.force_login(demo["users"]["tinh.bacninh"])

    with django_capture_on_commit_callbacks() as callbacks:  # left to the worker: the page shows the progress
        response = client.post(reverse("docs:decision-request", args=[decision.pk]), {"regenerate": "1"})
    progress = client.get(reverse("docs:decision-progress", args=[decision.pk])).content.decode()

    assert response.url == reverse("evaluations:round-detail", args=[decision.round_id])
    assert (len(callbacks), Document.objects.filter(kind__in=[D.DECISION, D.CERTIFICATE], version=2).count()) == (34, 34)
    assert "0/33 sẵn sàng" in progress and "33 đang tạo" in progress and 'hx-trigger="every 2s"' in progress


def test_only_the_province_staff_request_a_decision_documents(demo, client):
    decision = demo["decision"]
    url = reverse("docs:decision-request", args=[decision.pk])
    got = {}
    for username in ("chuthe.dinhbang", "uyvien.hoidong", "huyen.tuson"):
        client.force_login(demo["users"][username])
        got[username] = client.post(url).status_code

    assert got == {"chuthe.dinhbang": 404, "uyvien.hoidong": 404, "huyen.tuson": 404}
    assert not Document.objects.filter(kind=D.DECISION, version__gt=1).exists()


def test_a_council_member_reads_the_minutes_but_cannot_make_them(demo, client):
    session = demo["session"]
    client.force_login(demo["users"]["uyvien.hoidong"])

    page = client.get(reverse("evaluations:session-results", args=[session.pk])).content.decode()
    refused = client.post(reverse("docs:minutes-request", args=[session.pk]))

    assert 'data-testid="minutes"' in page and 'data-testid="minutes-request"' not in page
    assert refused.status_code == 403


def test_the_sheet_list_requests_a_blank_sheet_and_follows_it_until_it_is_ready(demo, client,
                                                                               django_capture_on_commit_callbacks):
    sheet = demo["sheet"]
    client.force_login(demo["users"]["chuthe.dinhbang"])

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("docs:sheet-request", args=[sheet.pk]), headers={"HX-Request": "true"}).content.decode()
    document = core_documents.document_for(sheet, D.BLANK_SHEET)
    polled = client.get(reverse("document-status", args=[document.pk])).content.decode()
    listed = client.get(reverse("docs:sheet-list")).content.decode()
    download = client.get(reverse("document-download", args=[document.pk]))

    assert 'hx-trigger="every 2s"' in answer and "Đang tạo phiếu đánh giá" in answer  # the render runs after the request's commit
    assert 'data-testid="document-download"' in polled and 'hx-trigger' not in polled
    assert listed.count('data-testid="sheet-request"') == ScoringSheet.objects.count() - 1
    assert (download.status_code, download["Content-Type"]) == (200, "application/pdf")


@pytest.mark.parametrize("n", [1, 3])
def test_the_sheet_list_costs_the_same_for_one_or_three_sheet_documents(demo, client, django_assert_num_queries, n):
    for sheet in ScoringSheet.objects.order_by("pk")[:n]:
        core_documents.document_request(obj=sheet, kind=D.BLANK_SHEET)
    client.force_login(demo["users"]["chuthe.dinhbang"])

    with django_assert_num_queries(7):
        page = client.get(reverse("docs:sheet-list")).content.decode()

    assert page.count('data-testid="document-status"') == n


def test_a_refused_fetch_through_the_task_leaves_the_document_failed_with_the_refusal(demo, tmp_path, settings, monkeypatch,
                                                                                   django_capture_on_commit_callbacks):
    (tmp_path / "outside.html").write_text('<img src="https://example.com/x.png">', encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    kind = core_documents.KINDS[D.BLANK_SHEET]
    monkeypatch.setitem(core_documents.KINDS, D.BLANK_SHEET,
                        dataclasses.replace(kind, build=lambda obj, language: ("outside.html", {}, "x.pdf")))

    with django_capture_on_commit_callbacks(execute=True):
        document = core_documents.document_request(obj=demo["sheet"], kind=D.BLANK_SHEET)
    document.refresh_from_db()

    assert (document.status, "Refused to fetch 'https://example.com/x.png'" in document.error) == (DocumentStatus.FAILED, True)


@pytest.mark.parametrize("n", [1, 3])
def test_the_round_page_costs_the_same_for_one_or_three_decisions(demo, client, django_assert_num_queries, n):
    decision = demo["decision"]
    for i in range(n - 1):
        RecognitionDecision.objects.create(province=decision.province, round=decision.round, number=f"{i}/QĐ-THỬ", status="draft",
                                           signed_on=decision.signed_on, signer_name="Người ký", signer_title="Phó Chủ tịch")
    client.force_login(demo["users"]["tinh.bacninh"])

    with django_assert_num_queries(18):
        page = client.get(reverse("evaluations:round-detail", args=[decision.round_id])).content.decode()

    assert page.count('data-testid="decision-documents"') == n


def test_the_chair_who_signs_the_minutes_may_make_them(demo, client, django_capture_on_commit_callbacks):
    session = demo["session"]
    Document.objects.filter(kind=D.MINUTES).delete()  # the demo's request, never rendered in this rolled-back fixture
    client.force_login(demo["users"]["chutich.hoidong"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("docs:minutes-request", args=[session.pk]))

    assert response.status_code == 302
    assert core_documents.document_for(session, D.MINUTES).status == DocumentStatus.READY
