"""Reads of the issuing pages: what a recognition decision contains (the products it recognises,
those referred to the ministry, those not achieved), how far its certificates' PDFs are, the
products of a round referred to the ministry. Shared by `services_issuing` and `views_issuing`."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q

from ocop_portal.core import access, documents
from ocop_portal.core.models import Document, DocumentStatus

from . import selectors
from .models import Application, ApplicationStatus, Certificate, RecognitionDecision, Result

S = ApplicationStatus
DECISION_KIND, CERTIFICATE_KIND = "recognition_decision", "certificate"
ROW_RELATED = ("application__product__producer__unit", "session")


def results_in_scope(decision):
    """The frozen results a decision speaks about: its session's; for a draft without a session
    (`services.decision_issue` over a round of several sessions) those of the round's closed
    sessions; for an issued one without a session (a recognition from the ministry's answer) those
    it certified."""
    if decision.session_id:
        return Result.objects.filter(session_id=decision.session_id)
    if decision.status == "draft":
        return Result.objects.filter(session__round_id=decision.round_id, session__status="closed")
    return Result.objects.filter(certificate__decision=decision)


def _ordered(qs):
    return qs.select_related(*ROW_RELATED).order_by("application__product__producer__name", "application__product__name", "pk")


def pending_results(decision):
    """Results still waiting for a decision: rated (3★ to 5★) and not yet recognised or referred."""
    return _ordered(results_in_scope(decision).filter(application__status=S.RATED))


def decision_contents(decision):
    """{"recognise": [...], "refer": [...], "not_achieved": [...]}: rows of results (a draft: what
    issuing it will do; an issued decision: what it did). The 5★ band with the 5★ minimums met is
    referred to the ministry (result star 5) and gets no provincial certificate."""
    in_scope = list(_ordered(results_in_scope(decision)))
    if decision.status == "draft":
        pending = [r for r in in_scope if r.application.status == S.RATED]
        recognise = [r for r in pending if r.star != 5]
        refer = [r for r in pending if r.star == 5]
    else:
        certified = dict(Certificate.objects.filter(decision=decision).values_list("result_id", "star"))
        recognise = [r for r in in_scope if r.pk in certified]
        for r in recognise:
            r.certificate_star = certified[r.pk]
        refer = [r for r in in_scope if r.star == 5 and r.pk not in certified
                 and r.application.status in (S.REFERRED, S.RECOGNISED)]
    not_achieved = [r for r in in_scope if r.star is None or r.star < 3]
    return {"recognise": recognise, "refer": refer, "not_achieved": not_achieved}


def covering_decision(session):
    """The issued decision that already recognised this session's results, if any."""
    return (RecognitionDecision.objects.filter(status="issued")
            .filter(Q(session=session) | Q(certificates__result__session=session)).distinct().order_by("signed_on", "pk").first())


def round_decisions(round, user, *, with_drafts):
    """The round's decisions the user may see, with their certificate counts; drafts only for
    those who work on them."""
    qs = selectors.decisions_visible_to(user).filter(round=round)
    if not with_drafts:
        qs = qs.filter(status="issued")
    return (RecognitionDecision.objects.filter(pk__in=qs.values("pk")).select_related("session__council")
            .annotate(certificate_count=Count("certificates")).order_by("-signed_on", "-pk"))


def closed_sessions(round):
    """The round's closed sessions with how many of their results still wait for a decision."""
    return (round.sessions.filter(status="closed").select_related("council")
            .annotate(pending=Count("results", filter=Q(results__application__status=S.RATED)))
            .order_by("starts_on", "pk"))


def _latest_documents(model, ids, kind, language):
    if not ids:
        return {}
    latest = {}
    for document in (Document.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=ids,
                                             kind=kind, language=language).order_by("object_id", "version")):
        latest[document.object_id] = document
    return latest


def certificate_rows(decision, language="vi"):
    """(certificates of the decision with `.document` — its PDF or None — and
    `.application`, counts {"total", "ready", "waiting", "failed"}), in two queries."""
    certificates = list(decision.certificates.select_related("result__application__product__producer__unit")
                        .order_by("number"))
    found = _latest_documents(Certificate, [c.pk for c in certificates], CERTIFICATE_KIND, language)
    counts = {"total": len(certificates), "ready": 0, "waiting": 0, "failed": 0}
    for certificate in certificates:
        certificate.document = found.get(certificate.pk)
        certificate.application = certificate.result.application
        if certificate.document is not None:
            counts[certificate.document.status] += 1
    return certificates, counts


def decision_document(decision, language="vi"):
    if DECISION_KIND not in documents.KINDS:
        return None
    return documents.document_for(decision, DECISION_KIND, language)


def referred_applications(round):
    """The round's products referred to the ministry for 5★ (still waiting, or answered), with the
    ministry's answer and the province's own certificate when it recognised one from the answer."""
    return (Application.objects.filter(round=round).filter(Q(status=S.REFERRED) | Q(ministry_answer__isnull=False))
            .select_related("product__producer__unit", "ministry_answer")
            .order_by("product__producer__name", "product__name", "pk"))


def referral_result(application):
    """The provincial council's result that sent the product to the ministry."""
    return (application.results.filter(session__status="closed").select_related("session")
            .order_by("-created_at", "-pk").first())


def local_certificates(application_ids):
    """{application id: its certificate} for referred products the province recognised itself."""
    return {c.result.application_id: c for c in Certificate.objects.filter(result__application_id__in=application_ids)
            .select_related("result", "decision").order_by("issued_on", "pk")}


def local_certificate(application):
    return (Certificate.objects.filter(result__application=application).select_related("decision")
            .order_by("-issued_on", "-pk").first())


def follows_issuing(user, round):
    """Who may read the issuing pages of a round: the province's staff, approvers and finance (they
    prepare, approve and pay what a decision recognises)."""
    return bool(round is not None and (user.is_superuser or access.covers(user, round.province, selectors.PROVINCE_ROLES)))


WAITING = DocumentStatus.WAITING
