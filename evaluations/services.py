"""Every write of the evaluation process: rounds, applications through their status machine,
councils and sessions, scorecards, results (through the scoring engine) and recognition.

Pages, API views, commands and tasks call these; none of them writes these models directly.
"""

import calendar
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.models import UnitLevel
from ocop_portal.core.state import audit, set_status
from producers.services import product_assign_code as product_assign_code  # used by services_issuing's certificates

from . import hooks, scoring
from .models import (
    VOTING_ROLES,
    AdvisoryRequest,
    AdvisoryRequestKind,
    Application,
    ApplicationKind,
    ApplicationStatus,
    Certificate,
    Council,
    CouncilMember,
    CouncilSession,
    Criterion,
    DossierVersion,
    EvaluationRound,
    EvidenceFile,
    Option,
    Precheck,
    Result,
    Scorecard,
    ScorecardChoice,
    ScoringSheet,
    SelfAssessment,
    SelfAssessmentAnswer,
)
from .sheet_definitions import member_choices_from_scorecard, sheet_definition

S = ApplicationStatus


class EvaluationError(ValidationError):
    """A domain rule refused the action; the message is meant for the user."""


def _lock(obj):
    """Lock `obj`'s row for the rest of the transaction and reload it in place, so that two tabs
    or a double click see each other's writes instead of overwriting them."""
    type(obj).objects.select_for_update().filter(pk=obj.pk).values_list("pk").first()
    obj.refresh_from_db()
    return obj


def _move(application, to_status, **kwargs):
    """Move a dossier through its status machine and tell its producer by email, once the
    transaction commits (a rolled-back move sends nothing); the hook's handlers (the offices'
    webhooks) run inside the same transaction."""
    with transaction.atomic():
        from_status = application.status
        set_status(application, to_status, **kwargs)
        application_notify(application)
        _status_changed(application, from_status, kwargs.get("actor"))
    return application


def _status_changed(application, from_status, actor):
    """Tell the registered handlers of a move (every status change of a dossier, including the
    two that send no email: into a session and scored)."""
    hooks.application_status_changed(application=application, from_status=from_status, to_status=application.status,
                                     actor=actor)


def application_notify(application):
    """Enqueue the email that tells the producer's users where their dossier stands now."""
    from . import tasks

    application_id, status = application.pk, application.status
    transaction.on_commit(lambda: tasks.application_status_email.delay(application_id=application_id, status=status))


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


# --- Rounds -------------------------------------------------------------------------------------


@transaction.atomic
def round_open(*, province, name, year, regulation, opens_on, closes_on, spread_limit=10, minimum_mode="per_member", actor=None):
    """Open a round pinned to `regulation`, which must be in force on the opening day."""
    if regulation.effective_from > opens_on or (regulation.effective_until and regulation.effective_until < opens_on):
        raise EvaluationError(
            _("Quy định %(reg)s không có hiệu lực vào ngày %(day)s.") % {"reg": regulation.code, "day": f"{opens_on:%d/%m/%Y}"}
        )
    rnd = EvaluationRound(province=province, name=name, year=year, regulation=regulation, opens_on=opens_on,
                          closes_on=closes_on, spread_limit=spread_limit, minimum_mode=minimum_mode)
    rnd.full_clean()
    rnd.save()
    audit(rnd, action="round_open", actor=actor, to_status=rnd.status)
    return rnd


@transaction.atomic
def round_close(*, round, actor=None):
    """open → closed: no more registrations; refused while one of its sessions is still not closed."""
    _lock(round)
    if round.sessions.exclude(status="closed").exists():
        raise EvaluationError(_("Đợt còn phiên họp hội đồng chưa kết thúc."), code="sessions_open")
    return set_status(round, EvaluationRound.STATUS_CLOSED, actor=actor)


# --- Applications -------------------------------------------------------------------------------


RERATING_OPENS_DAYS, RERATING_CLOSES_DAYS = 180, 120  # before the certificate expires (QĐ 26/2026)


def rerating_window(certificate):
    """(first day, last day) on which a re-rating dossier may be filed for `certificate`: from 180
    to 120 days before it expires."""
    import datetime

    return (certificate.valid_until - datetime.timedelta(days=RERATING_OPENS_DAYS),
            certificate.valid_until - datetime.timedelta(days=RERATING_CLOSES_DAYS))


TRANSITIONAL_GRACE_DAYS = 180  # Điều 12.3 QĐ 26/2026: at most 180 days past the certificate's expiry


def _current_certificate(product, day):
    """The certificate `product` holds on `day`, by its dates (the stored status may say expired
    for a day in the past; revoked and superseded ones hold nothing)."""
    return (Certificate.objects.filter(result__application__product=product, status__in=("valid", "expired"), valid_until__gte=day)
            .order_by("-valid_until").first())


def transitional_rerating(certificate, regulation):
    """Điều 12.3: when a certificate's re-rating window opened before the regulation took effect,
    its holder could not meet it; the certificate stays valid until the result, at most 180 days
    past its expiry, and a re-rating may be filed from the day the regulation took effect until
    then. Returns (first day, last day) of that period, or None when the rule does not apply."""
    import datetime

    first, _last = rerating_window(certificate)
    extended_until = certificate.valid_until + datetime.timedelta(days=TRANSITIONAL_GRACE_DAYS)
    if first >= regulation.effective_from or extended_until < regulation.effective_from:
        return None
    return regulation.effective_from, extended_until


def rerating_certificate(product, day, regulation):
    """The certificate a re-rating filed on `day` would renew, with the period it may be filed in
    ((first, last), transitional?), or (None, None, False) when the product holds none."""
    import datetime

    certificate = _current_certificate(product, day)
    if certificate is None:  # run out: only the transitional rule can still reach it
        certificate = (Certificate.objects.filter(result__application__product=product, status__in=("valid", "expired"),
                                                  valid_until__lt=day,
                                                  valid_until__gte=day - datetime.timedelta(days=TRANSITIONAL_GRACE_DAYS))
                       .order_by("-valid_until").first())
        if certificate is None or transitional_rerating(certificate, regulation) is None:
            return None, None, False
    transitional = transitional_rerating(certificate, regulation)
    if transitional is not None:
        return certificate, transitional, True
    return certificate, rerating_window(certificate), False


def _check_kind(product, kind, day, regulation):
    """An upgrade or a re-rating needs a certificate the product holds; a re-rating only inside
    its window (or the transitional period of Điều 12.3), the refusal naming the allowed dates."""
    if kind == ApplicationKind.FIRST:
        return
    if kind == ApplicationKind.RERATING:
        certificate, period, transitional = rerating_certificate(product, day, regulation)
        first, last = period or (None, None)
    else:
        certificate = _current_certificate(product, day)
    if certificate is None:
        raise EvaluationError(_("Sản phẩm “%(product)s” chưa có giấy chứng nhận OCOP còn hiệu lực: chỉ đăng ký đánh giá lần đầu.")
                              % {"product": product.name}, code="no_certificate")
    if kind == ApplicationKind.RERATING and not first <= day <= last:
        if transitional:
            message = _("Chỉ đăng ký đánh giá lại sản phẩm “%(product)s” từ %(first)s đến %(last)s (Điều 12.3: giấy chứng nhận "
                        "%(number)s hết hiệu lực ngày %(until)s được kéo dài tối đa 180 ngày).")
        else:
            message = _("Chỉ đăng ký đánh giá lại sản phẩm “%(product)s” từ %(first)s đến %(last)s (180 đến 120 ngày trước khi "
                        "giấy chứng nhận %(number)s hết hiệu lực ngày %(until)s).")
        raise EvaluationError(message % {"product": product.name, "first": f"{first:%d/%m/%Y}", "last": f"{last:%d/%m/%Y}",
                                         "number": certificate.number, "until": f"{certificate.valid_until:%d/%m/%Y}"},
                              code="rerating_window")


@transaction.atomic
def application_create(*, product, round, sheet, kind="first", actor=None, on=None):
    """A draft dossier for `product` in `round`, to be scored on `sheet`. An upgrade or a
    re-rating needs a certificate the product holds on `on` (today by default); a re-rating only
    from 180 to 120 days before it expires."""
    _check_kind(product, kind, on or timezone.localdate(), round.regulation)
    if sheet.regulation_id != round.regulation_id:
        raise EvaluationError(_("Phiếu đánh giá không thuộc quy định mà đợt này áp dụng."))
    if not sheet.usable:
        raise EvaluationError(_("Phiếu “%(sheet)s” không dùng được: %(reason)s") % {"sheet": sheet.name, "reason": sheet.unusable_reason})
    if round.status != EvaluationRound.STATUS_OPEN:
        raise EvaluationError(_("Đợt đánh giá đã đóng."))
    application = Application(product=product, round=round, sheet=sheet, kind=kind)
    application.full_clean()
    application.save()
    audit(application, action="create", actor=actor, to_status=application.status)
    return application


def _receipt_number(application):
    """`<n>-<m>/PĐK-<province>-<commune>-<year>`: n = dossier number in the commune that year
    (one more than the highest given), m = the producer's dossier number in the round."""
    unit = application.product.producer.unit
    province = unit.province
    commune = unit.code if unit.level == UnitLevel.COMMUNE else "00000"
    tail = f"/PĐK-{province.code}-{commune}-{application.round.year}"
    given = Application.objects.filter(receipt_number__endswith=tail).values_list("receipt_number", flat=True)
    in_commune = max((int(number.split("-", 1)[0]) for number in given), default=0) + 1
    of_producer = Application.objects.filter(
        round=application.round, product__producer=application.product.producer, receipt_number__isnull=False
    ).count() + 1
    return f"{in_commune:03d}-{of_producer:02d}{tail}"


@transaction.atomic
def application_submit(*, application, actor=None, at=None):
    """draft/returned → submitted; the first submission gets its receipt number. A dossier the
    province returned for completion goes straight back to the province (forwarded), or to the
    local office when the province asked for a new pre-check. A producer the local office has not
    confirmed yet cannot submit. Every submission freezes a version of the dossier."""
    _lock(application)
    if application.product.producer.confirmed_at is None:
        raise EvaluationError(_("Chủ thể chưa được cán bộ địa phương xác nhận: chưa thể nộp hồ sơ."), code="producer_unconfirmed")
    application.submitted_at = at or timezone.now()
    if application.status == S.COMPLETION:
        to_status = S.SUBMITTED if application.recheck_locally else S.FORWARDED
        if to_status == S.SUBMITTED:
            Precheck.objects.filter(application=application).delete()  # the province asked for a new one
        application.recheck_locally = False
        _move(application, to_status, actor=actor, extra_fields=["submitted_at", "recheck_locally"])
    elif application.receipt_number:
        _move(application, S.SUBMITTED, actor=actor, extra_fields=["submitted_at"])
    else:
        _first_submission(application, actor)
        if application.kind == ApplicationKind.RERATING:  # Điều 12.3: keeps the certificate valid until the result
            from .services_certificates import certificate_extend_for_rerating

            certificate_extend_for_rerating(application=application, actor=actor)
    dossier_version_freeze(application=application, actor=actor)
    return application


def _first_submission(application, actor):
    status = application.status
    for attempt in range(5):
        application.receipt_number = _receipt_number(application)
        try:
            with transaction.atomic():  # another dossier of the commune may take the number first
                return _move(application, S.SUBMITTED, actor=actor, extra_fields=["submitted_at", "receipt_number"])
        except IntegrityError:
            application.status = status
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def application_return(*, application, reason, actor=None):
    if not reason.strip():
        raise EvaluationError(_("Cần ghi rõ lý do trả lại hồ sơ."))
    application.decision_reason = reason
    return _move(application, S.RETURNED, actor=actor, note=reason, extra_fields=["decision_reason"])


def expected_samples(application):
    """Samples the producer brings: what the registration says, else 5 (none for a tourism
    product, set 26)."""
    if application.samples_count is not None:
        return application.samples_count
    return 0 if application.sheet.set_number == 26 else 5


def precheck_problems(application):
    """What still keeps the local office from forwarding the dossier (Mẫu 03): the completeness
    check, the four assessments, the samples received."""
    precheck = Precheck.objects.filter(application=application).first()
    if precheck is None:
        return [_("Chưa lập báo cáo sơ kiểm (Mẫu 03).")]
    problems = []
    if precheck.complete is not True:
        problems.append(_("Hồ sơ chưa được xác nhận đầy đủ thành phần."))
    for field in PRECHECK_ASSESSMENTS:
        if not getattr(precheck, field).strip():
            problems.append(_("Chưa đánh giá: %(what)s.") % {"what": Precheck._meta.get_field(field).verbose_name})
    expected = expected_samples(application)
    if expected and (precheck.samples_received or 0) < expected:
        problems.append(_("Mới nhận %(got)s/%(expected)s sản phẩm mẫu.") % {"got": precheck.samples_received or 0, "expected": expected})
    return problems


PRECHECK_ASSESSMENTS = ("local_materials", "local_labour", "idea_origin", "local_identity")


@transaction.atomic
def precheck_save(*, application, actor=None, **values):
    """Record the local office's Mẫu 03 for a submitted dossier (it may be saved in several goes)."""
    _lock(application)
    if application.status != S.SUBMITTED:
        raise EvaluationError(_("Chỉ lập báo cáo sơ kiểm khi hồ sơ đang chờ địa phương kiểm tra."), code="not_submitted")
    allowed = {"complete", "samples_received", *PRECHECK_ASSESSMENTS}
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"unknown pre-check fields: {sorted(unknown)}")
    precheck, _created = Precheck.objects.get_or_create(application=application)
    for field, value in values.items():
        setattr(precheck, field, value.strip() if isinstance(value, str) else value)
    precheck.checked_by = actor if getattr(actor, "pk", None) else None
    precheck.full_clean()
    precheck.save()
    audit(application, action="precheck", actor=actor)
    return precheck


@transaction.atomic
def application_forward(*, application, actor=None):
    """The local office has pre-checked the dossier (Mẫu 03 complete) and forwards it to the
    province. (No reload here: `set_status` refuses a move from a page that is out of date.)"""
    if application.status == S.SUBMITTED:
        problems = precheck_problems(application)
        if problems:
            raise EvaluationError(" ".join([str(_("Chưa thể chuyển tỉnh:")), *map(str, problems)]), code="precheck_incomplete")
    return _move(application, S.FORWARDED, actor=actor)


@transaction.atomic
def application_return_for_completion(*, application, reason, recheck_locally=False, actor=None):
    """The province (or its advisory team) sends a forwarded or eligible dossier back to the
    producer for completion. The producer resubmits straight to the province; with
    `recheck_locally` the dossier goes to the local office again for a new pre-check."""
    if not reason.strip():
        raise EvaluationError(_("Cần ghi rõ nội dung cần bổ sung."), code="reason_required")
    application.decision_reason = reason.strip()
    application.recheck_locally = bool(recheck_locally)
    return _move(application, S.COMPLETION, actor=actor, note=reason.strip(), extra_fields=["decision_reason", "recheck_locally"])


# --- The advisory team's requests ---------------------------------------------------------------


@transaction.atomic
def advisory_request_add(*, application, kind, description, actor=None):
    """Record what the advisory team asks of a dossier. A document request sends the dossier back
    to the producer with the request (a field visit or a lab test does not)."""
    if not description.strip():
        raise EvaluationError(_("Cần ghi rõ nội dung yêu cầu."), code="description_required")
    if application.status not in (S.FORWARDED, S.ELIGIBLE):
        raise EvaluationError(_("Tổ giúp việc chỉ gửi yêu cầu khi hồ sơ đã ở tỉnh và chưa đưa ra hội đồng."), code="not_at_province")
    request = AdvisoryRequest(application=application, kind=kind, description=description.strip(),
                              requested_by=actor if getattr(actor, "pk", None) else None)
    request.full_clean()
    request.save()
    audit(application, action="advisory_request", actor=actor, note=f"{kind}: {request.description}")
    if kind == AdvisoryRequestKind.DOCUMENT:
        application_return_for_completion(application=application, reason=request.description, actor=actor)
    return request


@transaction.atomic
def advisory_outcome_record(*, request, outcome, actor=None):
    """Write down what a request gave (once; a correction is a new request)."""
    request = AdvisoryRequest.objects.select_for_update().get(pk=request.pk)
    if request.outcome_at is not None:
        raise EvaluationError(_("Kết quả của yêu cầu này đã được ghi ngày %(day)s.")
                              % {"day": f"{timezone.localtime(request.outcome_at):%d/%m/%Y}"}, code="outcome_recorded")
    if not outcome.strip():
        raise EvaluationError(_("Cần ghi rõ kết quả."), code="outcome_required")
    request.outcome, request.outcome_at = outcome.strip(), timezone.now()
    request.outcome_by = actor if getattr(actor, "pk", None) else None
    request.save(update_fields=["outcome", "outcome_at", "outcome_by"])
    audit(request.application, action="advisory_outcome", actor=actor, note=request.outcome)
    return request


# --- Versions of a dossier, carrying a dossier into a later round -------------------------------


def dossier_content(application):
    """What the dossier says now, as plain data: the registration, the self-assessment, the
    answers per criterion code and the evidence (names and SHA-256). Frozen at each submission."""
    from producers.models import StandingDocument

    assessment = SelfAssessment.objects.filter(application=application).first()
    answers = (SelfAssessmentAnswer.objects.filter(application=application).select_related("criterion", "option")
               .order_by("criterion__position"))
    return {
        "registration": {
            "product": application.product.name, "product_set": application.product.product_set_id and str(application.product.product_set),
            "sheet": application.sheet.name, "kind": application.kind, "samples_count": application.samples_count,
            "alternative_case": application.alternative_case,
        },
        "general": {field: getattr(assessment, field) if assessment else ("" if field != "declarations" else [])
                    for field in SELF_ASSESSMENT_FIELDS},
        "answers": {a.criterion.code: {"option": a.option.text if a.option else None, "points": a.option.points if a.option else None,
                                       "description": a.description} for a in answers},
        "evidence": [{"criterion": code, "name": name, "sha256": sha, "size": size} for code, name, sha, size in
                     EvidenceFile.objects.filter(application=application).order_by("criterion__position", "uploaded_at", "pk")
                     .values_list("criterion__code", "original_name", "sha256", "size")],
        "standing_documents": [{"kind": kind, "title": title, "number": number,
                                "expires_on": expires_on.isoformat() if expires_on else None}
                               for kind, title, number, expires_on in StandingDocument.objects.filter(applications=application)
                               .order_by("kind", "pk").values_list("kind", "title", "number", "expires_on")],
    }


SELF_ASSESSMENT_FIELDS = ("product_spec", "declarations", "history", "organisation", "business_results", "business_plan")


def dossier_version_freeze(*, application, actor=None):
    """Keep what the dossier said at this submission (version 1, 2, …)."""
    number = DossierVersion.objects.filter(application=application).count() + 1
    return DossierVersion.objects.create(application=application, number=number, submitted_at=application.submitted_at,
                                         submitted_by=actor if getattr(actor, "pk", None) else None,
                                         content=dossier_content(application))


@transaction.atomic
def application_carry_over(*, application, round, actor=None):
    """An ineligible dossier goes into a later open round as a new draft, with its self-assessment,
    its answers (matched by criterion code on the new round's sheet), its evidence and its
    standing documents; the producer completes and submits it there."""
    if application.status != S.INELIGIBLE:
        raise EvaluationError(_("Chỉ chuyển sang đợt sau hồ sơ không đủ điều kiện."), code="not_ineligible")
    if round.pk == application.round_id or round.opens_on < application.round.opens_on:
        raise EvaluationError(_("Chỉ chuyển hồ sơ sang một đợt sau."), code="not_later")
    sheet = application.sheet
    if sheet.regulation_id != round.regulation_id:
        sheet = ScoringSheet.objects.filter(regulation=round.regulation, product_set=application.product.product_set_id,
                                            usable=True).first()
        if sheet is None:
            raise EvaluationError(_("Quy định của đợt mới không có phiếu đánh giá dùng được cho bộ sản phẩm này."), code="no_sheet")
    new = application_create(product=application.product, round=round, sheet=sheet, kind=application.kind, actor=actor)
    new.samples_count, new.based_on = application.samples_count, application
    new.save(update_fields=["samples_count", "based_on"])
    copy_dossier_content(source=application, target=new)
    audit(new, action="carry_over", actor=actor, note=f"{application.round.name} → {round.name}")
    return new


def copy_dossier_content(*, source, target, evidence=True):
    """Copy the self-assessment and the answers (by criterion code, option by position) of
    `source` into `target`; with `evidence`, its evidence rows (same stored files) and standing
    documents too."""
    assessment = SelfAssessment.objects.filter(application=source).first()
    if assessment is not None:
        SelfAssessment.objects.update_or_create(application=target, defaults={f: getattr(assessment, f) for f in SELF_ASSESSMENT_FIELDS})
    criteria = {c.code: c for c in Criterion.objects.filter(sheet=target.sheet).prefetch_related("options")}
    for answer in SelfAssessmentAnswer.objects.filter(application=source).select_related("criterion", "option"):
        criterion = criteria.get(answer.criterion.code)
        if criterion is None:
            continue
        option = None
        if answer.option is not None:
            option = next((o for o in criterion.options.all() if o.position == answer.option.position), None)
        SelfAssessmentAnswer.objects.update_or_create(application=target, criterion=criterion,
                                                      defaults={"option": option, "description": answer.description})
    if evidence:
        EvidenceFile.objects.bulk_create([
            EvidenceFile(application=target, criterion=criteria.get(e.criterion.code) if e.criterion_id else None, file=e.file.name,
                         original_name=e.original_name, content_type=e.content_type, size=e.size, sha256=e.sha256,
                         uploaded_by=e.uploaded_by, description=e.description)
            for e in EvidenceFile.objects.filter(application=source).select_related("criterion")
        ])
        target.standing_documents.add(*source.standing_documents.all())


@transaction.atomic
def application_decide_eligibility(*, application, eligible, reason="", actor=None):
    """forwarded → eligible, or → ineligible with a written reason."""
    if not eligible and not reason.strip():
        raise EvaluationError(_("Hồ sơ không đủ điều kiện phải có lý do."))
    application.decision_reason = reason
    return _move(application, S.ELIGIBLE if eligible else S.INELIGIBLE, actor=actor, note=reason,
                      extra_fields=["decision_reason"])


# --- Councils and sessions ----------------------------------------------------------------------


@transaction.atomic
def council_create(*, province, name, decision_number, decision_date, members, actor=None):
    """Create a council and its members; `members` is a list of dicts (full_name, role, position, user)."""
    council = Council(province=province, name=name, decision_number=decision_number, decision_date=decision_date)
    council.full_clean()
    council.save()
    for m in members:
        CouncilMember.objects.create(
            council=council, full_name=m["full_name"], role=m["role"], position=m.get("position", ""),
            user=m.get("user"), voting=m["role"] in VOTING_ROLES,
        )
    if not council.members.filter(role="chair").exists():
        raise EvaluationError(_("Hội đồng phải có Chủ tịch."))
    audit(council, action="council_create", actor=actor, note=decision_number)
    return council


@transaction.atomic
def session_create(*, council, round, starts_on, ends_on, location="", actor=None):
    if council.province_id != round.province_id:
        raise EvaluationError(_("Hội đồng và đợt đánh giá phải cùng một tỉnh."))
    session = CouncilSession(council=council, round=round, starts_on=starts_on, ends_on=ends_on, location=location)
    session.full_clean()
    session.save()
    audit(session, action="session_create", actor=actor, to_status=session.status)
    return session


@transaction.atomic
def session_add_application(*, session, application, actor=None):
    """eligible → in session: the application will be scored at `session`."""
    if application.round_id != session.round_id:
        raise EvaluationError(_("Hồ sơ không thuộc đợt của phiên họp này."))
    if session.status == "closed":
        raise EvaluationError(_("Phiên họp đã kết thúc."))
    application.session = session
    from_status = application.status
    set_status(application, S.IN_SESSION, actor=actor, extra_fields=["session"])
    _status_changed(application, from_status, actor)
    return application


@transaction.atomic
def session_open(*, session, actor=None):
    """planned → open; conflicts the portal can detect (a member who acts for a producer) are
    recorded first."""
    set_status(session, "open", actor=actor)
    conflicts_detect(session=session, actor=actor)
    return session


# --- Scorecards ---------------------------------------------------------------------------------


def _voting_member(session, member):
    if member.council_id != session.council_id or not member.voting:
        raise EvaluationError(_("%(name)s không phải thành viên chấm điểm của hội đồng này.") % {"name": member.full_name})


# --- Alternative cases (“Trường hợp 1 / 2”, set 26) ---------------------------------------------


def _sheet_case_groups(sheet_id):
    """{criterion code: case numbers} of the sheet's criteria whose options are split by case."""
    groups = {}
    for code, group in (Option.objects.filter(criterion__sheet_id=sheet_id).exclude(alternative_group="")
                        .values_list("criterion__code", "alternative_group")):
        groups.setdefault(code, set()).add(scoring.case_number(group))
    return groups


def _check_case_of_choices(application, chosen):
    """`chosen`: (criterion id, code, alternative group) of each chosen option. The application's
    case must be set when cases span several criteria (`scoring.case_required`), and only that
    case's options may be chosen."""
    case = application.alternative_case
    if case is None:
        groups = _sheet_case_groups(application.sheet_id)
        if len(groups) > 1:  # the rule of scoring.case_required
            raise EvaluationError(
                _("Hồ sơ “%(product)s” chưa xác định trường hợp đánh giá (tiêu chí %(codes)s chia theo Trường hợp 1 / "
                  "Trường hợp 2): cán bộ cần xác định trường hợp của hồ sơ trước khi hội đồng chấm điểm.")
                % {"product": application.product.name, "codes": ", ".join(groups)}, code="case_not_set")
        return
    for _criterion_id, code, group in chosen:
        other = scoring.case_number(group) if group else None
        if other is not None and other != case:
            raise EvaluationError(
                _("Tiêu chí %(code)s: phương án đã chọn thuộc Trường hợp %(other)d, còn hồ sơ này được đánh giá theo "
                  "Trường hợp %(case)d.") % {"code": code, "other": other, "case": case}, code="other_case")


@transaction.atomic
def application_set_case(*, application, case, actor=None):
    """Fix the application's alternative case once (set 26: 1 = tourism service provided by the
    community, 2 = provided by an organisation or person). Refused for a sheet without cases, for
    a case the sheet does not have, and once any scorecard of the application has a choice."""
    _lock(application)
    try:
        case = int(case)
    except (TypeError, ValueError):
        raise EvaluationError(_("Trường hợp đánh giá phải là 1 hoặc 2."), code="invalid_case") from None
    cases = sorted(set().union(*_sheet_case_groups(application.sheet_id).values()) - {None})
    if not cases:
        raise EvaluationError(_("Phiếu đánh giá của hồ sơ này không có tiêu chí chia theo trường hợp."), code="no_cases")
    if case not in cases:
        raise EvaluationError(_("Phiếu đánh giá không có Trường hợp %(case)d.") % {"case": case}, code="invalid_case")
    if ScorecardChoice.objects.filter(scorecard__application=application).exists():
        raise EvaluationError(_("Hội đồng đã bắt đầu chấm hồ sơ này: không đổi được trường hợp đánh giá."),
                              code="already_scored")
    if application.alternative_case == case:
        return application
    before = application.alternative_case
    application.alternative_case = case
    application.save(update_fields=["alternative_case"])
    audit(application, action="alternative_case", actor=actor,
          note=f"{before or '-'} → {case}")
    return application


@transaction.atomic
def scorecard_choose(*, session, application, member, choices, actor=None):
    """Record `member`'s chosen option for each criterion in `choices` ({criterion id: option id}).

    Creates the member's scorecard on first use. Only while the session is open and the card is a
    draft or reopened; each option must belong to its criterion on the application's sheet."""
    _voting_member(session, member)
    if session.status != "open":
        raise EvaluationError(_("Chỉ chấm điểm khi phiên họp đang diễn ra."))
    if application.session_id != session.pk:
        raise EvaluationError(_("Hồ sơ không được đưa vào phiên họp này."))
    card, _created = Scorecard.objects.select_for_update().get_or_create(application=application, session=session, member=member)
    if card.status == "submitted":
        raise EvaluationError(_("Phiếu chấm đã nộp, không sửa được. Chủ tịch hội đồng có thể mở lại phiếu."))
    valid = {
        pk: (criterion_id, code, group)
        for pk, criterion_id, code, group in Option.objects.filter(criterion__sheet_id=application.sheet_id, pk__in=choices.values())
        .values_list("pk", "criterion_id", "criterion__code", "alternative_group")
    }
    for criterion_id, option_id in choices.items():
        if valid.get(option_id, (None,))[0] != criterion_id:
            raise EvaluationError(_("Phương án đã chọn không thuộc tiêu chí này."), code="invalid_choice")
    _check_case_of_choices(application, [valid[option_id] for option_id in choices.values()])
    existing = {c.criterion_id: c for c in card.choices.all()}
    to_update, to_create = [], []
    for criterion_id, option_id in choices.items():
        if criterion_id in existing:
            if existing[criterion_id].option_id != option_id:
                existing[criterion_id].option_id = option_id
                to_update.append(existing[criterion_id])
        else:
            to_create.append(ScorecardChoice(scorecard=card, criterion_id=criterion_id, option_id=option_id))
    ScorecardChoice.objects.bulk_create(to_create)
    ScorecardChoice.objects.bulk_update(to_update, ["option"])
    return card


@transaction.atomic
def scorecard_flag_knockout(*, scorecard, criterion, reason, actor=None):
    """The member records that a knock-out condition of `criterion` holds for this product, with a
    written reason, and may stop scoring there (`scorecard_submit` accepts the unfinished sheet).
    Only on a criterion of the application's sheet whose note allows it (`knockout_rule`), and
    while the sheet is not submitted. The council decides by the round's `knockout_rule`."""
    _lock(scorecard)
    if scorecard.status == "submitted":
        raise EvaluationError(_("Phiếu chấm đã nộp, không sửa được. Chủ tịch hội đồng có thể mở lại phiếu."))
    if criterion.sheet_id != scorecard.application.sheet_id:
        raise EvaluationError(_("Tiêu chí %(code)s không thuộc phiếu đánh giá của hồ sơ này.") % {"code": criterion.code})
    if not criterion.knockout_rule:
        raise EvaluationError(_("Tiêu chí %(code)s không có điều kiện loại.") % {"code": criterion.code})
    if not reason.strip():
        raise EvaluationError(_("Cần ghi rõ lý do loại."))
    scorecard.knockout_criterion, scorecard.knockout_reason = criterion, reason.strip()
    scorecard.save(update_fields=["knockout_criterion", "knockout_reason"])
    audit(scorecard, action="knockout", actor=actor, note=f"{criterion.code}: {reason.strip()}")
    return scorecard


@transaction.atomic
def scorecard_submit(*, scorecard, actor=None, sheet=None):
    """Lock the member's sheet and save its total. Every applicable criterion must have a choice,
    unless the sheet records a knock-out: the member flagged one with a reason
    (`scorecard_flag_knockout`), or gave 0 points to a criterion whose note makes a zero a
    knock-out. The member may stop there; the total of a stopped sheet is the points of the
    criteria answered (criteria not answered count 0), since a submitted sheet must have a total.
    If the council does not knock the product out, `session_close` refuses until the member has
    completed the sheet (the chair reopens it), so no unfinished sheet enters a mean."""
    _lock(scorecard)
    application = scorecard.application
    sheet = sheet or sheet_definition(application.sheet)
    try:
        read = scoring.member_sheet(sheet, member_choices_from_scorecard(scorecard), alternative_case=application.alternative_case)
    except scoring.ScoringError as exc:
        code = "incomplete" if isinstance(exc, scoring.IncompleteScorecard) else "invalid_choice"
        raise EvaluationError(str(exc), code=code) from exc
    scorecard.total, scorecard.submitted_at = read.total, timezone.now()
    note = _("Dừng chấm do điều kiện loại ở tiêu chí %(codes)s.") % {"codes": ", ".join(read.knockouts)} if read.stopped else ""
    return set_status(scorecard, "submitted", actor=actor, note=note, extra_fields=["total", "submitted_at"])


@transaction.atomic
def scorecard_reopen(*, scorecard, reason, actor=None):
    if not reason.strip():
        raise EvaluationError(_("Cần ghi rõ lý do mở lại phiếu chấm."))
    return set_status(scorecard, "reopened", actor=actor, note=reason)


# --- Closing a session: results through the engine ---------------------------------------------


def _session_outcomes(applications, cards_by_app, rules):
    """Run the engine on every application whose sheets are all handed in: ({application id:
    ProductResult}, problems). Knock-outs are decided by the engine from the sheets (members'
    flagged knock-outs and zeros on `knockout_if_zero` criteria) by the round's rule. When the
    council does not knock a product out, a member who stopped on a knock-out must complete the
    sheet first: that is a problem naming the product and the member."""
    sheets, outcomes, problems = {}, {}, []
    for application in applications:
        cards = cards_by_app.get(application.pk, [])
        product = application.product.name
        if not cards:
            problems.append(_("“%(product)s” còn phiếu chấm chưa nộp: chưa có phiếu nào.") % {"product": product})
            continue
        if any(c.status != "submitted" for c in cards):
            continue  # pending_problems names them
        if application.sheet_id not in sheets:
            sheets[application.sheet_id] = sheet_definition(application.sheet)
        try:
            outcomes[application.pk] = scoring.evaluate(
                sheets[application.sheet_id], [member_choices_from_scorecard(c) for c in cards], rules,
                alternative_case=application.alternative_case,
            )
        except scoring.IncompleteScorecard as exc:
            names = {c.member_id: c.member.full_name for c in cards}
            missing = Counter(member_id for member_id, _code in exc.problems)
            stopped = ", ".join(
                _("%(name)s (còn %(count)d tiêu chí chưa chấm)") % {"name": names.get(member_id, member_id), "count": count}
                for member_id, count in missing.items()
            )
            problems.append(_("“%(product)s”: hội đồng không loại sản phẩm nên %(members)s phải chấm đủ phiếu; Chủ tịch "
                              "mở lại phiếu để thành viên chấm tiếp.") % {"product": product, "members": stopped})
        except scoring.ScoringError as exc:
            problems.append(_("“%(product)s”: %(error)s") % {"product": product, "error": exc})
    return outcomes, problems


@transaction.atomic
def session_close(*, session, actor=None):
    """Freeze the session: compute every application's result from the submitted scorecards
    (mean of member totals, bands, minimums, knock-outs by the round's rule, spread), move each
    application to rated / not achieved, and close the session. Refuses while a sheet is still
    open, and while a member who stopped on a knock-out the council did not uphold has not
    completed the sheet."""
    _lock(session)
    if session.status != "open":
        raise EvaluationError(_("Chỉ kết thúc được phiên họp đang diễn ra."))
    rnd = session.round
    rules = scoring.RoundRules(minimum_mode=rnd.minimum_mode, spread_limit=rnd.spread_limit, knockout_rule=rnd.knockout_rule)
    applications = list(session.applications.filter(status=S.IN_SESSION).select_related("sheet__regulation", "product"))
    cards_by_app = {}
    for card in (Scorecard.objects.filter(session=session).select_related("knockout_criterion", "member")
                 .prefetch_related("choices")):
        cards_by_app.setdefault(card.application_id, []).append(card)
    outcomes, scoring_problems = _session_outcomes(applications, cards_by_app, rules)
    # No spread discussion for a product knocked out, nor over the partial total of a stopped sheet.
    settled = {a.pk for a in applications if a.pk not in outcomes or outcomes[a.pk].knocked_out}
    comparable = {pk: cards for pk, cards in cards_by_app.items()
                  if pk not in settled or any(c.status != "submitted" for c in cards)}
    problems = (pending_problems(session, cards_by_app) + quorum_problems(session, cards_by_app) + scoring_problems
                + spread_problems(session, comparable))
    if problems:
        raise EvaluationError(" ".join([_("Chưa kết thúc được phiên họp."), *problems]), code="not_ready")
    results = []
    for application in applications:
        outcome = outcomes[application.pk]
        results.append(Result(
            application=application, session=session, score=outcome.score, band_star=outcome.band_star, star=outcome.star,
            member_count=len(cards_by_app[application.pk]), spread=outcome.spread, spread_flagged=outcome.spread_flagged,
            knocked_out=outcome.knocked_out, explanation=outcome.explanation,
        ))
    Result.objects.bulk_create(results)
    for application, result in zip(applications, results, strict=True):
        from_status = application.status
        set_status(application, S.SCORED, actor=actor)
        _status_changed(application, from_status, actor)
        rated = result.star is not None and result.star >= 3
        _move(application, S.RATED if rated else S.NOT_ACHIEVED, actor=actor, note=f"{result.score} → {result.star or '-'}★")
    session.closed_at = timezone.now()
    return set_status(session, "closed", actor=actor, extra_fields=["closed_at"])


# --- Recognition --------------------------------------------------------------------------------


def _product_code(product, year, sequence):
    """(province)-(commune)-(sequence)-(year); before the 2025 reform with the district part."""
    unit = product.producer.unit
    parts = []
    while unit is not None:
        parts.append(unit.code)
        unit = unit.parent
    return "-".join([*reversed(parts), f"{sequence:03d}", str(year)])


@transaction.atomic
def decision_issue(*, round, number, signed_on, signer_name, signer_title, actor=None):
    """Sign the recognition decision for a round in one call (prepare and issue): a certificate
    (36 months) for every 3★/4★ result of the round's closed sessions; results of 5★ band go to the
    ministry instead. Gives each recognised product its OCOP code and requests the PDFs. The pages
    prepare a draft from one session and issue it after review: `services_issuing`."""
    from . import services_issuing

    return services_issuing.decision_issue_for_round(round=round, number=number, signed_on=signed_on, signer_name=signer_name,
                                                     signer_title=signer_title, actor=actor)


# --- Conflicts of interest, answering and handing in a sheet (the member's pages) ---------------


@transaction.atomic
def conflict_declare(*, member, application, reason, actor=None, detected=False):
    """Record that `member` may neither see nor score `application`; audited. Idempotent."""
    from .models import ConflictOfInterest

    if not reason.strip():
        raise EvaluationError(_("Cần ghi rõ lý do xung đột lợi ích."), code="reason_required")
    if application.session_id is None or application.session.council_id != member.council_id:
        raise EvaluationError(_("Hồ sơ không thuộc phiên họp của hội đồng này."))
    conflict, created = ConflictOfInterest.objects.get_or_create(
        member=member, application=application, defaults={"reason": reason.strip(), "detected": detected})
    if created:
        audit(application, action="conflict", actor=actor, note=f"{member.full_name}: {reason.strip()}")
    return conflict


def conflicts_detect(*, session, actor=None):
    """Conflicts the portal can see for itself: a member who acts for a product's producer; and,
    when the province has turned the locality rule on, a member whose locality holds the
    producer's unit."""
    from producers.models import ProducerMembership

    from .models import ProvinceSettings

    settings = ProvinceSettings.objects.filter(province_id=session.council.province_id).first()
    by_locality = bool(settings and settings.locality_conflicts)
    members = list(session.council.members.select_related("locality"))
    found = []
    applications = list(session.applications.select_related("product__producer__unit"))
    acting = set(ProducerMembership.objects.filter(producer__in={a.product.producer_id for a in applications})
                 .values_list("producer_id", "user_id"))
    for application in applications:
        producer = application.product.producer
        for member in members:
            if member.user_id and (producer.pk, member.user_id) in acting:
                found.append(conflict_declare(member=member, application=application, actor=actor, detected=True,
                                              reason=_("Thành viên là người của chủ thể sản xuất.")))
            elif by_locality and member.locality_id and producer.unit.path.startswith(member.locality.path):
                found.append(conflict_declare(member=member, application=application, actor=actor, detected=True,
                                              reason=_("Thành viên cùng địa bàn với chủ thể (%(unit)s).") % {"unit": member.locality}))
    return found


def _refuse_if_conflicted(member, application):
    if application.conflicts.filter(member=member).exists():
        raise EvaluationError(_("Bạn có xung đột lợi ích với sản phẩm này nên không chấm điểm được."), code="conflicted")


@transaction.atomic
def scorecard_answer(*, session, application, member, criterion_id, option_id, comment="", actor=None):
    """Record one answer of `member`'s sheet (and its comment) at once, as the page saves each
    choice; audited with the criterion and the points. Refused for a conflicted member."""
    from .models import Criterion, ScorecardChoice

    _refuse_if_conflicted(member, application)
    card = scorecard_choose(session=session, application=application, member=member, choices={criterion_id: option_id}, actor=actor)
    choice = ScorecardChoice.objects.select_related("option").get(scorecard=card, criterion_id=criterion_id)
    if choice.comment != comment:
        choice.comment = comment
        choice.save(update_fields=["comment"])
    code = Criterion.objects.values_list("code", flat=True).get(pk=criterion_id)
    audit(card, action="choice", actor=actor, note=f"{code}: {choice.option.points}")
    return card


def scorecard_content_hash(scorecard):
    """SHA-256 of the sheet's content: application, member, each criterion's option, the total."""
    import hashlib

    lines = [f"application={scorecard.application_id}", f"member={scorecard.member_id}", f"total={scorecard.total}",
             f"knockout={scorecard.knockout_criterion_id or ''}:{scorecard.knockout_reason}"]
    lines += [f"{c}={o}" for c, o in sorted(scorecard.choices.values_list("criterion_id", "option_id"))]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


@transaction.atomic
def scorecard_hand_in(*, scorecard, actor=None):
    """The member submits their sheet: `scorecard_submit` (complete, locked, totalled), then the
    receipt (the hash of the sheet's content) is stored and audited."""
    _refuse_if_conflicted(scorecard.member, scorecard.application)
    scorecard_submit(scorecard=scorecard, actor=actor)
    scorecard.receipt = scorecard_content_hash(scorecard)
    scorecard.save(update_fields=["receipt"])
    audit(scorecard, action="receipt", actor=actor, note=scorecard.receipt)
    return scorecard


# --- The chair: quorum, spread decisions -----------------------------------------------------


def pending_problems(session, cards_by_app):
    """Sheets begun but not handed in, by product and member: the close waits for them."""
    problems = []
    for application in session.applications.filter(status=S.IN_SESSION).select_related("product"):
        names = [c.member.full_name for c in cards_by_app.get(application.pk, []) if c.status != "submitted"]
        if names:
            problems.append(_("“%(product)s” còn phiếu chấm chưa nộp: %(names)s.")
                            % {"product": application.product.name, "names": ", ".join(sorted(names))})
    return problems


def quorum_problems(session, cards_by_app):
    """For each dossier of the session, why the council has no quorum on it (empty when it has).

    Quorum: at least `quorum_numerator/quorum_denominator` of the voting members who are not
    conflicted on the product have handed in their sheet, the chair among them when the round
    requires it (the vice-chair presides over a product the chair is conflicted on)."""
    import math

    from .models import ConflictOfInterest, MemberRole

    rnd = session.round
    voters = list(session.council.members.filter(voting=True))
    # (the round's quorum rule; a product whose members are all conflicted can never be scored)
    conflicts = set(ConflictOfInterest.objects.filter(application__session=session).values_list("application_id", "member_id"))
    problems = []
    for application in session.applications.filter(status=S.IN_SESSION).select_related("product"):
        eligible = [m for m in voters if (application.pk, m.pk) not in conflicts]
        handed_in = {c.member_id for c in cards_by_app.get(application.pk, []) if c.status == "submitted"}
        needed = math.ceil(len(eligible) * rnd.quorum_numerator / rnd.quorum_denominator)
        if len(handed_in & {m.pk for m in eligible}) < needed:
            problems.append(_("“%(product)s”: %(done)d/%(total)d thành viên đã nộp phiếu, cần ít nhất %(needed)d.")
                            % {"product": application.product.name, "done": len(handed_in), "total": len(eligible), "needed": needed})
            continue
        if rnd.quorum_requires_chair:
            presiding = next((m for m in eligible if m.role == MemberRole.CHAIR), None) or next(
                (m for m in eligible if m.role == MemberRole.VICE_CHAIR), None)
            if presiding is None or presiding.pk not in handed_in:
                problems.append(_("“%(product)s”: chưa có phiếu của người chủ trì (Chủ tịch, hoặc Phó Chủ tịch khi Chủ tịch "
                                  "có xung đột lợi ích).") % {"product": application.product.name})
    return problems


@transaction.atomic
def spread_keep(*, session, application, reason, actor=None):
    """The chair keeps the scores of a product whose spread is over the limit, with a reason."""
    if not reason.strip():
        raise EvaluationError(_("Cần ghi rõ lý do giữ nguyên điểm."), code="reason_required")
    if application.session_id != session.pk:
        raise EvaluationError(_("Hồ sơ không được đưa vào phiên họp này."))
    return audit(application, action="spread_keep", actor=actor, note=reason.strip())


def spread_problems(session, cards_by_app):
    """Products whose spread is over the round's limit and that the chair has neither reopened
    for re-scoring nor kept with a reasoned decision."""
    from django.contrib.contenttypes.models import ContentType

    from ocop_portal.core.models import AuditEntry

    limit = session.round.spread_limit
    kept = set(AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Application), action="spread_keep",
                                         object_id__in=[a for a in cards_by_app]).values_list("object_id", flat=True))
    problems = []
    for application in session.applications.filter(status=S.IN_SESSION).select_related("product"):
        totals = [c.total for c in cards_by_app.get(application.pk, []) if c.status == "submitted"]
        if totals and max(totals) - min(totals) > limit and application.pk not in kept:
            problems.append(_("“%(product)s”: chênh lệch %(spread)d điểm vượt ngưỡng %(limit)d; Chủ tịch cần mở lại phiếu để "
                              "chấm lại hoặc ghi quyết định giữ nguyên điểm.")
                            % {"product": application.product.name, "spread": max(totals) - min(totals), "limit": limit})
    return problems


@transaction.atomic
def application_reopen_for_rescoring(*, session, application, reason, actor=None):
    """The chair reopens every handed-in sheet of one product (a spread over the limit, a stopped
    sheet to complete): members may change their choices again; each reopen is audited."""
    if session.status != "open":
        raise EvaluationError(_("Chỉ mở lại phiếu khi phiên họp đang diễn ra."))
    cards = list(Scorecard.objects.filter(session=session, application=application, status="submitted"))
    if not cards:
        raise EvaluationError(_("Sản phẩm này chưa có phiếu nào đã nộp để mở lại."))
    for card in cards:
        scorecard_reopen(scorecard=card, reason=reason, actor=actor)
    return cards


# --- Setting a round's rules and a session up (provincial staff) ------------------------------

ROUND_RULE_FIELDS = ("minimum_mode", "spread_limit", "quorum_numerator", "quorum_denominator", "quorum_requires_chair",
                     "scores_visible", "knockout_rule")


def round_rules_locked(round):
    """A round's scoring rules are locked once its first session has opened."""
    return round.sessions.exclude(status="planned").exists()


@transaction.atomic
def round_update_rules(*, round, actor=None, **rules):
    """Change the round's scoring rules (only the names in ROUND_RULE_FIELDS) while no session of
    the round has opened; audited with the old and new values."""
    _lock(round)
    unknown = set(rules) - set(ROUND_RULE_FIELDS)
    if unknown:
        raise ValueError(f"not round rules: {sorted(unknown)}")
    if round_rules_locked(round):
        raise EvaluationError(_("Quy tắc chấm của đợt đã khóa vì phiên họp đầu tiên đã khai mạc."), code="rules_locked")
    changed = {name: (getattr(round, name), value) for name, value in rules.items() if getattr(round, name) != value}
    for name, (_old, value) in changed.items():
        setattr(round, name, value)
    round.full_clean()
    if changed:
        round.save(update_fields=list(changed))
        audit(round, action="round_rules", actor=actor, note="; ".join(f"{n}: {o} → {v}" for n, (o, v) in changed.items()))
    return round


@transaction.atomic
def province_settings_update(*, province, actor=None, **values):
    """Create or change a province's own settings (today: the locality rule for conflicts)."""
    from .models import ProvinceSettings

    settings, created = ProvinceSettings.objects.get_or_create(province=province)
    changed = {k: v for k, v in values.items() if getattr(settings, k) != v}
    for name, value in changed.items():
        setattr(settings, name, value)
    if changed:
        settings.save(update_fields=list(changed))
    if created or changed:
        audit(settings, action="province_settings", actor=actor, note=", ".join(f"{k}={v}" for k, v in changed.items()))
    return settings


# --- A province's calendar of working days (added with the intake pages) --------------------------


@transaction.atomic
def working_day_override_set(*, province, day, is_working, note="", actor=None):
    """Give `day` off (nghỉ bù, `is_working=False`) or make it a working day (làm bù) in
    `province`'s own calendar; a second call for the same day changes it. Pre-check deadlines
    read the calendar when they are shown, so they move at once. Audited."""
    from .models import WorkingDayOverride

    if province.level != UnitLevel.PROVINCE:
        raise EvaluationError(_("Lịch ngày nghỉ bù, làm bù được đặt cho cấp tỉnh."))
    override, created = WorkingDayOverride.objects.select_for_update().get_or_create(
        province=province, day=day, defaults={"is_working": is_working, "note": note.strip()})
    if not created:
        override.is_working, override.note = is_working, note.strip()
        override.full_clean()
        override.save(update_fields=["is_working", "note"])
    audit(override, action="working_day_set", actor=actor,
          note=f"{day:%d/%m/%Y}: {'làm bù' if is_working else 'nghỉ bù'}{' – ' + note.strip() if note.strip() else ''}")
    return override


@transaction.atomic
def working_day_override_delete(*, override, actor=None):
    """Take a day out of the province's own calendar (the national calendar applies again). Audited."""
    audit(override, action="working_day_delete", actor=actor, note=f"{override.day:%d/%m/%Y}")
    override.delete()
