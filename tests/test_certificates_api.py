"""GET /api/v1/certificates/ and /api/v1/certificates/<id>/: read-only, scoped by the access layer
(another province's certificate is 404), filtered by year, each with its true status today, the
verification link its QR code carries and the link of its latest PDF."""

import datetime
import secrets

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Certificate
from ocop_portal.core.models import Document, Role
from tests.factories import CertificateFactory, UnitFactory, user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

LIST = "/api/v1/certificates/"
DINH_BANG = "2300412345"


def detail_url(certificate):
    return reverse("api:certificate-detail", kwargs={"pk": certificate.pk})


def _pdf(certificate, version, status="ready"):
    document = Document(content_type=ContentType.objects.get_for_model(Certificate), object_id=certificate.pk,
                        kind="certificate", version=version, status=status)
    if status == "ready":
        body = b"%PDF-1.4\n% test\n"
        document.file.save(f"certificate-{certificate.pk}-v{version}.pdf", ContentFile(body), save=False)
        document.sha256, document.size, document.rendered_at = "f" * 64, len(body), timezone.now()
    document.save()
    return document


def test_anonymous_callers_are_asked_for_credentials(client, bac_ninh_2020):
    response = client.get(LIST)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_the_provinces_staff_get_the_2020_certificates_with_their_true_status(client, bac_ninh_2020):
    client.force_login(bac_ninh_2020["tinh.bacninh"])

    body = client.get(LIST, {"year": 2020}).json()

    assert body["count"] == 33
    row = body["results"][0]
    assert set(row) == {"id", "number", "star", "status", "status_label", "issued_on", "valid_until", "extended_until",
                        "ended_on", "revocation_reason", "revocation_decision", "superseded_by", "product", "producer",
                        "decision", "verification_url", "pdf_url"}
    assert (row["status"], row["status_label"], row["ended_on"]) == ("expired", "Hết hiệu lực", "2023-10-16")
    assert (row["issued_on"], row["valid_until"]) == ("2020-10-15", "2023-10-15")
    assert row["decision"] == {"number": "1502/QĐ-UBND (minh họa)", "signed_on": "2020-10-15"}
    certificate = Certificate.objects.get(pk=row["id"])
    assert row["verification_url"] == f"{settings.PORTAL_BASE_URL}/verify/{certificate.verification_code}/"
    assert row["verification_url"].startswith(("http://", "https://"))


def test_the_year_filter(client, bac_ninh_2020):
    client.force_login(bac_ninh_2020["tinh.bacninh"])

    counts = [client.get(LIST, {"year": year}).json()["count"] for year in (2020, 2021)]

    assert counts == [33, 0]


def test_a_stored_valid_certificate_past_its_day_reads_expired(client, bac_ninh_2020):
    staff = user_with_role(Role.PROVINCIAL_STAFF)
    until = timezone.localdate() - datetime.timedelta(days=1)
    certificate = CertificateFactory(result__application__round__province=staff.role_assignments.get().unit, valid_until=until,
                                     verification_code=secrets.token_hex(8))
    client.force_login(staff)

    row = client.get(detail_url(certificate)).json()

    assert (certificate.status, row["status"], row["ended_on"]) == ("valid", "expired", timezone.localdate().isoformat())


def test_another_provinces_staff_get_404_on_the_detail_and_nothing_in_the_list(client, bac_ninh_2020):
    certificate = Certificate.objects.filter(decision__round__year=2020).first()
    client.force_login(user_with_role(Role.PROVINCIAL_STAFF, UnitFactory(code="98")))

    detail = client.get(detail_url(certificate))
    listed = client.get(LIST).json()

    assert detail.status_code == 404
    assert listed["count"] == 0


def test_a_producer_sees_its_own_certificates_only(client, bac_ninh_2020):
    client.force_login(bac_ninh_2020["chuthe.dinhbang"])
    own = Certificate.objects.filter(result__application__product__producer__registration_number=DINH_BANG)
    other = Certificate.objects.exclude(result__application__product__producer__registration_number=DINH_BANG).first()

    body = client.get(LIST).json()

    assert sorted(row["id"] for row in body["results"]) == sorted(own.values_list("pk", flat=True))
    assert {row["producer"]["name"] for row in body["results"]} == {"Công ty TNHH Thực phẩm truyền thống Đình Bảng"}
    assert client.get(detail_url(other)).status_code == 404


def test_pdf_url_is_the_latest_ready_pdf_and_answers_a_pdf(client, bac_ninh_2020):
    certificate = Certificate.objects.filter(result__application__product__producer__registration_number=DINH_BANG).first()
    Document.objects.filter(object_id=certificate.pk, kind="certificate",
                            content_type=ContentType.objects.get_for_model(Certificate)).delete()
    _pdf(certificate, 1)
    latest = _pdf(certificate, 2)
    _pdf(certificate, 3, status="waiting")
    client.force_login(bac_ninh_2020["chuthe.dinhbang"])

    row = client.get(detail_url(certificate)).json()
    download = client.get(row["pdf_url"].removeprefix(settings.PORTAL_BASE_URL))

    assert row["pdf_url"] == settings.PORTAL_BASE_URL + reverse("document-download", kwargs={"pk": latest.pk})
    assert (download.status_code, download["Content-Type"]) == (200, "application/pdf")


def test_pdf_url_is_null_without_a_ready_pdf(client, bac_ninh_2020):
    certificate = Certificate.objects.filter(decision__round__year=2020).first()
    Document.objects.filter(object_id=certificate.pk, kind="certificate",
                            content_type=ContentType.objects.get_for_model(Certificate)).delete()
    _pdf(certificate, 1, status="waiting")
    client.force_login(bac_ninh_2020["tinh.bacninh"])

    assert client.get(detail_url(certificate)).json()["pdf_url"] is None


def test_a_token_reads_the_api(client, bac_ninh_2020, api_token):
    headers = {"HTTP_AUTHORIZATION": f"Token {api_token(bac_ninh_2020['tinh.bacninh'])}"}

    response = client.get(LIST, {"year": 2020}, **headers)

    assert (response.status_code, response.json()["count"]) == (200, 33)


def test_the_list_costs_the_same_queries_for_1_and_3_certificates(client, bac_ninh_2020, django_assert_num_queries):
    staff = user_with_role(Role.PROVINCIAL_STAFF)
    province = staff.role_assignments.get().unit

    def make():
        certificate = CertificateFactory(result__application__round__province=province, result__application__product__producer__unit=province,
                                         verification_code=secrets.token_hex(8))
        _pdf(certificate, 1)
        return certificate

    make()
    client.force_login(staff)
    # session, user; the access layer: assignments, units replaced (as provincial staff, then in
    # every territory role), memberships, seats; the count, the rows (products, producers, units,
    # decisions in one join), their PDFs
    with django_assert_num_queries(10):
        one = client.get(LIST).json()
    make()
    make()

    with django_assert_num_queries(10):
        three = client.get(LIST).json()

    assert (one["count"], three["count"]) == (1, 3)
    assert all(row["pdf_url"] for row in three["results"])
