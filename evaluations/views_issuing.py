"""The province's issuing pages: a round's decisions, a draft prepared from a closed session's
results, its review and its issue (certificates and their PDFs, progress polled by htmx), the
products referred to the ministry and the ministry's answers.

Provincial staff of the round's province act; its approvers and finance officers follow (403 on
actions); anyone else who may see the round sees its issued decisions; outsiders get 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop_portal.core import access, documents
from ocop_portal.core.views_documents import status_context

from . import rules, selectors, selectors_issuing, services_issuing
from .forms_issuing import DecisionForm, LocalRecognitionForm, MinistryAnswerForm
from .models import ApplicationStatus, MinistryAnswer, RecognitionDecision

ACT_DENIED = _("Chỉ cán bộ cấp tỉnh của tỉnh tổ chức đợt mới lập, ban hành quyết định và ghi kết quả của Bộ.")


def _refuse_unless_issuer(request, rnd):
    if not rules.can_issue_decision.test(request.user, rnd):
        raise PermissionDenied(ACT_DENIED)


def _round(request, pk):
    return access.get_visible_or_404(selectors.rounds_visible_to(request.user).select_related("province", "regulation"), pk=pk)


def _decision(request, pk):
    """An issued decision the user may see; a draft only for those who follow the round's issuing."""
    decision = access.get_visible_or_404(
        RecognitionDecision.objects.filter(pk__in=selectors.decisions_visible_to(request.user).values("pk"))
        .select_related("round__province", "session__council", "province"), pk=pk)
    if decision.status == "draft" and not selectors_issuing.follows_issuing(request.user, decision.round):
        raise Http404
    return decision


def _document_context(request, document, subject):
    """The document's status partial, for those its kind lets read it."""
    kind = documents.kind_of(document) if document is not None else None
    if kind is None or not kind.can_read(request.user, subject):
        return None
    return status_context(request, document, kind, subject)


# --- A round's decisions -----------------------------------------------------------------------


@require_GET
def decision_list(request, pk):
    rnd = _round(request, pk)
    follows = selectors_issuing.follows_issuing(request.user, rnd)
    return render(request, "evaluations/issuing/decision_list.html", {
        "round": rnd, "follows": follows, "can_issue": rules.can_issue_decision.test(request.user, rnd),
        "decisions": selectors_issuing.round_decisions(rnd, request.user, with_drafts=follows),
        "sessions": selectors_issuing.closed_sessions(rnd) if follows else [],
    })


# --- Preparing and editing a draft -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def decision_prepare(request, pk):
    session = access.get_visible_or_404(selectors.sessions_visible_to(request.user).select_related("round__province", "council"),
                                        pk=pk)
    _refuse_unless_issuer(request, session.round)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services_issuing.decision_prepare(session=session, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.refused(exc)
        else:
            messages.success(request, _("Đã lập dự thảo quyết định. Hãy kiểm tra danh sách sản phẩm trước khi ban hành."))
            return redirect("evaluations:decision-detail", decision.pk)
    draft = session.decisions.filter(status="draft").first()
    probe = RecognitionDecision(round=session.round, session=session, status="draft")
    pending = list(selectors_issuing.pending_results(probe))
    open_ = session.status != "closed"
    return render(request, "evaluations/issuing/decision_prepare.html", {
        "session": session, "round": session.round, "form": form, "draft": draft,
        "covering": None if pending else selectors_issuing.covering_decision(session),
        "to_recognise": sum(1 for r in pending if r.star != 5), "to_refer": sum(1 for r in pending if r.star == 5),
        "open": open_, "blocked": open_ or draft is not None or not pending,
    })


@require_http_methods(["GET", "POST"])
def decision_edit(request, pk):
    decision = _decision(request, pk)
    _refuse_unless_issuer(request, decision.round)
    form = DecisionForm.of(decision, request.POST or None)
    if request.method == "POST" and decision.status == "draft" and form.is_valid():
        try:
            services_issuing.decision_update_draft(decision=decision, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.refused(exc)
        else:
            messages.success(request, _("Đã lưu dự thảo quyết định."))
            return redirect("evaluations:decision-detail", decision.pk)
    return render(request, "evaluations/issuing/decision_edit.html", {"decision": decision, "form": form})


# --- Reviewing and issuing ---------------------------------------------------------------------


def _progress_context(request, decision):
    certificates, counts = selectors_issuing.certificate_rows(decision)
    follows = selectors_issuing.follows_issuing(request.user, decision.round)
    return {"decision": decision, "certificates": certificates, "counts": counts, "follows": follows,
            "requested": counts["ready"] + counts["waiting"] + counts["failed"]}


@require_GET
def decision_detail(request, pk):
    decision = _decision(request, pk)
    context = {
        "decision": decision, "round": decision.round, "contents": selectors_issuing.decision_contents(decision),
        "can_issue": rules.can_issue_decision.test(request.user, decision.round),
    }
    if decision.status == "issued":
        context.update(_progress_context(request, decision))
        context["decision_document"] = _document_context(request, selectors_issuing.decision_document(decision), decision)
    return render(request, "evaluations/issuing/decision_detail.html", context)


@require_GET
def decision_progress(request, pk):
    """The certificates' PDFs: "n/N … đã tạo PDF", polled by htmx while some are being made."""
    decision = _decision(request, pk)
    return render(request, "evaluations/issuing/_progress.html", _progress_context(request, decision))


@require_http_methods(["GET", "POST"])
def decision_issue(request, pk):
    """GET: the confirmation (issuing cannot be undone); POST: issue."""
    decision = _decision(request, pk)
    _refuse_unless_issuer(request, decision.round)
    if request.method == "POST":
        try:
            services_issuing.decision_issue_draft(decision=decision, actor=request.user)
        except ValidationError as exc:
            if getattr(exc, "code", None) == "already_issued":
                messages.info(request, " ".join(exc.messages))
            else:
                messages.error(request, " ".join(exc.messages))
                return redirect("evaluations:decision-issue", decision.pk)
        else:
            messages.success(request, _("Đã ban hành quyết định số %(number)s.") % {"number": decision.number})
        return redirect("evaluations:decision-detail", decision.pk)
    contents = selectors_issuing.decision_contents(decision)
    return render(request, "evaluations/issuing/decision_issue.html", {"decision": decision, "contents": contents})


# --- Referrals to the ministry -----------------------------------------------------------------


@require_GET
def referral_list(request, pk):
    rnd = _round(request, pk)
    if not selectors_issuing.follows_issuing(request.user, rnd):
        raise PermissionDenied(_("Danh sách đề nghị Bộ xét 5 sao dành cho cán bộ cấp tỉnh."))
    applications = list(selectors_issuing.referred_applications(rnd))
    certified = selectors_issuing.local_certificates([a.pk for a in applications])
    for application in applications:
        application.local_certificate = certified.get(application.pk)
    return render(request, "evaluations/issuing/referral_list.html", {
        "round": rnd, "applications": applications, "can_issue": rules.can_issue_decision.test(request.user, rnd),
    })


def _referral(request, pk):
    application = access.get_visible_or_404(
        selectors.applications_visible_to(request.user)
        .filter(Q(status=ApplicationStatus.REFERRED) | Q(ministry_answer__isnull=False))
        .select_related("round__province", "product__producer__unit"), pk=pk)
    if not selectors_issuing.follows_issuing(request.user, application.round):
        raise PermissionDenied(_("Danh sách đề nghị Bộ xét 5 sao dành cho cán bộ cấp tỉnh."))
    return application


def _render_referral(request, application, *, answer_form=None, recognise_form=None):
    answer = MinistryAnswer.objects.filter(application=application).first()
    can_issue = rules.can_issue_decision.test(request.user, application.round)
    certificate = selectors_issuing.local_certificate(application)
    stars = services_issuing.local_stars(answer.central_score) if answer and answer.outcome == "below_90" else ()
    may_recognise = can_issue and bool(stars) and certificate is None and application.status == ApplicationStatus.REFERRED
    if may_recognise and recognise_form is None:
        recognise_form = LocalRecognitionForm(prefix="recognise", initial={"star": stars[-1]})
    if recognise_form is not None:
        recognise_form.fields["star"].choices = [(s, f"{s}★") for s in stars]
    return render(request, "evaluations/issuing/referral_detail.html", {
        "application": application, "round": application.round, "result": selectors_issuing.referral_result(application),
        "answer": answer, "certificate": certificate, "stars": stars, "can_issue": can_issue,
        "answer_form": (answer_form or MinistryAnswerForm(prefix="answer")) if can_issue and answer is None else None,
        "recognise_form": recognise_form if may_recognise else None,
    })


@require_GET
def referral_detail(request, pk):
    return _render_referral(request, _referral(request, pk))


@require_POST
def ministry_answer(request, pk):
    application = _referral(request, pk)
    _refuse_unless_issuer(request, application.round)
    form = MinistryAnswerForm(request.POST, prefix="answer")
    if form.is_valid():
        try:
            services_issuing.ministry_answer_record(application=application, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.refused(exc)
        else:
            messages.success(request, _("Đã ghi kết quả của Bộ."))
            return redirect("evaluations:referral-detail", application.pk)
    application = _referral(request, pk)
    return _render_referral(request, application, answer_form=form)


@require_POST
def referral_recognise(request, pk):
    application = _referral(request, pk)
    _refuse_unless_issuer(request, application.round)
    form = LocalRecognitionForm(request.POST, prefix="recognise")
    form.fields["star"].choices = [(3, "3★"), (4, "4★")]
    if form.is_valid():
        data = form.cleaned_data
        decision = RecognitionDecision(**{name: data[name] for name in services_issuing.DECISION_FIELDS})
        try:
            certificate = services_issuing.referral_recognise_locally(application=application, star=data["star"],
                                                                       decision=decision, actor=request.user)
        except ValidationError as exc:
            form.refused(exc)
        else:
            messages.success(request, _("Đã công nhận %(star)d★ và cấp giấy chứng nhận số %(number)s.")
                             % {"star": certificate.star, "number": certificate.number})
            return redirect("evaluations:referral-detail", application.pk)
    application = _referral(request, pk)
    return _render_referral(request, application, recognise_form=form)
