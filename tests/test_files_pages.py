"""A dossier's evidence files and the producers' standing documents in the browser, on the Bắc Ninh
demo: uploads checked by content (a refused file leaves nothing behind), stored outside every
served directory, downloaded only by those who may open the dossier, removed only while they were
never submitted; standing documents kept once and reused; the limits per criterion and dossier."""

import datetime
import hashlib
import io
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from evaluations import services as ev
from evaluations import services_evidence
from evaluations.models import Application, Criterion, EvidenceFile
from producers import services_documents
from producers.models import StandingDocument, StandingDocumentKind

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

REAL_LOCALDATE = timezone.localdate


def pdf_bytes(title="Minh chứng", javascript=None):
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Title": title})  # a different title, a different file (and SHA-256)
    if javascript:
        writer.add_open_action(JavaScript(javascript))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(name="minh-chung.pdf", data=None):
    return SimpleUploadedFile(name, pdf_bytes(name) if data is None else data)


def dossier(product_name):
    return Application.objects.select_related("product__producer", "sheet").get(product__name=product_name)


def first_criterion(application):
    return Criterion.objects.filter(sheet=application.sheet).order_by("position", "pk").first()


def stored_files():
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def login(client, users, username):
    client.force_login(users[username])
    return users[username]


def post_upload(client, application, file, *, criterion=None, htmx=False, **extra):
    data = {"file": file, "criterion": criterion.pk if criterion else "", "description": "", **extra}
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("files:evidence-upload", args=[application.pk]), data, **headers)


def add_evidence(application, users, name, *, criterion=None, username="chuthe.yenphong"):
    return services_evidence.evidence_add(application=application, uploaded_file=upload(name), criterion=criterion,
                                          actor=users[username])[0]


def return_to_producer(application, users):
    """Submit the dossier and have the commune office return it: what was uploaded before stays."""
    application = ev.application_submit(application=application, actor=users["chuthe.yenphong"])
    return ev.application_return(application=application, reason="Bổ sung phiếu kiểm nghiệm", actor=users["xa.yenphong"])


@pytest.fixture
def today(monkeypatch):
    """Fix the portal's clock on a day: `today(datetime.date(...))`."""

    def fix(day):
        monkeypatch.setattr(timezone, "localdate", lambda value=None, tz=None: day if value is None else REAL_LOCALDATE(value, tz))
        return day

    return fix


# --- Uploading ------------------------------------------------------------------------------------


def test_a_good_upload_is_stored_under_the_private_root_by_a_random_name(client, bac_ninh_2020):
    user = login(client, bac_ninh_2020, "chuthe.yenphong")
    application = dossier("Dưa lê Yên Phong")  # a draft
    criterion = first_criterion(application)
    data = pdf_bytes("Giấy chứng nhận VietGAP")

    response = post_upload(client, application, SimpleUploadedFile("Giấy chứng nhận VietGAP.pdf", data), criterion=criterion,
                           description="Bản chụp", next=reverse("files:dossier-files", args=[application.pk]))

    evidence = EvidenceFile.objects.get(application=application)
    path = Path(evidence.file.path).resolve()
    assert response.status_code == 302 and response.url == reverse("files:dossier-files", args=[application.pk])
    assert (evidence.criterion, evidence.original_name, evidence.content_type, evidence.size, evidence.sha256,
            evidence.description, evidence.uploaded_by) == (
        criterion, "Giấy chứng nhận VietGAP.pdf", "application/pdf", len(data), hashlib.sha256(data).hexdigest(), "Bản chụp", user)
    assert path.read_bytes() == data
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert re.fullmatch(r"evidence/[0-9a-f]{32}", evidence.file.name)  # nothing of the user's name on disk


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("bao-cao.pdf", pdf_bytes(javascript="app.alert('x')"), "Tệp PDF “bao-cao.pdf” chứa mã JavaScript"),
    ("giay-phep.pdf", b"MZ\x90\x00" + b"\x00" * 500, "Tệp “giay-phep.pdf” thực chất là một chương trình Windows"),
    ("anh.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "Tệp “anh.pdf” có nội dung là PNG nhưng tên tệp lại có đuôi “.pdf”"),
    ("trong.pdf", b"", "Tệp “trong.pdf” trống (0 byte)"),
])
def test_a_refused_upload_shows_its_message_in_the_block_and_leaves_nothing(client, bac_ninh_2020, name, data, expected):
    login(client, bac_ninh_2020, "chuthe.yenphong")
    application = dossier("Dưa lê Yên Phong")
    criterion = first_criterion(application)

    response = post_upload(client, application, SimpleUploadedFile(name, data), criterion=criterion, htmx=True)

    content = response.content.decode()
    error = re.search(r'data-testid="evidence-error">([^<]+)<', content)
    assert response.status_code == 200
    assert f'id="evidence-{criterion.pk}"' in content and "<html" not in content  # the block only, for htmx to swap
    assert error and error.group(1).startswith(expected)
    assert (EvidenceFile.objects.filter(application=application).count(), stored_files()) == (0, [])


def test_an_oversized_upload_is_refused_with_the_limit(client, bac_ninh_2020, settings):
    login(client, bac_ninh_2020, "chuthe.yenphong")
    application = dossier("Dưa lê Yên Phong")
    data = pdf_bytes()
    settings.UPLOAD_MAX_BYTES = len(data) - 1

    response = post_upload(client, application, SimpleUploadedFile("scan.pdf", data), htmx=True)

    assert "vượt giới hạn" in response.content.decode()
    assert (EvidenceFile.objects.count(), stored_files()) == (0, [])


def test_a_refused_upload_without_javascript_comes_back_with_the_message(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "chuthe.yenphong")
    application = dossier("Dưa lê Yên Phong")
    back = reverse("evaluations:dossier-detail", args=[application.pk])

    response = client.post(reverse("files:evidence-upload", args=[application.pk]),
                           {"file": SimpleUploadedFile("x.pdf", b"MZ" + b"\x00" * 50), "next": back}, follow=True)

    assert response.redirect_chain == [(back, 302)]
    assert [str(m) for m in response.context["messages"]][0].startswith("Tệp “x.pdf” thực chất là")
    assert EvidenceFile.objects.count() == 0


def test_a_next_address_outside_the_portal_is_ignored(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "chuthe.yenphong")
    application = dossier("Dưa lê Yên Phong")

    response = post_upload(client, application, upload(), next="https://evil.example/steal")

    assert response.url == reverse("files:dossier-files", args=[application.pk])


def test_the_htmx_answer_lists_the_new_file_with_its_size_and_date(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "chuthe.yenphong")
    application = dossier("Dưa lê Yên Phong")
    criterion = first_criterion(application)

    response = post_upload(client, application, upload("nhan-mac.pdf"), criterion=criterion, htmx=True)

    content = response.content.decode()
    evidence = EvidenceFile.objects.get(application=application)
    assert re.search(r'data-testid="evidence-notice">Đã tải lên “nhan-mac.pdf”.<', content)
    assert f'href="{reverse("files:evidence-download", args=[evidence.pk])}">nhan-mac.pdf</a>' in content
    assert f"{timezone.localdate():%d/%m/%Y}" in content and "byte" in content
    assert 'data-testid="evidence-delete"' in content


def test_uploading_the_same_file_twice_keeps_one(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "chuthe.yenphong")
    application = dossier("Dưa lê Yên Phong")
    criterion = first_criterion(application)
    data = pdf_bytes("Một tệp")

    post_upload(client, application, SimpleUploadedFile("a.pdf", data), criterion=criterion, htmx=True)
    second = post_upload(client, application, SimpleUploadedFile("a (1).pdf", data), criterion=criterion, htmx=True)

    assert "đã có trong hồ sơ (cùng nội dung" in second.content.decode()
    assert (EvidenceFile.objects.filter(application=application).count(), len(stored_files())) == (1, 1)


def test_uploads_are_csrf_protected(bac_ninh_2020):
    client = Client(enforce_csrf_checks=True)
    login(client, bac_ninh_2020, "chuthe.yenphong")
    application = dossier("Dưa lê Yên Phong")

    response = post_upload(client, application, upload())

    assert (response.status_code, EvidenceFile.objects.count()) == (403, 0)


def test_only_the_producers_users_upload_and_only_while_they_hold_the_dossier(client, bac_ninh_2020):
    officer = Client()
    login(officer, bac_ninh_2020, "xa.yenphong")
    login(client, bac_ninh_2020, "chuthe.tranvanson")
    submitted = dossier("Giò bò Yên Phong")

    by_officer = post_upload(officer, submitted, upload())
    by_producer = post_upload(client, submitted, upload(), htmx=True)

    assert by_officer.status_code == 403  # may see the dossier, may not act on it
    assert "Hồ sơ đang ở trạng thái “Đã nộp”: chỉ thêm hoặc bớt tài liệu khi hồ sơ còn là bản nháp" in by_producer.content.decode()
    assert EvidenceFile.objects.count() == 0


def test_a_criterion_of_another_sheet_is_refused(bac_ninh_2020):
    application = dossier("Dưa lê Yên Phong")
    elsewhere = Criterion.objects.exclude(sheet=application.sheet).first()

    with pytest.raises(ev.EvaluationError, match="không thuộc phiếu đánh giá của hồ sơ"):
        add_evidence(application, bac_ninh_2020, "a.pdf", criterion=elsewhere)


# --- Limits ---------------------------------------------------------------------------------------


def test_ten_files_for_a_criterion_are_accepted_and_the_eleventh_is_refused(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "chuthe.yenphong")
    application = dossier("Dưa lê Yên Phong")
    criterion = first_criterion(application)
    for i in range(9):
        add_evidence(application, bac_ninh_2020, f"trang-{i}.pdf", criterion=criterion)

    tenth = post_upload(client, application, upload("trang-9.pdf"), criterion=criterion, htmx=True)
    eleventh = post_upload(client, application, upload("trang-10.pdf"), criterion=criterion, htmx=True)
    for_the_dossier = post_upload(client, application, upload("trang-10.pdf"), htmx=True)

    assert "Đã tải lên “trang-9.pdf”" in tenth.content.decode()
    assert (f"Tiêu chí {criterion.code} đã có 10 tệp minh chứng, tối đa 10 tệp cho mỗi tiêu chí"
            in eleventh.content.decode())
    assert "Đã tải lên “trang-10.pdf”" in for_the_dossier.content.decode()  # the limit is per criterion
    assert EvidenceFile.objects.filter(application=application, criterion=criterion).count() == 10


def test_the_dossier_limits_count_files_and_bytes(bac_ninh_2020, monkeypatch):
    application = dossier("Dưa lê Yên Phong")
    monkeypatch.setattr(services_evidence, "MAX_FILES_PER_DOSSIER", 2)
    add_evidence(application, bac_ninh_2020, "a.pdf")
    add_evidence(application, bac_ninh_2020, "b.pdf")

    with pytest.raises(ev.EvaluationError, match="Hồ sơ đã có 2 tệp minh chứng, tối đa 2 tệp cho mỗi hồ sơ"):
        add_evidence(application, bac_ninh_2020, "c.pdf")
    monkeypatch.setattr(services_evidence, "MAX_FILES_PER_DOSSIER", 60)
    used = sum(EvidenceFile.objects.filter(application=application).values_list("size", flat=True))
    monkeypatch.setattr(services_evidence, "MAX_BYTES_PER_DOSSIER", used + len(pdf_bytes("c.pdf")) - 1)
    with pytest.raises(ev.EvaluationError, match="làm tổng dung lượng minh chứng của hồ sơ vượt"):
        add_evidence(application, bac_ninh_2020, "c.pdf")

    monkeypatch.setattr(services_evidence, "MAX_BYTES_PER_DOSSIER", used + len(pdf_bytes("c.pdf")))
    add_evidence(application, bac_ninh_2020, "c.pdf")  # exactly at the limit
    assert EvidenceFile.objects.filter(application=application).count() == 3


# --- Downloading ------------------------------------------------------------------------------------


def test_the_producer_downloads_the_file_as_an_attachment_never_sniffed_nor_cached(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "chuthe.yenphong")
    application = dossier("Dưa lê Yên Phong")
    data = pdf_bytes("Giấy ATTP")
    evidence = services_evidence.evidence_add(application=application, uploaded_file=SimpleUploadedFile("Giấy ATTP.pdf", data),
                                              actor=bac_ninh_2020["chuthe.yenphong"])[0]

    response = client.get(reverse("files:evidence-download", args=[evidence.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert (response["Content-Type"], response["Content-Disposition"], response["X-Content-Type-Options"],
            response["Cache-Control"], response["Content-Length"]) == (
        "application/pdf", f"attachment; filename*=utf-8''{quote('Giấy ATTP.pdf')}", "nosniff", "private, no-store", str(len(data)))


@pytest.mark.parametrize("username", ["chuthe.thuanthanh", "phuong.thuanthanh", "huyen.tuson"])
def test_another_producer_and_other_offices_get_404_on_the_file_and_the_dossier(client, bac_ninh_2020, username):
    application = dossier("Giò bò Yên Phong")  # submitted: the province and Yên Phong's office see it
    evidence = add_evidence(Application.objects.get(product__name="Dưa lê Yên Phong"), bac_ninh_2020, "a.pdf")
    evidence.application = application
    evidence.save(update_fields=["application"])
    login(client, bac_ninh_2020, username)

    got = [client.get(reverse("files:evidence-download", args=[evidence.pk])).status_code,
           client.get(reverse("files:dossier-files", args=[application.pk])).status_code,
           client.post(reverse("files:evidence-delete", args=[evidence.pk])).status_code]

    assert got == [404, 404, 404]
    assert EvidenceFile.objects.filter(pk=evidence.pk).exists()


def test_the_local_officer_reads_the_files_once_the_dossier_is_submitted(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "xa.yenphong")
    application = dossier("Dưa lê Yên Phong")
    evidence = add_evidence(application, bac_ninh_2020, "a.pdf")
    url = reverse("files:evidence-download", args=[evidence.pk])

    while_draft = client.get(url).status_code
    ev.application_submit(application=application, actor=bac_ninh_2020["chuthe.yenphong"])
    once_submitted = client.get(url)
    page = client.get(reverse("files:dossier-files", args=[application.pk])).content.decode()

    assert (while_draft, once_submitted.status_code) == (404, 200)
    assert 'data-testid="evidence-upload"' not in page and 'data-testid="read-only"' in page


# --- Removing ---------------------------------------------------------------------------------------


def test_a_file_never_submitted_can_be_removed_and_its_file_goes(client, bac_ninh_2020, django_capture_on_commit_callbacks):
    login(client, bac_ninh_2020, "chuthe.yenphong")
    application = dossier("Dưa lê Yên Phong")
    evidence = add_evidence(application, bac_ninh_2020, "a.pdf")
    assert len(stored_files()) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("files:evidence-delete", args=[evidence.pk]), HTTP_HX_REQUEST="true")

    assert "Đã xóa “a.pdf”." in response.content.decode()
    assert (EvidenceFile.objects.filter(pk=evidence.pk).exists(), stored_files()) == (False, [])


def test_after_a_return_the_submitted_files_stay_and_only_new_ones_can_be_removed(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "chuthe.yenphong")
    application = dossier("Dưa lê Yên Phong")
    before = add_evidence(application, bac_ninh_2020, "nop-lan-1.pdf")
    return_to_producer(application, bac_ninh_2020)
    after = add_evidence(application, bac_ninh_2020, "bo-sung.pdf")
    block = client.get(reverse("files:dossier-files", args=[application.pk])).content.decode()

    refused = client.post(reverse("files:evidence-delete", args=[before.pk]), HTTP_HX_REQUEST="true").content.decode()
    removed = client.post(reverse("files:evidence-delete", args=[after.pk]), HTTP_HX_REQUEST="true").content.decode()

    submitted_on = timezone.localtime(Application.objects.get(pk=application.pk).submitted_at)
    assert block.count('data-testid="evidence-delete"') == 1  # only the new file offers removal
    assert (f"Tệp “nop-lan-1.pdf” đã được nộp cùng hồ sơ ngày {submitted_on:%d/%m/%Y} nên được giữ lại: mọi lần nộp hồ sơ "
            "đều phải so sánh được với nhau.") in refused
    assert "Đã xóa “bo-sung.pdf”." in removed
    assert list(EvidenceFile.objects.filter(application=application).values_list("original_name", flat=True)) == ["nop-lan-1.pdf"]


# --- Standing documents -------------------------------------------------------------------------------


def post_document(client, producer, name="dkkd.pdf", **fields):
    data = {"kind": StandingDocumentKind.BUSINESS_REGISTRATION, "title": "Giấy chứng nhận đăng ký HTX", "number": "2302101234",
            "issued_on": "2020-03-02", "expires_on": "", "file": upload(name), **fields}
    return client.post(reverse("files:documents", args=[producer.pk]), data)


def test_a_standing_document_is_kept_once_and_reused_by_a_later_dossier(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "chuthe.yenphong")
    first = dossier("Dưa lê Yên Phong")
    producer = first.product.producer
    added = post_document(client, producer)
    document = StandingDocument.objects.get(producer=producer)
    client.post(reverse("files:standing-attach", args=[first.pk]), {"document": document.pk, "action": "attach"})
    return_to_producer(first, bac_ninh_2020)  # submitted once with the document, then returned
    later = ev.application_create(product=first.product.__class__.objects.create(
        producer=producer, name="Dưa hấu Yên Phong", product_set=first.product.product_set), round=first.round, sheet=first.sheet)

    response = client.post(reverse("files:standing-attach", args=[later.pk]), {"document": document.pk, "action": "attach"},
                           follow=True)

    page = client.get(reverse("files:documents", args=[producer.pk])).content.decode()
    assert added.status_code == 302
    assert "Hồ sơ dùng “Giấy chứng nhận đăng ký HTX”." in [str(m) for m in response.context["messages"]]
    assert sorted(document.applications.values_list("product__name", flat=True)) == ["Dưa hấu Yên Phong", "Dưa lê Yên Phong"]
    assert "dùng trong 2 hồ sơ" in page and 'data-testid="locked"' in page  # used by a submitted dossier: kept
    with pytest.raises(Exception, match="được dùng trong hồ sơ đã nộp nên được giữ lại"):
        services_documents.standing_document_remove(document=document)


def test_an_expired_document_cannot_be_attached_and_says_when_it_expired(client, bac_ninh_2020, today):
    user = login(client, bac_ninh_2020, "chuthe.yenphong")
    application = dossier("Dưa lê Yên Phong")
    today(datetime.date(2026, 11, 1))
    document = services_documents.standing_document_add(
        producer=application.product.producer, kind=StandingDocumentKind.FOOD_SAFETY, title="Giấy chứng nhận ATTP",
        expires_on=datetime.date(2026, 11, 30), uploaded_file=upload(), actor=user)
    today(datetime.date(2026, 12, 1))

    page = client.get(reverse("files:dossier-files", args=[application.pk])).content.decode()
    response = client.post(reverse("files:standing-attach", args=[application.pk]), {"document": document.pk, "action": "attach"},
                           follow=True)

    assert 'data-testid="attach-form"' not in page  # not offered
    assert [str(m) for m in response.context["messages"]] == [
        "“Giấy chứng nhận ATTP” đã hết hạn ngày 30/11/2026: không dùng được cho hồ sơ. Hãy tải lên bản còn hiệu lực trong "
        "mục giấy tờ của chủ thể."]
    assert application.standing_documents.count() == 0


def test_the_documents_page_shows_each_documents_expiry_state(client, bac_ninh_2020, today):
    user = login(client, bac_ninh_2020, "chuthe.yenphong")
    producer = dossier("Dưa lê Yên Phong").product.producer
    today(datetime.date(2026, 11, 1))
    for title, expires_on in (("Không hạn", None), ("Còn hạn", datetime.date(2027, 6, 1)), ("Sắp hết", datetime.date(2026, 12, 15)),
                              ("Hết hạn", datetime.date(2026, 11, 20))):
        services_documents.standing_document_add(producer=producer, kind=StandingDocumentKind.OTHER, title=title,
                                                 expires_on=expires_on, uploaded_file=upload(f"{title}.pdf"), actor=user)
    today(datetime.date(2026, 11, 25))

    content = client.get(reverse("files:documents", args=[producer.pk])).content.decode()

    states = re.findall(r'data-testid="expiry">([^<]+)<', content)
    assert sorted(states) == sorted(["Không thời hạn", "Còn hiệu lực đến 01/06/2027", "Sắp hết hạn: 15/12/2026",
                                     "Đã hết hạn ngày 20/11/2026"])


def test_a_bad_document_upload_shows_the_message_on_the_file_field(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "chuthe.yenphong")
    producer = dossier("Dưa lê Yên Phong").product.producer

    response = post_document(client, producer, file=SimpleUploadedFile("dkkd.pdf", b"PK\x03\x04" + b"\x00" * 40))

    assert response.status_code == 200
    assert "là văn bản Office (Word, Excel, PowerPoint) hoặc tệp nén" in response.content.decode()
    assert (StandingDocument.objects.filter(producer=producer).count(), stored_files()) == (0, [])


def test_an_officer_reads_the_documents_but_may_not_add_or_remove_them(client, bac_ninh_2020):
    producer_user = bac_ninh_2020["chuthe.yenphong"]
    producer = dossier("Dưa lê Yên Phong").product.producer
    document = services_documents.standing_document_add(producer=producer, kind=StandingDocumentKind.TRADEMARK, title="Nhãn hiệu",
                                                        uploaded_file=upload(), actor=producer_user)
    login(client, bac_ninh_2020, "xa.yenphong")

    page = client.get(reverse("files:documents", args=[producer.pk]))
    download = client.get(reverse("files:standing-download", args=[document.pk]))
    add = post_document(client, producer)
    remove = client.post(reverse("files:standing-delete", args=[document.pk]))

    assert (page.status_code, download.status_code, add.status_code, remove.status_code) == (200, 200, 403, 403)
    assert 'data-testid="document-form"' not in page.content.decode()
    assert StandingDocument.objects.filter(producer=producer).count() == 1


def test_the_producer_removes_a_document_no_submitted_dossier_uses(client, bac_ninh_2020):
    user = login(client, bac_ninh_2020, "chuthe.yenphong")
    producer = dossier("Dưa lê Yên Phong").product.producer
    document = services_documents.standing_document_add(producer=producer, kind=StandingDocumentKind.TRADEMARK, title="Nhãn hiệu",
                                                        uploaded_file=upload(), actor=user)

    response = client.post(reverse("files:standing-delete", args=[document.pk]), follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Đã xóa “Nhãn hiệu”."]
    assert not StandingDocument.objects.filter(pk=document.pk).exists()


def test_another_producers_document_cannot_be_attached(client, bac_ninh_2020):
    login(client, bac_ninh_2020, "chuthe.yenphong")
    application = dossier("Dưa lê Yên Phong")
    theirs = services_documents.standing_document_add(producer=dossier("Nem chua Thuận Thành").product.producer,
                                                      kind=StandingDocumentKind.TRADEMARK, title="Nhãn hiệu", uploaded_file=upload())

    response = client.post(reverse("files:standing-attach", args=[application.pk]), {"document": theirs.pk, "action": "attach"})

    assert (response.status_code, application.standing_documents.count()) == (404, 0)


# --- Query counts ---------------------------------------------------------------------------------------


def test_the_dossier_files_page_costs_the_same_queries_for_1_and_3_files(client, bac_ninh_2020, django_assert_num_queries):
    user = login(client, bac_ninh_2020, "chuthe.yenphong")
    application = dossier("Dưa lê Yên Phong")
    criteria = list(Criterion.objects.filter(sheet=application.sheet).order_by("position")[:3])
    url = reverse("files:dossier-files", args=[application.pk])
    add_evidence(application, bac_ninh_2020, "a.pdf", criterion=criteria[0])
    document = services_documents.standing_document_add(producer=application.product.producer, kind="trademark", title="A",
                                                        uploaded_file=upload("d1.pdf"), actor=user)
    services_evidence.dossier_attach_standing_document(application=application, document=document)

    # session, user, assignments, memberships, seats, the dossier, its evidence, their criteria, the
    # totals, its documents, the documents it could still use
    with django_assert_num_queries(11):
        one = client.get(url)
    add_evidence(application, bac_ninh_2020, "b.pdf", criterion=criteria[1])
    add_evidence(application, bac_ninh_2020, "c.pdf")
    for name in ("d2.pdf", "d3.pdf"):
        document = services_documents.standing_document_add(producer=application.product.producer, kind="other", title=name,
                                                            uploaded_file=upload(name), actor=user)
        services_evidence.dossier_attach_standing_document(application=application, document=document)
    with django_assert_num_queries(11):
        three = client.get(url)

    downloads = [len(re.findall(r'href="/files/evidence/\d+/"', r.content.decode())) for r in (one, three)]
    assert downloads == [1, 3]
    assert (one.content.decode().count('data-testid="detach"'), three.content.decode().count('data-testid="detach"')) == (1, 3)


def test_the_documents_page_costs_the_same_queries_for_1_and_3_documents(client, bac_ninh_2020, django_assert_num_queries):
    user = login(client, bac_ninh_2020, "chuthe.yenphong")
    producer = dossier("Dưa lê Yên Phong").product.producer
    url = reverse("files:documents", args=[producer.pk])
    services_documents.standing_document_add(producer=producer, kind="other", title="1", uploaded_file=upload("1.pdf"), actor=user)

    # session, user, assignments, memberships, the producer, its documents with their uses, seats (the header)
    with django_assert_num_queries(7):
        one = client.get(url)
    for name in ("2", "3"):
        services_documents.standing_document_add(producer=producer, kind="other", title=name, uploaded_file=upload(f"{name}.pdf"),
                                                 actor=user)
    with django_assert_num_queries(7):
        three = client.get(url)

    assert (one.content.decode().count('data-testid="expiry"'), three.content.decode().count('data-testid="expiry"')) == (1, 3)
