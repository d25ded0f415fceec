"""The reward decision (Quyết định khen thưởng) of the Bắc Ninh 2020 batch, rendered through the
shared pipeline and read back as a clerk would: its legal bases, the 33 producers' products with
their stars and amounts, the total in figures and in words; a proposed batch's decision is a
draft; who may download it."""

import io
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ocop_portal.core import documents as core_documents
from ocop_portal.core.models import DocumentStatus
from ocop_portal.core.pdf import render_pdf
from rewards import documents as RD
from rewards.models import PayoutBatch

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def text_of(pdf):
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        return out.rstrip("\f").split("\f")
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(pages):
    return re.sub(r"\s+", " ", " ".join(pages))


@pytest.fixture
def batch(bac_ninh_2020):
    return PayoutBatch.objects.get()


def render(batch):
    template, context, filename = RD.build_reward_decision(batch, "vi")
    return render_pdf(template, context, language="vi"), context, filename


def test_the_2020_reward_decision_lists_33_products_and_its_total_in_figures_and_words(batch, tmp_path):
    pdf, context, filename = render(batch)
    (tmp_path / filename).write_bytes(pdf)

    pages = text_of(pdf)
    text = flat(pages)
    assert filename == "quyet-dinh-khen-thuong-1688-qd-ubnd-minh-hoa.pdf"
    assert "QUYẾT ĐỊNH" in text and "Về việc khen thưởng các chủ thể có sản phẩm được công nhận đạt sản phẩm OCOP" in text
    assert "Số: 1688/QĐ-UBND (minh họa)" in text
    assert "Bắc Ninh, ngày 20 tháng 11 năm 2020" in text
    assert "Căn cứ Quyết định số 1245/QĐ-UBND (minh họa)" in text
    assert "Căn cứ Quyết định số 1502/QĐ-UBND (minh họa) ngày 15 tháng 10 năm 2020" in text
    assert "Theo đề nghị của Giám đốc Sở Nông nghiệp và Phát triển nông thôn." in text
    assert "Khen thưởng 16 chủ thể có 33 sản phẩm" in text and "(30 sản phẩm 4 sao; 3 sản phẩm 3 sao)" in text
    assert "Tổng số tiền thưởng: 960.000.000 đồng" in text
    assert text.count("Bằng chữ: Chín trăm sáu mươi triệu đồng") == 2  # the article and the annex
    assert "Nguồn kinh phí: Ngân sách tỉnh – Chương trình OCOP." in text
    assert "Nguyễn Văn Thành (minh họa)" in text and "DỰ THẢO" not in text
    assert text.count("30.000.000") == 30 and text.count("20.000.000") == 3
    assert "Sản phẩm 4 sao (30 sản phẩm)" in text and "Sản phẩm 3 sao (3 sản phẩm)" in text
    assert ("900.000.000" in text, "60.000.000" in text, "Tổng cộng" in text) == (True, True, True)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3


def test_a_proposed_batch_gives_a_draft_with_its_number_and_day_left_blank(batch):
    PayoutBatch.objects.filter(pk=batch.pk).update(status="proposed")
    batch.refresh_from_db()

    pdf, context, filename = render(batch)

    text = flat(text_of(pdf))
    assert context["draft"] is True and filename == f"quyet-dinh-khen-thuong-du-thao-{batch.pk}.pdf"
    assert "DỰ THẢO" in text and "1688/QĐ-UBND" not in text
    assert "Kèm theo dự thảo Quyết định khen thưởng" in text
    assert "Bằng chữ: Chín trăm sáu mươi triệu đồng" in text


def test_the_demo_requested_the_reward_decision_and_only_the_provinces_money_roles_read_it(client, batch, bac_ninh_2020):
    document = core_documents.document_for(batch, RD.REWARD_DECISION_KIND)
    assert (document.version, document.status in DocumentStatus.values) == (2, True)  # the draft, then the approved one
    url = reverse("document-status", args=[document.pk])

    outcomes = {}
    for username in ("tinh.bacninh", "pheduyet", "ketoan", "chuthe.dinhbang", "huyen.tuson"):
        client.force_login(bac_ninh_2020[username])
        outcomes[username] = client.get(url).status_code

    assert outcomes == {"tinh.bacninh": 200, "pheduyet": 200, "ketoan": 200, "chuthe.dinhbang": 404, "huyen.tuson": 404}
