"""A certificate's true status on a given day, and the public reads built on it (the verification
page, the catalogue, the API).

The stored `status` is what the daily job (`services_certificates.certificates_daily_run`) last
wrote: a certificate stored `valid` whose last day has passed is expired all the same, even if the
job has not run yet. So everything shown to a reader goes through `certificate_state`, or filters
with `valid_on`, never through the stored field alone. Revoked and superseded are stored at once
by their services; "valid" and "expired" follow from the dates: `valid_until`, pushed back to
`extended_until` while a re-rating filed under Điều 12.3 QĐ 26/2026 waits for its result.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from ocop_portal.core.models import Document, DocumentStatus

from .models import Certificate, CertificateStatus

ENDED = (CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED)
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class CertificateState:
    """What a certificate is on `day`: its status, the last day it holds (or held), the first day
    it no longer held (None while valid) and whether it holds only by the Điều 12.3 extension."""

    status: str
    last_day: datetime.date
    ended_on: datetime.date | None
    extended: bool

    @property
    def label(self):
        return CertificateStatus(self.status).label

    @property
    def is_valid(self):
        return self.status == CertificateStatus.VALID


def last_day(certificate):
    """The last day `certificate` holds by its dates: `valid_until`, or `extended_until` when a
    re-rating under Điều 12.3 pushed it back."""
    return max(certificate.valid_until, certificate.extended_until or certificate.valid_until)


def certificate_state(certificate, day):
    """The true status of `certificate` on `day` (no query)."""
    end = last_day(certificate)
    if certificate.status in ENDED:
        return CertificateState(certificate.status, end, certificate.ended_on, False)
    if day <= end:
        return CertificateState(CertificateStatus.VALID, end, None, day > certificate.valid_until)
    return CertificateState(CertificateStatus.EXPIRED, end, end + ONE_DAY, False)


def valid_on(day, prefix=""):
    """Q for certificates truly valid on `day` (`prefix`: the path to the certificate, e.g.
    "certificate__")."""
    return (~Q(**{f"{prefix}status__in": ENDED})
            & (Q(**{f"{prefix}valid_until__gte": day}) | Q(**{f"{prefix}extended_until__gte": day})))


PUBLIC_RELATED = ("result__application__product__product_set", "result__application__product__producer__unit__parent__parent",
                  "decision__province", "superseded_by")


def public_certificates():
    """Certificates of issued decisions: the only ones a member of the public may check."""
    return Certificate.objects.filter(decision__status="issued")


def certificate_by_code(code):
    """The certificate whose verification code is `code`, with what its public page shows, or None."""
    return public_certificates().select_related(*PUBLIC_RELATED).filter(verification_code=code).first()


def catalogue_certificates(day):
    """The products rated today (3★ and up, truly valid on `day`), best first then by name."""
    return (public_certificates().filter(valid_on(day), star__gte=3).select_related(*PUBLIC_RELATED)
            .order_by("-star", "result__application__product__name", "pk"))


def certificate_documents(certificate, language="vi"):
    """The ready PDF versions of `certificate` in `language`, newest first (older versions are
    kept: a holder's earlier print still matches its own hash)."""
    return list(Document.objects.filter(content_type__app_label="evaluations", content_type__model="certificate",
                                        object_id=certificate.pk, kind="certificate", language=language,
                                        status=DocumentStatus.READY).order_by("-version"))


def latest_pdfs(certificate_ids, language="vi"):
    """{certificate id: its latest ready PDF Document} for many certificates, in one query."""
    latest = {}
    for document in (Document.objects.filter(content_type__app_label="evaluations", content_type__model="certificate",
                                             object_id__in=list(certificate_ids), kind="certificate", language=language,
                                             status=DocumentStatus.READY).order_by("object_id", "-version")):
        latest.setdefault(document.object_id, document)
    return latest
