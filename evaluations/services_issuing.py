"""Issuing recognition decisions and recording the ministry's answers (QĐ 26/2026, Điều 7.3–7.4).

Staff prepare a draft decision from a closed session's results, review it and issue it: issuing
creates the certificates (36 months) of the 3★/4★ results, refers the 5★ results (band 5★ with the
5★ minimums met) to the ministry, gives each recognised product its OCOP code and requests the PDFs
of the decision and of every certificate. The ministry's answer on a referred product is recorded;
below 90 points the province may recognise the product at 3★ or 4★ from the central score.

`services.decision_issue` (the demo, the older tests) is prepare + issue in one call.
"""

import secrets
from fractions import Fraction

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core import documents
from ocop_portal.core.models import AdministrativeUnit
from ocop_portal.core.state import audit, set_status
from producers.models import Product

from . import hooks, scoring, selectors_issuing
from .models import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    Certificate,
    CouncilSession,
    EvaluationRound,
    MinistryAnswer,
    RecognitionDecision,
)
from .services import EvaluationError, _lock, _move, _product_code, add_months, product_assign_code

S = ApplicationStatus
DECISION_FIELDS = ("number", "signed_on", "signer_name", "signer_title")
LOCAL_STARS = (3, 4)  # what a province recognises itself; 5★ is the ministry's


def _check_number(province, number, exclude_pk=None):
    taken = RecognitionDecision.objects.filter(province=province, number=number.strip()).exclude(pk=exclude_pk).first()
    if taken is not None:
        raise EvaluationError({"number": _("Số quyết định “%(number)s” đã được dùng cho một quyết định khác của tỉnh "
                                           "(ngày ký %(day)s). Hãy nhập số khác.")
                               % {"number": taken.number, "day": f"{taken.signed_on:%d/%m/%Y}"}}, code="number_taken")


def _fields(number, signed_on, signer_name, signer_title):
    return {"number": (number or "").strip(), "signed_on": signed_on, "signer_name": (signer_name or "").strip(),
            "signer_title": (signer_title or "").strip()}


def _clean(decision):
    decision.full_clean(exclude=["province", "round", "session"], validate_unique=False, validate_constraints=False)


# --- Preparing a draft -------------------------------------------------------------------------


@transaction.atomic
def decision_prepare(*, session, number, signed_on, signer_name, signer_title, actor=None):
    """A draft recognition decision for a closed session's results (number, date, signer), linked
    to the session and its round. Refused while the session is not closed, when the session already
    has a draft, when its rated results are already covered by an issued decision (or it has none),
    and when the number is taken in the province. Writes nothing else: issuing does the rest."""
    session = CouncilSession.objects.select_related("round__province").get(pk=_lock(session).pk)
    rnd = session.round
    if session.status != "closed":
        raise EvaluationError(_("Chỉ lập quyết định công nhận từ phiên họp đã kết thúc."), code="session_not_closed")
    draft = RecognitionDecision.objects.filter(session=session, status="draft").first()
    if draft is not None:
        raise EvaluationError(_("Phiên họp này đã có dự thảo quyết định số %(number)s: hãy sửa hoặc ban hành dự thảo đó.")
                              % {"number": draft.number}, code="draft_exists")
    decision = RecognitionDecision(province=rnd.province, round=rnd, session=session, status="draft",
                                   **_fields(number, signed_on, signer_name, signer_title))
    if not selectors_issuing.pending_results(decision).exists():
        covering = selectors_issuing.covering_decision(session)
        if covering is not None:
            raise EvaluationError(_("Kết quả của phiên họp này đã được công nhận tại Quyết định số %(number)s ngày %(day)s.")
                                  % {"number": covering.number, "day": f"{covering.signed_on:%d/%m/%Y}"}, code="covered")
        raise EvaluationError(_("Phiên họp không có sản phẩm nào đạt hạng sao đang chờ công nhận."), code="nothing_to_recognise")
    _clean(decision)
    _check_number(rnd.province, decision.number)
    decision.save()
    audit(decision, action="decision_prepare", actor=actor, to_status="draft", note=decision.number)
    return decision


@transaction.atomic
def decision_update_draft(*, decision, number, signed_on, signer_name, signer_title, actor=None):
    """Change a draft's number, date or signer; an issued decision is refused."""
    _lock(decision)
    if decision.status != "draft":
        raise EvaluationError(_("Quyết định đã ban hành, không sửa được nữa."), code="issued")
    for name, value in _fields(number, signed_on, signer_name, signer_title).items():
        setattr(decision, name, value)
    _clean(decision)
    _check_number(decision.province, decision.number, exclude_pk=decision.pk)
    decision.save(update_fields=list(DECISION_FIELDS))
    audit(decision, action="decision_update", actor=actor, note=decision.number)
    return decision


# --- Issuing -----------------------------------------------------------------------------------


def _numbering(province, year):
    """The next certificate numbers of a province for a year: "001/GCN-OCOP-24-2026", …, skipping
    any already used. The caller holds the province's lock."""
    used = set(Certificate.objects.filter(number__endswith=f"/GCN-OCOP-{province.code}-{year}").values_list("number", flat=True))
    sequence = Certificate.objects.filter(decision__round__province=province, issued_on__year=year).count() + 1
    while True:
        number = f"{sequence:03d}/GCN-OCOP-{province.code}-{year}"
        if number not in used:
            yield sequence, number
        sequence += 1


def _lock_province(province):
    """Certificates of a province are numbered in one sequence a year: two decisions issued at the
    same moment take turns."""
    AdministrativeUnit.objects.select_for_update().filter(pk=province.pk).values_list("pk").first()


def _certificate(*, result, decision, star, sequence, number, actor):
    """An unsaved certificate of `result` at `star` under `decision`, valid 36 months from its
    signature; the product gets its OCOP code if it has none."""
    product = result.application.product
    if not product.code:
        # The code's sequence is the certificate's; a later certificate of the same round signed in
        # another year restarts the certificates' sequence, so skip a code already given.
        code = _product_code(product, decision.round.year, sequence)
        while Product.objects.filter(code=code).exists():
            sequence += 1
            code = _product_code(product, decision.round.year, sequence)
        product_assign_code(product=product, code=code, actor=actor)
    return Certificate(result=result, decision=decision, number=number, star=star, issued_on=decision.signed_on,
                       valid_until=add_months(decision.signed_on, Certificate.VALIDITY_MONTHS),
                       verification_code=secrets.token_hex(8))


def _request_documents(decision, actor, *, certificate=None):
    """Ask for the PDFs (rendered by the worker after commit): the decision's and all its
    certificates' (`evaluations.documents.decision_documents_request`, the round page's bulk
    request too), or, for one certificate added to a decision, that certificate's and a new
    version of the decision's. Nothing to ask until the document kinds are registered."""
    if not {selectors_issuing.DECISION_KIND, selectors_issuing.CERTIFICATE_KIND} <= documents.KINDS.keys():
        return
    if certificate is None:
        from . import documents as evaluation_documents

        evaluation_documents.decision_documents_request(decision=decision, actor=actor)
        return
    kind = selectors_issuing.DECISION_KIND
    documents.document_request(obj=decision, kind=kind, actor=actor, new_version=documents.document_for(decision, kind) is not None)
    documents.document_request(obj=certificate, kind=selectors_issuing.CERTIFICATE_KIND, actor=actor)


@transaction.atomic
def decision_issue_draft(*, decision, actor=None):
    """draft → issued: a certificate for every 3★/4★ result still waiting (numbered in the
    province's yearly sequence, in the order of producers and products), 5★ results referred to the
    ministry, recognised products given their OCOP code, then the PDFs requested. Idempotent: the
    decision's row is locked, and a second issue (a double click, another tab) is refused with a
    message and creates nothing."""
    _lock(decision)
    if decision.status != "draft":
        when = timezone.localtime(decision.issued_at or timezone.now())
        raise EvaluationError(
            _("Quyết định số %(number)s đã được ban hành lúc %(when)s; không có giấy chứng nhận nào được tạo thêm.")
            % {"number": decision.number, "when": f"{when:%H:%M %d/%m/%Y}"}, code="already_issued")
    if decision.session_id:
        _lock(decision.session)
    else:
        _lock(decision.round)
    _lock_province(decision.province)
    results = list(selectors_issuing.pending_results(decision).select_related("application__product__producer__unit__parent__parent"))
    if not results:
        raise EvaluationError(_("Không còn kết quả nào đạt hạng sao đang chờ công nhận: quyết định không có gì để ban hành."),
                              code="nothing_to_recognise")
    numbers = _numbering(decision.province, decision.signed_on.year)
    certificates = []
    for result in results:
        application = result.application
        if result.star == 5:
            _move(application, S.REFERRED, actor=actor, note=_("Đề nghị Bộ đánh giá 5 sao"))
            continue
        sequence, number = next(numbers)
        certificates.append(_certificate(result=result, decision=decision, star=result.star, sequence=sequence, number=number,
                                         actor=actor))
        _move(application, S.RECOGNISED, actor=actor, note=decision.number)
    Certificate.objects.bulk_create(certificates)
    decision.issued_at = timezone.now()
    set_status(decision, "issued", actor=actor, extra_fields=["issued_at"])
    audit(decision, action="decision_issue", actor=actor, note=f"{decision.number}: {len(certificates)}")
    hooks.certificates_issued(decision=decision, certificates=certificates, actor=actor)  # rewards: entitlements
    _supersede_previous(certificates, actor)
    _request_documents(decision, actor)
    return decision


def _supersede_previous(certificates, actor):
    """An upgrade's or a re-rating's new certificate replaces the product's earlier one that still
    holds on the day it is issued (valid, or kept valid under Điều 12.3); one that had already run
    out is left as it is."""
    from .services_certificates import certificate_supersede

    renewing = [c for c in certificates if c.result.application.kind in (ApplicationKind.UPGRADE, ApplicationKind.RERATING)]
    for new in renewing:
        earlier = (Certificate.objects.filter(result__application__product_id=new.result.application.product_id,
                                              status__in=("valid", "expired"), issued_on__lte=new.issued_on)
                   .exclude(pk=new.pk).select_related("result__application"))
        for old in earlier:
            try:
                certificate_supersede(old=old, new=new, actor=actor)
            except EvaluationError as exc:
                if exc.code != "expired":
                    raise


@transaction.atomic
def decision_issue_for_round(*, round, number, signed_on, signer_name, signer_title, actor=None):
    """Prepare and issue in one call a decision over all the round's closed sessions (linked to the
    session when there is one): `services.decision_issue`."""
    rnd = EvaluationRound.objects.select_related("province").get(pk=round.pk)
    closed = list(rnd.sessions.filter(status="closed").values_list("pk", flat=True)[:2])
    decision = RecognitionDecision(province=rnd.province, round=rnd, session_id=closed[0] if len(closed) == 1 else None,
                                   status="draft", **_fields(number, signed_on, signer_name, signer_title))
    _clean(decision)
    _check_number(rnd.province, decision.number)
    if not selectors_issuing.pending_results(decision).exists():
        raise EvaluationError(_("Đợt này chưa có kết quả nào đạt để công nhận."), code="nothing_to_recognise")
    decision.save()
    audit(decision, action="decision_prepare", actor=actor, to_status="draft", note=decision.number)
    return decision_issue_draft(decision=decision, actor=actor)


# --- Referrals to the ministry -----------------------------------------------------------------


def _referred(application):
    application = Application.objects.select_related("round__province", "product__producer__unit").get(pk=_lock(application).pk)
    if application.status != S.REFERRED:
        raise EvaluationError(_("Sản phẩm này không ở trạng thái đã đề nghị Bộ xét 5 sao."), code="not_referred")
    return application


@transaction.atomic
def ministry_answer_record(*, application, outcome, decision_number, decision_date, central_score=None, certificate_number="",
                           actor=None):
    """Record the ministry's answer on a referred product (QĐ 26/2026, Điều 7.4): `five_star`
    (recognised 5★: the ministry's decision and certificate number; the dossier stays referred, the
    rewards pay 5★ from this record) or `below_90` (the central score, under 90; the province may then
    recognise 3★/4★ with `referral_recognise_locally`). One answer per product."""
    application = _referred(application)
    if MinistryAnswer.objects.filter(application=application).exists():
        raise EvaluationError(_("Đã ghi kết quả của Bộ cho sản phẩm này."), code="answered")
    certificate_number, decision_number = (certificate_number or "").strip(), (decision_number or "").strip()
    errors = {}
    if not decision_number:
        errors["decision_number"] = _("Hãy nhập số quyết định của Bộ.")
    if decision_date is None:
        errors["decision_date"] = _("Hãy nhập ngày quyết định của Bộ.")
    if outcome == "five_star":
        if not certificate_number:
            errors["certificate_number"] = _("Hãy nhập số giấy chứng nhận 5 sao của Bộ.")
        if central_score is not None and central_score < 90:
            errors["central_score"] = _("Sản phẩm được công nhận 5 sao phải đạt từ 90 điểm.")
    elif outcome == "below_90":
        if central_score is None:
            errors["central_score"] = _("Hãy nhập điểm đánh giá của Hội đồng cấp trung ương.")
        elif central_score >= 90:
            errors["central_score"] = _("Điểm từ 90 trở lên: hãy chọn kết quả “Công nhận 5 sao”.")
        certificate_number = ""
    else:
        errors["outcome"] = _("Hãy chọn kết quả của Bộ.")
    if errors:
        raise EvaluationError(errors, code="invalid_answer")
    answer = MinistryAnswer(application=application, outcome=outcome, decision_number=decision_number,
                            decision_date=decision_date, central_score=central_score, certificate_number=certificate_number,
                            recorded_by=actor if getattr(actor, "pk", None) else None)
    answer.full_clean()
    answer.save()
    audit(application, action="ministry_answer", actor=actor,
          note=f"{answer.get_outcome_display()}: {answer.decision_number}"
               + (f" · {answer.central_score}" if answer.central_score is not None else ""))
    hooks.ministry_answer_recorded(answer=answer, actor=actor)  # rewards: the 5★ entitlement
    return answer


def local_stars(central_score):
    """The stars a province may recognise from the central score: up to the score's band (70 to
    under 90 → 3★ or 4★; 50 to under 70 → 3★; under 50 → none), never 5★. Below the band is allowed
    as the council's own result can be (a minimum not met caps the star)."""
    if central_score is None:
        return ()
    band_star = scoring.band_for(Fraction(central_score))[0]
    return tuple(star for star in LOCAL_STARS if star <= band_star)


@transaction.atomic
def referral_recognise_locally(*, application, star, decision, actor=None):
    """The ministry scored a referred product below 90: recognise it at `star` (3 or 4, within the
    central score's band) with a provincial certificate under `decision` — an issued decision of the
    round's province, or a new one (unsaved, with number, date and signer) issued here. The dossier
    moves referred → recognised; the PDFs are requested."""
    application = _referred(application)
    answer = MinistryAnswer.objects.filter(application=application).first()
    if answer is None or answer.outcome != "below_90":
        raise EvaluationError(_("Tỉnh chỉ công nhận 3 sao, 4 sao khi Bộ trả lời sản phẩm không đạt 90 điểm."), code="no_below_90")
    allowed = local_stars(answer.central_score)
    if star not in allowed:
        raise EvaluationError({"star": (
            _("Điểm cấp trung ương %(score)s chỉ cho phép công nhận %(stars)s.")
            % {"score": answer.central_score, "stars": ", ".join(f"{s}★" for s in allowed)} if allowed else
            _("Điểm cấp trung ương %(score)s dưới 50: tỉnh không công nhận được hạng sao nào.") % {"score": answer.central_score})},
            code="star_outside_band")
    result = selectors_issuing.referral_result(application)
    if result is None or Certificate.objects.filter(result=result).exists():
        raise EvaluationError(_("Sản phẩm này đã có giấy chứng nhận của tỉnh."), code="certified")
    rnd = application.round
    if decision.pk is None:
        decision.province, decision.round, decision.status = rnd.province, rnd, "draft"
        _clean(decision)
        _check_number(rnd.province, decision.number)
        decision.save()
        audit(decision, action="decision_prepare", actor=actor, to_status="draft", note=decision.number)
        decision.issued_at = timezone.now()
        set_status(decision, "issued", actor=actor, extra_fields=["issued_at"])
    else:
        _lock(decision)
        if decision.province_id != rnd.province_id or decision.status != "issued":
            raise EvaluationError(_("Chọn một quyết định đã ban hành của tỉnh tổ chức đợt."), code="wrong_decision")
    _lock_province(rnd.province)
    sequence, number = next(_numbering(rnd.province, decision.signed_on.year))
    certificate = _certificate(result=result, decision=decision, star=star, sequence=sequence, number=number, actor=actor)
    certificate.save()
    _move(application, S.RECOGNISED, actor=actor,
          note=_("Công nhận %(star)d★ từ kết quả cấp trung ương (%(score)s điểm), %(number)s")
          % {"star": star, "score": answer.central_score, "number": decision.number})
    audit(decision, action="decision_issue", actor=actor, note=f"{decision.number}: 1 ({certificate.number})")
    hooks.certificates_issued(decision=decision, certificates=[certificate], actor=actor)  # rewards: entitlements
    _request_documents(decision, actor, certificate=certificate)
    return certificate
