"""The public verification page (where a certificate's QR code leads), the form to type a code, and
the catalogue of the products rated today. No login; the status is the true one today even when
the daily job has not run; an unknown code is a clear 404; lookups are limited per address."""

import datetime
import re
import secrets

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from evaluations import views_public
from evaluations.models import Certificate, RecognitionDecision
from evaluations.services_certificates import certificate_extend_for_rerating, certificate_revoke, certificate_supersede
from ocop_portal.core.models import Document
from tests.factories import CertificateFactory, ProductFactory, ProductSetFactory, UnitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def fix_today(monkeypatch, day):
    """Today is `day` (the clock is the outside world; a date asked of a given moment is left alone)."""
    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: day if value is None else real(value, timezone))


@pytest.fixture
def clock(monkeypatch):
    fix_today(monkeypatch, TODAY)
    return TODAY


@pytest.fixture
def make(bac_ninh_2020):
    def make(until=TODAY + datetime.timedelta(days=400), **fields):
        fields.setdefault("issued_on", until.replace(year=until.year - 3))
        return CertificateFactory(valid_until=until, verification_code=secrets.token_hex(8), **fields)
    return make


def page(client, certificate_or_code):
    code = getattr(certificate_or_code, "verification_code", certificate_or_code)
    return client.get(reverse("verify", kwargs={"code": code}))


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def verdict(response):
    return re.search(r'data-testid="verdict" data-status="(\w+)"', response.content.decode()).group(1)


def detail(response):
    return re.sub(r"<[^>]+>", "", re.search(r'data-testid="verdict-detail">(.*?)</p>', text(response)).group(1)).strip()


# --- The states ----------------------------------------------------------------------------------


def test_the_demos_2020_certificate_reads_expired_with_its_date(client, bac_ninh_2020):
    certificate = Certificate.objects.filter(result__application__product__producer__registration_number="2300412345").first()
    product = certificate.result.application.product

    response = page(client, certificate)

    assert response.status_code == 200
    assert verdict(response) == "expired"
    assert detail(response).startswith("Giấy chứng nhận đã hết hiệu lực từ ngày 16/10/2023 (hiệu lực đến hết ngày 15/10/2023).")
    content = text(response)
    for shown in (certificate.number, product.name, "Công ty TNHH Thực phẩm truyền thống Đình Bảng",
                  "Phường Đồng Nguyên, Thị xã Từ Sơn, Tỉnh Bắc Ninh", "15/10/2020", "15/10/2023",
                  "Số 1502/QĐ-UBND (minh họa) ngày 15/10/2020", "Ủy ban nhân dân tỉnh Bắc Ninh"):
        assert shown in content, shown
    assert f"{certificate.star} sao" in content


def test_a_valid_certificate_says_until_when(client, clock, make):
    certificate = make(until=TODAY)  # its last day

    response = page(client, certificate)

    assert verdict(response) == "valid"
    assert detail(response) == "Giấy chứng nhận còn hiệu lực đến hết ngày 01/12/2026."
    assert "Tình trạng tính đến ngày 01/12/2026." in text(response)


def test_a_certificate_past_its_last_day_reads_expired_before_the_job_runs(client, clock, make):
    certificate = make(until=TODAY - datetime.timedelta(days=1))

    response = page(client, certificate)

    assert Certificate.objects.get(pk=certificate.pk).status == "valid"  # stored: the job has not run
    assert verdict(response) == "expired"
    assert detail(response).startswith("Giấy chứng nhận đã hết hiệu lực từ ngày 01/12/2026 (hiệu lực đến hết ngày 30/11/2026).")


def test_a_revoked_certificate_gives_the_reason_and_the_decision(client, clock, make):
    certificate = make()
    certificate_revoke(certificate=certificate, reason="Sản phẩm không duy trì tiêu chuẩn an toàn thực phẩm",
                       decision_ref="Quyết định số 88/QĐ-UBND ngày 20/11/2026", on=datetime.date(2026, 11, 20))

    response = page(client, certificate)

    assert verdict(response) == "revoked"
    assert detail(response) == "Giấy chứng nhận bị thu hồi từ ngày 20/11/2026 theo Quyết định số 88/QĐ-UBND ngày 20/11/2026."
    assert "Lý do thu hồi: Sản phẩm không duy trì tiêu chuẩn an toàn thực phẩm" in re.sub(r"<[^>]+>", "", text(response))


def test_a_superseded_certificate_leads_to_the_one_that_replaced_it(client, clock, make):
    old = make(star=3)
    new = make(star=4, result__application__product=old.result.application.product,
               issued_on=datetime.date(2026, 10, 15), until=datetime.date(2029, 10, 15))
    certificate_supersede(old=old, new=new)

    response = page(client, old)

    assert verdict(response) == "superseded"
    assert detail(response) == f"Giấy chứng nhận được thay thế từ ngày 15/10/2026 bởi giấy chứng nhận mới: số {new.number} (4 sao)."
    assert f'href="/verify/{new.verification_code}/"' in response.content.decode()
    assert verdict(page(client, new)) == "valid"


def test_a_certificate_extended_under_article_12_3_says_until_when(client, bac_ninh_2020, monkeypatch):
    from evaluations import services as ev
    from evaluations.models import EvaluationRound, ScoringSheet

    certificate = Certificate.objects.filter(decision__round__year=2020).select_related("result__application__product").first()
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=datetime.date(2026, 8, 1))
    product = certificate.result.application.product
    rnd = EvaluationRound.objects.get(year=2026)
    application = ev.application_create(product=product, round=rnd, kind="rerating", on=datetime.date(2026, 9, 15),
                                        sheet=ScoringSheet.objects.get(regulation=rnd.regulation,
                                                                       set_number=product.product_set.number))
    application.submitted_at = timezone.make_aware(datetime.datetime(2026, 9, 15, 9))
    certificate_extend_for_rerating(application=application)
    fix_today(monkeypatch, datetime.date(2026, 12, 1))

    response = page(client, certificate)

    assert verdict(response) == "valid"
    assert detail(response) == (
        "Giấy chứng nhận hết hạn ngày 01/08/2026 nhưng vẫn còn hiệu lực theo khoản 3 Điều 12 Quyết định số 26/2026/QĐ-TTg: "
        "sản phẩm đang được đánh giá, phân hạng lại; hiệu lực kéo dài đến ngày có kết quả, chậm nhất đến hết ngày 28/01/2027.")
    assert "Còn hiệu lực (được kéo dài)" in text(response)


# --- The PDF's hash -----------------------------------------------------------------------------


def _ready_pdf(certificate, version, sha256):
    return Document.objects.create(content_type=ContentType.objects.get_for_model(Certificate), object_id=certificate.pk,
                                   kind="certificate", version=version, status="ready", sha256=sha256, size=10,
                                   rendered_at=timezone.now())


def test_the_page_gives_the_latest_pdfs_hash_and_keeps_the_older_ones(client, make):
    certificate = make()
    _ready_pdf(certificate, 1, "1" * 64)
    _ready_pdf(certificate, 2, "2" * 64)
    Document.objects.create(content_type=ContentType.objects.get_for_model(Certificate), object_id=certificate.pk,
                            kind="certificate", version=3, status="waiting")  # not rendered yet: not shown

    content = page(client, certificate).content.decode()

    assert re.findall(r'data-testid="sha256">(\w+)<', content) == ["2" * 64]
    assert re.findall(r'data-testid="sha256-old">(\w+)<', content) == ["1" * 64]


def test_without_a_pdf_the_page_says_so(client, make):
    content = page(client, make()).content.decode()

    assert 'data-testid="no-pdf"' in content
    assert 'data-testid="sha256"' not in content


# --- Not found, draft decisions, the limit -----------------------------------------------------------


def test_an_unknown_code_is_a_clear_404(client, bac_ninh_2020):
    response = page(client, "0000000000000000")

    assert response.status_code == 404
    assert "Không tìm thấy giấy chứng nhận" in text(response)
    assert "Không có giấy chứng nhận OCOP nào mang mã xác thực" in text(response)


def test_a_certificate_of_a_decision_not_yet_issued_is_not_found(client, make):
    certificate = make()
    RecognitionDecision.objects.filter(pk=certificate.decision_id).update(status="draft")

    assert page(client, certificate).status_code == 404


def test_demo_codes_are_16_unguessable_hex_characters(bac_ninh_2020):
    codes = list(Certificate.objects.filter(decision__round__year=2020).values_list("verification_code", flat=True))

    assert all(re.fullmatch(r"[0-9a-f]{16}", code) for code in codes)
    assert len(set(codes)) == len(codes) == 33


def test_thirty_lookups_a_minute_then_a_429_in_vietnamese(client, make, monkeypatch):
    certificate = make()
    now = [1_000_000.0]
    monkeypatch.setattr(views_public.time, "time", lambda: now[0])

    answers = [page(client, certificate if i % 2 else "0000000000000000").status_code for i in range(30)]
    refused = page(client, certificate)
    other_address = client.get(reverse("verify", kwargs={"code": certificate.verification_code}), REMOTE_ADDR="10.1.2.3")
    now[0] += 60.5
    a_minute_later = page(client, certificate)

    assert set(answers) == {200, 404}
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Bạn tra cứu quá nhiều lần" in text(refused)
    assert "tối đa 30 lần mỗi phút" in text(refused)
    assert (other_address.status_code, a_minute_later.status_code) == (200, 200)


# --- The form to type a code ------------------------------------------------------------------------


def test_the_lookup_form_is_public_and_linked_for_visitors(client, bac_ninh_2020):
    url = reverse("evaluations:certificate-lookup")

    response = client.get(url)
    home = client.get(reverse("home")).content.decode()

    assert response.status_code == 200
    assert 'for="id_code"' in response.content.decode()
    assert f'href="{url}"' in home


@pytest.mark.parametrize("typed", ["{code}", "  {upper}  ", "{spaced}", "https://ocop.example.vn/verify/{code}/"])
def test_the_form_takes_the_code_as_typed_or_the_link_from_the_qr_code(client, make, typed):
    certificate = make()
    code = certificate.verification_code
    value = typed.format(code=code, upper=code.upper(), spaced=" ".join([code[:4], code[4:8], code[8:12], code[12:]]))

    response = client.get(reverse("evaluations:certificate-lookup"), {"code": value})

    assert (response.status_code, response.url) == (302, f"/verify/{code}/")


def test_a_malformed_code_is_explained_next_to_the_field(client, bac_ninh_2020):
    response = client.get(reverse("evaluations:certificate-lookup"), {"code": "abc-xyz"})

    assert response.status_code == 200
    assert "Mã xác thực gồm 16 ký tự: chữ số 0–9 và chữ cái a–f." in text(response)


# --- The catalogue ----------------------------------------------------------------------------------


def _rows(response):
    return re.findall(r'data-testid="catalogue-row">\s*<th scope="row"><a class="row-link" href="/verify/\w+/">([^<]+)<', response.content.decode())


def test_the_catalogue_lists_only_products_valid_today(client, clock, make):
    make(result__application__product__name="Mật ong bạc hà", star=4)
    make(result__application__product__name="Miến dong", star=3, until=TODAY)
    make(result__application__product__name="Chè shan tuyết", until=TODAY - datetime.timedelta(days=1))  # stored valid, ran out
    revoked = make(result__application__product__name="Rượu men lá")
    certificate_revoke(certificate=revoked, reason="Lý do", decision_ref="1/QĐ-UBND", on=TODAY)
    draft = make(result__application__product__name="Bánh chưng")
    RecognitionDecision.objects.filter(pk=draft.decision_id).update(status="draft")

    response = client.get(reverse("catalogue"))

    assert response.status_code == 200
    assert _rows(response) == ["Mật ong bạc hà", "Miến dong"]  # the higher star first


def test_the_catalogue_searches_by_name_set_star_and_unit(client, clock, make):
    province = UnitFactory(name="Tỉnh Thử Nghiệm")
    commune = UnitFactory(name="Xã Hòa Bình", level="commune", parent=province)
    honey = make(result__application__product=ProductFactory(name="Mật ong", producer__unit=commune,
                                                             product_set=ProductSetFactory(number=2, name="Mật ong")), star=5)
    make(result__application__product__name="Miến dong", star=3)
    make(result__application__product__name="Mật ong rừng", star=4)
    url = reverse("catalogue")

    assert _rows(client.get(url, {"q": "mật ong"})) == ["Mật ong", "Mật ong rừng"]
    assert _rows(client.get(url, {"q": honey.result.application.product.producer.name})) == ["Mật ong"]
    assert _rows(client.get(url, {"star": "3"})) == ["Miến dong"]
    assert _rows(client.get(url, {"product_set": honey.result.application.product.product_set.pk})) == ["Mật ong"]
    assert _rows(client.get(url, {"province": province.pk})) == ["Mật ong"]
    assert _rows(client.get(url, {"commune": "Hòa Bình"})) == ["Mật ong"]
    nothing = client.get(url, {"q": "không có"})
    assert "Không có sản phẩm nào khớp với điều kiện tìm kiếm." in text(nothing)


def test_the_catalogue_finds_a_province_s_products_under_the_units_it_replaced(client, clock, make):
    old = UnitFactory(name="Tỉnh Cũ", valid_until=datetime.date(2025, 6, 30))
    new = UnitFactory(name="Tỉnh Mới", valid_from=datetime.date(2025, 7, 1))
    new.predecessors.add(old)
    make(result__application__product__name="Gốm cũ", result__application__product__producer__unit=old)
    make(result__application__product__name="Khác")

    response = client.get(reverse("catalogue"), {"province": new.pk})

    assert _rows(response) == ["Gốm cũ"]
    assert f'value="{old.pk}"' not in response.content.decode()  # only today's provinces are offered


def test_the_catalogue_pages_by_20(client, clock, make):
    for i in range(21):
        make(result__application__product__name=f"Sản phẩm {i:02d}", star=4)

    first = client.get(reverse("catalogue"), {"star": "4"})
    second = client.get(reverse("catalogue"), {"star": "4", "page": 2})

    assert (len(_rows(first)), len(_rows(second))) == (20, 1)
    assert 'href="?star=4&amp;page=2"' in first.content.decode()


def test_the_catalogue_costs_the_same_queries_for_1_and_3_products(client, clock, make, django_assert_num_queries):
    make(result__application__product__name="Một")
    client.get(reverse("catalogue"))  # the content types and units are cached after a first visit
    # the product sets and the provinces offered, the count, the rows (products, producers, units,
    # decisions in one join)
    with django_assert_num_queries(4):
        one = client.get(reverse("catalogue"))
    make(result__application__product__name="Hai")
    make(result__application__product__name="Ba")

    with django_assert_num_queries(4):
        three = client.get(reverse("catalogue"))

    assert (len(_rows(one)), len(_rows(three))) == (1, 3)


def test_the_verification_page_costs_the_same_queries_with_and_without_pdfs(client, make, django_assert_num_queries):
    certificate = make()
    # the limit lives in the cache: the certificate with everything it shows, its PDFs
    with django_assert_num_queries(2):
        page(client, certificate)
    _ready_pdf(certificate, 1, "1" * 64)
    _ready_pdf(certificate, 2, "2" * 64)

    with django_assert_num_queries(2):
        page(client, certificate)
