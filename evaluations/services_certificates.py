"""The certificate's life after issue: expiry (the daily job), the Điều 12.3 extension while a
re-rating waits for its result, revocation, an upgrade superseding the old certificate, and the
notices to the producer at T−180 (the re-rating window opens), T−120 (it closes) and at expiry.

Every change keeps the certificate's PDFs: a revocation or a supersession asks for a new version
(so that the document can state it) and the older versions keep their files and SHA-256.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ocop_portal.core.models import Document
from ocop_portal.core.state import audit, set_status

from .models import ApplicationKind, Certificate, CertificateNotice, CertificateStatus
from .selectors_certificates import ENDED, ONE_DAY, certificate_state, last_day
from .services import RERATING_CLOSES_DAYS, RERATING_OPENS_DAYS, TRANSITIONAL_GRACE_DAYS, EvaluationError, rerating_certificate

CS = CertificateStatus
NOTICE_CATCH_UP_DAYS = 30  # a notice the job missed is still sent this many days after its date, never later


def verification_url(certificate):
    """The public page a certificate's QR code opens (absolute)."""
    return settings.PORTAL_BASE_URL + reverse("verify", kwargs={"code": certificate.verification_code})


def _new_pdf_versions(certificate, actor):
    """Ask for a new version of each PDF the certificate already has (one per language), so that
    the document shows its new state; the old versions stay as they are."""
    from ocop_portal.core import documents

    if "certificate" not in documents.KINDS:
        return []
    languages = (Document.objects.filter(content_type=ContentType.objects.get_for_model(Certificate), object_id=certificate.pk,
                                         kind="certificate").values_list("language", flat=True).distinct())
    return [documents.document_request(obj=certificate, kind="certificate", language=language, actor=actor, new_version=True)
            for language in sorted(set(languages))]


# --- Expiry and the Điều 12.3 extension --------------------------------------------------------


@transaction.atomic
def certificates_expire(*, today=None, actor=None):
    """Mark expired every certificate stored valid whose last day (`valid_until`, or a later
    `extended_until`) is before `today`; `ended_on` is the day after its last day. Returns them."""
    today = today or timezone.localdate()
    expired = []
    for certificate in (Certificate.objects.filter(status=CS.VALID, valid_until__lt=today)
                        .filter(Q(extended_until__isnull=True) | Q(extended_until__lt=today)).order_by("pk")):
        certificate.ended_on = last_day(certificate) + ONE_DAY
        set_status(certificate, CS.EXPIRED, actor=actor, extra_fields=["ended_on"],
                   note=_("Hết hiệu lực từ ngày %(day)s") % {"day": f"{certificate.ended_on:%d/%m/%Y}"})
        expired.append(certificate)
    return expired


@transaction.atomic
def certificate_extend_for_rerating(*, application, actor=None):
    """Điều 12.3 QĐ 26/2026: when `application` re-rates a certificate whose re-rating window
    opened before the regulation took effect, the certificate stays valid until the result, at
    most 180 days past its expiry: sets its `extended_until` to that limit. Does nothing for a
    re-rating in the ordinary window (returns None). To be called when the dossier is filed."""
    if application.kind != ApplicationKind.RERATING:
        raise EvaluationError(_("Chỉ hồ sơ đánh giá lại mới kéo dài hiệu lực giấy chứng nhận."), code="not_rerating")
    filed = timezone.localtime(application.submitted_at).date() if application.submitted_at else timezone.localdate()
    certificate, _period, transitional = rerating_certificate(application.product, filed, application.round.regulation)
    if certificate is None or not transitional:
        return None
    until = certificate.valid_until + datetime.timedelta(days=TRANSITIONAL_GRACE_DAYS)
    if certificate.extended_until != until:
        certificate.extended_until = until
        certificate.save(update_fields=["extended_until"])
        if certificate.status == CertificateStatus.EXPIRED:  # the daily job marked it before the re-rating came
            certificate.ended_on = None
            set_status(certificate, CertificateStatus.VALID, actor=actor, note="Điều 12.3", extra_fields=["ended_on"])
        audit(certificate, action="certificate_extend", actor=actor,
              note=_("Điều 12.3: hiệu lực kéo dài đến khi có kết quả đánh giá lại, chậm nhất %(day)s (hồ sơ %(receipt)s)")
              % {"day": f"{until:%d/%m/%Y}", "receipt": application.receipt_number or application.pk})
    return certificate


# --- Revocation and supersession ---------------------------------------------------------------


@transaction.atomic
def certificate_revoke(*, certificate, reason, decision_ref, actor=None, on=None):
    """Revoke a valid certificate for a legal reason, under a decision: status revoked, ended on
    `on` (today). Both the reason and the decision are required. A new PDF version is requested;
    the old ones are kept."""
    reason, decision_ref, on = (reason or "").strip(), (decision_ref or "").strip(), on or timezone.localdate()
    errors = {}
    if not reason:
        errors["reason"] = ValidationError(_("Ghi rõ lý do thu hồi (căn cứ pháp lý)."), code="required")
    if not decision_ref:
        errors["decision_ref"] = ValidationError(_("Ghi số, ngày của quyết định thu hồi."), code="required")
    if errors:
        raise EvaluationError(errors)
    state = certificate_state(certificate, on)
    if certificate.status == CS.VALID and state.status == CS.EXPIRED:
        raise EvaluationError(_("Giấy chứng nhận %(number)s đã hết hiệu lực từ ngày %(day)s: không thu hồi được.")
                              % {"number": certificate.number, "day": f"{state.ended_on:%d/%m/%Y}"}, code="expired")
    certificate.ended_on, certificate.revocation_reason, certificate.revocation_decision = on, reason, decision_ref
    set_status(certificate, CS.REVOKED, actor=actor, note=f"{decision_ref}: {reason}"[:500],
               extra_fields=["ended_on", "revocation_reason", "revocation_decision"])
    _new_pdf_versions(certificate, actor)
    return certificate


@transaction.atomic
def certificate_supersede(*, old, new, actor=None):
    """An upgrade's new certificate replaces the product's old one: the old one is superseded by
    `new` from the day `new` was issued. Both must be the same product's, `new` issued later and
    the old one still valid that day. A new PDF version of the old certificate is requested."""
    if old.pk == new.pk or old.result.application.product_id != new.result.application.product_id:
        raise EvaluationError(_("Giấy chứng nhận thay thế phải là của cùng sản phẩm."), code="other_product")
    if new.status != CS.VALID or new.issued_on < old.issued_on:
        raise EvaluationError(_("Giấy chứng nhận thay thế phải còn hiệu lực và được cấp sau giấy chứng nhận cũ."), code="not_newer")
    state = certificate_state(old, new.issued_on)
    if old.status == CS.VALID and state.status == CS.EXPIRED:
        raise EvaluationError(_("Giấy chứng nhận %(number)s đã hết hiệu lực từ ngày %(day)s, trước khi có giấy chứng nhận mới.")
                              % {"number": old.number, "day": f"{state.ended_on:%d/%m/%Y}"}, code="expired")
    old.superseded_by, old.ended_on = new, new.issued_on
    set_status(old, CS.SUPERSEDED, actor=actor, note=new.number, extra_fields=["superseded_by", "ended_on"])
    _new_pdf_versions(old, actor)
    return old


# --- Notices to the producer -------------------------------------------------------------------


def notices_due(today):
    """[(certificate, kind)] the producer should be told about today and has not been:
    t180 while the re-rating window is open before its last 120 days (T−180 ≤ today < T−120),
    t120 from its last day for `NOTICE_CATCH_UP_DAYS`, expired from the first day it no longer
    holds for `NOTICE_CATCH_UP_DAYS` (a job that missed days catches up; a long-expired certificate
    gets nothing)."""
    catch_up = datetime.timedelta(days=NOTICE_CATCH_UP_DAYS)
    window_opens, window_closes = datetime.timedelta(days=RERATING_OPENS_DAYS), datetime.timedelta(days=RERATING_CLOSES_DAYS)
    candidates = (Certificate.objects.filter(decision__status="issued").exclude(status__in=ENDED)
                  .filter(Q(valid_until__range=(today - catch_up - ONE_DAY, today + window_opens))
                          | Q(extended_until__range=(today - catch_up - ONE_DAY, today)))
                  .prefetch_related("notices").order_by("pk"))
    due = []
    for certificate in candidates:
        sent = {notice.kind for notice in certificate.notices.all()}
        state = certificate_state(certificate, today)
        opens, closes = certificate.valid_until - window_opens, certificate.valid_until - window_closes
        if state.is_valid and not state.extended:
            if opens <= today < closes and "t180" not in sent:
                due.append((certificate, "t180"))
            elif closes <= today <= closes + catch_up and "t120" not in sent:
                due.append((certificate, "t120"))
        elif state.status == CS.EXPIRED and state.ended_on <= today <= state.ended_on + catch_up and "expired" not in sent:
            due.append((certificate, "expired"))
    return due


@transaction.atomic
def certificate_notices_send(*, today=None):
    """Record each notice due today (one per certificate and kind, ever) and email it to the
    producer after commit. Returns the notices recorded."""
    from . import tasks_certificates

    recorded = []
    for certificate, kind in notices_due(today or timezone.localdate()):
        try:
            with transaction.atomic():  # a second job running at once records it first
                notice = CertificateNotice.objects.create(certificate=certificate, kind=kind)
        except IntegrityError:
            continue
        recorded.append(notice)
        notice_id = notice.pk
        transaction.on_commit(lambda notice_id=notice_id: tasks_certificates.certificate_notice_email.delay(notice_id=notice_id))
    return recorded


def certificates_daily_run(*, today=None):
    """The daily job: expire what ran out, then send the notices due. Returns the counts."""
    today = today or timezone.localdate()
    expired = certificates_expire(today=today)
    notices = certificate_notices_send(today=today)
    return {"expired": len(expired), "notices": len(notices)}


def certificate_notice_email_send(*, notice_id):
    """Email one notice to the producer's users (and the producer's own address), each in their
    language. Returns the number of messages sent."""
    from .notifications import recipients

    notice = (CertificateNotice.objects.select_related("certificate__result__application__product__producer")
              .filter(pk=notice_id).first())
    if notice is None:
        return 0
    certificate = notice.certificate
    application = certificate.result.application
    first, last = (certificate.valid_until - datetime.timedelta(days=RERATING_OPENS_DAYS),
                   certificate.valid_until - datetime.timedelta(days=RERATING_CLOSES_DAYS))
    messages = []
    for language, addresses in recipients(application).items():
        with translation.override(language):
            context = {
                "kind": notice.kind, "certificate": certificate, "product": application.product,
                "producer": application.product.producer, "first": first, "last": last,
                "ended_on": certificate.ended_on or last_day(certificate) + ONE_DAY,
                "url": settings.PORTAL_BASE_URL + reverse("producer-home"), "verification_url": verification_url(certificate),
            }
            subject = render_to_string("evaluations/email/certificate_notice_subject.txt", context).strip()
            body = render_to_string("evaluations/email/certificate_notice_body.txt", context)
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, addresses))
    return send_mass_mail(messages, fail_silently=False)
