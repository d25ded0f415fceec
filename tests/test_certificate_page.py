"""A certificate's page: its producer and the province read it; the province revokes it with a
legal reason and a decision, after confirming; nobody else may."""

import pytest
from django.urls import reverse

from evaluations.models import Certificate

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def certificate(bac_ninh_2020):
    """A Đình Bảng certificate of 2020, made valid until 2027 so that it can still be revoked."""
    import datetime

    certificate = Certificate.objects.filter(result__application__product__producer__registration_number="2300412345").first()
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=datetime.date(2027, 10, 15), status="valid", ended_on=None)
    certificate.refresh_from_db()
    return certificate


def test_the_producer_reads_its_certificate_without_the_revocation(client, bac_ninh_2020, certificate):
    client.force_login(bac_ninh_2020["chuthe.dinhbang"])

    page = client.get(reverse("evaluations:certificate-detail", args=[certificate.pk])).content.decode()

    assert certificate.number in page
    assert 'data-testid="revoke"' not in page


@pytest.mark.parametrize("username", ["chuthe.yenphong", "xa.yenphong"])
def test_another_producer_or_commune_gets_404(client, bac_ninh_2020, certificate, username):
    client.force_login(bac_ninh_2020[username])

    response = client.get(reverse("evaluations:certificate-detail", args=[certificate.pk]))

    assert response.status_code == 404


def test_the_province_revokes_only_with_reason_decision_and_confirmation(client, bac_ninh_2020, certificate):
    client.force_login(bac_ninh_2020["tinh.bacninh"])
    url = reverse("evaluations:certificate-revoke", args=[certificate.pk])

    unconfirmed = client.post(url, {"reason": "Vi phạm an toàn thực phẩm", "decision_ref": "99/QĐ-UBND ngày 01/11/2026"})
    no_reason = client.post(url, {"reason": "", "decision_ref": "99/QĐ-UBND", "confirm": "on"})
    certificate.refresh_from_db()
    still_valid = certificate.status
    done = client.post(url, {"reason": "Vi phạm an toàn thực phẩm", "decision_ref": "99/QĐ-UBND ngày 01/11/2026", "confirm": "on"},
                       follow=True)

    certificate.refresh_from_db()
    assert "Hãy đánh dấu xác nhận trước khi thu hồi." in unconfirmed.content.decode()
    assert "Ghi rõ lý do thu hồi (căn cứ pháp lý)." in no_reason.content.decode()
    assert still_valid == "valid"
    assert (certificate.status, certificate.revocation_decision) == ("revoked", "99/QĐ-UBND ngày 01/11/2026")
    assert "Đã thu hồi giấy chứng nhận" in done.content.decode()


def test_the_producer_cannot_revoke(client, bac_ninh_2020, certificate):
    client.force_login(bac_ninh_2020["chuthe.dinhbang"])

    response = client.post(reverse("evaluations:certificate-revoke", args=[certificate.pk]),
                           {"reason": "x", "decision_ref": "y", "confirm": "on"})

    certificate.refresh_from_db()
    assert (response.status_code, certificate.status) == (403, "valid")
