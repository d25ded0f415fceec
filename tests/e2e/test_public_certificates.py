"""The public certificate pages on a 390 px phone and on a desktop: the verification page in each
state, the "not found" page, the form to type a code and the catalogue pass axe (no serious or
critical violation) and nothing is wider than the phone's screen."""

import datetime
import secrets

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from evaluations.models import Certificate, Scorecard
from evaluations.services_certificates import certificate_revoke, certificate_supersede
from ocop_portal.core.models import Document

from .test_intake import fits
from .test_layout import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def certificates(live_server):
    """The demo (its 2020 certificates expired), and certificates valid today: one with a PDF,
    one revoked, one superseded by another."""
    from evaluations.catalogue_services import catalogue_load
    from ocop_portal import demo
    from tests.factories import CertificateFactory

    catalogue_load()
    demo.seed_demo()
    today = timezone.localdate()

    def make(**fields):
        return CertificateFactory(valid_until=today + datetime.timedelta(days=400), verification_code=secrets.token_hex(8), **fields)

    valid = make(result__application__product__name="Mật ong hoa nhãn Hưng Yên", star=4)
    Document.objects.create(content_type=ContentType.objects.get_for_model(Certificate), object_id=valid.pk, kind="certificate",
                            version=1, status="ready", sha256=secrets.token_hex(32), size=1000, rendered_at=timezone.now())
    revoked = make(result__application__product__name="Rượu men lá")
    certificate_revoke(certificate=revoked, reason="Sản phẩm không duy trì tiêu chuẩn an toàn thực phẩm theo kết quả hậu kiểm",
                       decision_ref="Quyết định số 88/QĐ-UBND ngày 20/11/2026", on=today)
    old = make(star=3, result__application__product__name="Miến dong Bình Liêu")
    new = make(star=4, result__application__product=old.result.application.product)
    certificate_supersede(old=old, new=new)
    expired = Certificate.objects.filter(decision__round__year=2020).order_by("pk").first()
    yield {"expired": expired, "valid": valid, "revoked": revoked, "superseded": old}
    Scorecard.objects.filter(status="submitted").update(status="reopened")  # see test_intake's demo


def test_the_public_pages_pass_axe_and_fit_a_phone(live_server, page, certificates, artifacts):
    pages = {f"verify-{state}": f"/verify/{c.verification_code}/" for state, c in certificates.items()}
    pages.update({"not-found": "/verify/0000000000000000/", "lookup": "/council/certificates/verify/?code=abc",
                  "catalogue": "/catalogue/"})
    found = {}
    for name, path in pages.items():
        for label, size in (("390", PHONE), ("1280", DESKTOP)):
            page.set_viewport_size(size)
            page.goto(live_server.url + path)
            page.screenshot(path=artifacts / f"public-{name}-{label}.png", full_page=True)
            found[f"{name}-{label}"] = (serious_violations(page), fits(page, size["width"]))

    assert found == {key: ([], True) for key in found}
