"""The local office's pre-check and the province's intake: the local officer's queue (with the
15-working-day deadline), a dossier's page (facts, status trail, the actions the reader may take),
the province's screening of a round, and the province's own calendar of days off and made-up
working days that the deadlines read. Every move goes through the services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop_portal.core import access
from ocop_portal.core.models import Role
from ocop_portal.core.state import TransitionNotAllowed

from . import rules, selectors, services
from .dossier_diff import diff as version_diff
from .forms_intake import (
    AdvisoryRequestForm,
    CarryOverForm,
    CompletionForm,
    OutcomeForm,
    PrecheckForm,
    WorkingDayForm,
    ineligible_form,
    return_form,
)
from .models import ApplicationStatus, SelfAssessment
from .working_days import PRECHECK_WORKING_DAYS, national_holidays_named

PER_PAGE = 50
S = ApplicationStatus


@require_GET
def precheck_queue(request):
    today = timezone.localdate()
    dossiers = selectors.local_dossiers(request.user)
    waiting = selectors.precheck_rows(dossiers.filter(status=S.SUBMITTED).order_by("submitted_at", "pk"), today=today)
    handled = Paginator(dossiers.exclude(status=S.SUBMITTED).order_by("-submitted_at", "-pk"), PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "evaluations/intake_queue.html", {
        "waiting": waiting, "handled": handled, "today": today, "working_days": PRECHECK_WORKING_DAYS,
        "overdue": sum(1 for row in waiting if row["overdue"]),
    })


def _dossier(request, pk):
    """The dossier if the user may see it (its producer's users, the local and provincial officers
    of its territory once submitted, the council it is scored by unless conflicted); 404 otherwise."""
    return access.get_visible_or_404(
        selectors.dossiers_for_page(request.user).select_related(
            "product__producer__unit", "product__product_set", "round__province", "session__council"),
        pk=pk)


def _page(request, application, *, forms=None):
    user = request.user
    today = timezone.localdate()
    row = selectors.precheck_rows([application], today=today)[0]
    labels = dict(S.choices)
    history = [{"entry": entry, "from": labels.get(entry.from_status, entry.from_status),
                "to": labels.get(entry.to_status, entry.to_status)} for entry in selectors.application_history(application)]
    prechecks = application.status == S.SUBMITTED and rules.can_forward_application.test(user, application)
    decides = application.status == S.FORWARDED and rules.can_decide_eligibility.test(user, application)
    at_province = application.status in (S.FORWARDED, S.ELIGIBLE)
    completes = at_province and rules.can_return_for_completion.test(user, application)
    advises = rules.can_advise.test(user, application)
    forms = forms or {}
    reason_title = {S.RETURNED: _("Lý do trả lại"), S.INELIGIBLE: _("Lý do không đủ điều kiện"),
                    S.COMPLETION: _("Nội dung tỉnh yêu cầu bổ sung")}.get(application.status)
    precheck = selectors.precheck_of(application)
    carry_rounds = (selectors.carry_over_rounds(application)
                    if application.status == S.INELIGIBLE and rules.can_carry_over.test(user, application) else None)
    return render(request, "evaluations/dossier_detail.html", {
        "application": application, "row": row, "history": history, "today": today,
        "working_days": PRECHECK_WORKING_DAYS, "prechecks": prechecks, "decides": decides,
        "return_form": forms.get("return") or return_form(), "ineligible_form": forms.get("ineligible") or ineligible_form(),
        "back": _back(user, application), "reason_title": reason_title if application.decision_reason else None,
        "precheck": precheck, "precheck_problems": services.precheck_problems(application) if prechecks else [],
        "precheck_form": forms.get("precheck") or PrecheckForm(initial=_precheck_initial(application, precheck)),
        "expected_samples": services.expected_samples(application),
        "completes": completes, "completion_form": forms.get("completion") or CompletionForm(prefix="completion"),
        "advises": advises, "advisory_requests": selectors.advisory_requests_of(application) if advises or at_province else [],
        "advisory_form": forms.get("advisory") or AdvisoryRequestForm(prefix="advisory"),
        "can_request": advises and at_province, "outcome_form": OutcomeForm(prefix="outcome"),
        "carry_rounds": carry_rounds, "carry_form": CarryOverForm(rounds=carry_rounds) if carry_rounds else None,
        "versions": selectors.dossier_versions(application),
    })


def _precheck_initial(application, precheck):
    if precheck is None:
        return {"samples_received": services.expected_samples(application) or None}
    return {field: getattr(precheck, field) for field in PrecheckForm.base_fields}


def _back(user, application):
    """Where the reader came from: the queue for a local officer, the round's intake for the province."""
    if rules.can_forward_application.test(user, application) and access.has_role(user, Role.LOCAL_OFFICER):
        return {"url": reverse("evaluations:precheck-queue"), "label": _("Hồ sơ địa bàn")}
    if rules.can_decide_eligibility.test(user, application):
        return {"url": f"{reverse('evaluations:intake')}?round={application.round_id}", "label": _("Tiếp nhận hồ sơ")}
    return None


@require_GET
def dossier_detail(request, pk):
    return _page(request, _dossier(request, pk))


def _as_seen(request, application):
    """Act on the dossier as the reader's page showed it: when its status has changed since (two
    tabs, two officers, a double tap), `set_status` refuses the move and says so, rather than
    applying it over the other one."""
    seen = request.POST.get("expected_status")
    if seen in S.values:
        application.status = seen
    return application


def _refused(request, application, exc):
    messages.error(request, " ".join(exc.messages))
    return redirect("evaluations:dossier-detail", application.pk)


@require_POST
def dossier_forward(request, pk):
    application = _dossier(request, pk)
    if not rules.can_forward_application.test(request.user, application):
        raise PermissionDenied(_("Chỉ cán bộ địa phương phụ trách địa bàn của chủ thể mới sơ kiểm hồ sơ."))
    try:
        services.application_forward(application=_as_seen(request, application), actor=request.user)
    except ValidationError as exc:
        return _refused(request, application, exc)
    messages.success(request, _("Đã chuyển hồ sơ “%(product)s” lên tỉnh.") % {"product": application.product.name})
    return redirect("evaluations:precheck-queue")


@require_POST
def dossier_return(request, pk):
    application = _dossier(request, pk)
    if not rules.can_return_application.test(request.user, application):
        raise PermissionDenied(_("Chỉ cán bộ địa phương phụ trách địa bàn của chủ thể mới sơ kiểm hồ sơ."))
    form = return_form(request.POST)
    try:
        services.application_return(application=_as_seen(request, application), reason=form.reason_text, actor=request.user)
    except TransitionNotAllowed as exc:
        return _refused(request, application, exc)
    except ValidationError as exc:
        form.refused(exc)
        return _page(request, _dossier(request, pk), forms={"return": form})
    messages.success(request, _("Đã trả lại hồ sơ “%(product)s” cho chủ thể.") % {"product": application.product.name})
    return redirect("evaluations:precheck-queue")


@require_POST
def dossier_eligibility(request, pk):
    application = _dossier(request, pk)
    if not rules.can_decide_eligibility.test(request.user, application):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh của tỉnh tổ chức đợt mới xét điều kiện hồ sơ."))
    decision = request.POST.get("decision")
    if decision not in ("eligible", "ineligible"):
        messages.error(request, _("Hãy chọn hồ sơ đủ hay không đủ điều kiện."))
        return redirect("evaluations:dossier-detail", application.pk)
    eligible = decision == "eligible"
    form = ineligible_form(request.POST)
    try:
        services.application_decide_eligibility(application=_as_seen(request, application), eligible=eligible,
                                                reason="" if eligible else form.reason_text, actor=request.user)
    except TransitionNotAllowed as exc:
        return _refused(request, application, exc)
    except ValidationError as exc:
        form.refused(exc)
        return _page(request, _dossier(request, pk), forms={"ineligible": form})
    done = _("Hồ sơ “%(product)s” đủ điều kiện.") if eligible else _("Hồ sơ “%(product)s” không đủ điều kiện; đã ghi lý do.")
    messages.success(request, done % {"product": application.product.name})
    return redirect(f"{reverse('evaluations:intake')}?round={application.round_id}")


@require_POST
def dossier_precheck(request, pk):
    """Save the local office's Mẫu 03 (in as many goes as the officer needs)."""
    application = _dossier(request, pk)
    if not rules.can_record_precheck.test(request.user, application):
        raise PermissionDenied(_("Chỉ cán bộ địa phương phụ trách địa bàn của chủ thể mới sơ kiểm hồ sơ."))
    form = PrecheckForm(request.POST)
    if not form.is_valid():
        return _page(request, application, forms={"precheck": form})
    try:
        services.precheck_save(application=application, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, application, exc)
    messages.success(request, _("Đã lưu báo cáo sơ kiểm (Mẫu 03)."))
    return redirect(reverse("evaluations:dossier-detail", args=[application.pk]) + "#precheck-title")


@require_POST
def dossier_completion(request, pk):
    """The province returns a dossier to the producer for completion."""
    application = _dossier(request, pk)
    if not rules.can_return_for_completion.test(request.user, application):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh của tỉnh tổ chức đợt mới yêu cầu bổ sung hồ sơ."))
    form = CompletionForm(request.POST, prefix="completion")
    form.is_valid()
    try:
        services.application_return_for_completion(
            application=_as_seen(request, application), reason=form.cleaned_data.get("reason", ""),
            recheck_locally=form.cleaned_data.get("recheck_locally", False), actor=request.user)
    except TransitionNotAllowed as exc:
        return _refused(request, application, exc)
    except ValidationError as exc:
        form.add_error("reason", exc)
        return _page(request, _dossier(request, pk), forms={"completion": form})
    messages.success(request, _("Đã trả hồ sơ “%(product)s” cho chủ thể để bổ sung.") % {"product": application.product.name})
    return redirect(f"{reverse('evaluations:intake')}?round={application.round_id}")


@require_POST
def advisory_add(request, pk):
    application = _dossier(request, pk)
    if not rules.can_advise.test(request.user, application):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh (tổ giúp việc) mới gửi yêu cầu đối với hồ sơ."))
    form = AdvisoryRequestForm(request.POST, prefix="advisory")
    if not form.is_valid():
        return _page(request, application, forms={"advisory": form})
    try:
        services.advisory_request_add(application=_as_seen(request, application), kind=form.cleaned_data["kind"],
                                      description=form.cleaned_data["description"], actor=request.user)
    except TransitionNotAllowed as exc:
        return _refused(request, application, exc)
    except ValidationError as exc:
        form.add_error("description", exc)
        return _page(request, _dossier(request, pk), forms={"advisory": form})
    messages.success(request, _("Đã ghi yêu cầu của tổ giúp việc."))
    return redirect(reverse("evaluations:dossier-detail", args=[application.pk]) + "#advisory-title")


@require_POST
def advisory_outcome(request, pk, request_pk):
    application = _dossier(request, pk)
    if not rules.can_advise.test(request.user, application):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh (tổ giúp việc) mới ghi kết quả."))
    advisory = access.get_visible_or_404(selectors.advisory_requests_of(application), pk=request_pk)
    form = OutcomeForm(request.POST, prefix="outcome")
    form.is_valid()
    try:
        services.advisory_outcome_record(request=advisory, outcome=form.cleaned_data.get("outcome", ""), actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã ghi kết quả."))
    return redirect(reverse("evaluations:dossier-detail", args=[application.pk]) + "#advisory-title")


@require_POST
def dossier_carry_over(request, pk):
    """Carry an ineligible dossier into a later round, as a new draft for the producer."""
    application = _dossier(request, pk)
    if not rules.can_carry_over.test(request.user, application) or application.status != S.INELIGIBLE:
        raise PermissionDenied(_("Chỉ chuyển sang đợt sau hồ sơ không đủ điều kiện."))
    form = CarryOverForm(request.POST, rounds=selectors.carry_over_rounds(application))
    if not form.is_valid():
        messages.error(request, _("Hãy chọn một đợt đánh giá đang mở."))
        return redirect("evaluations:dossier-detail", application.pk)
    try:
        new = services.application_carry_over(application=application, round=form.cleaned_data["round"], actor=request.user)
    except ValidationError as exc:
        return _refused(request, application, exc)
    messages.success(request, _("Đã chuyển hồ sơ sang “%(round)s” thành hồ sơ nháp: chủ thể hoàn thiện rồi nộp.")
                     % {"round": new.round.name})
    return redirect("evaluations:dossier-detail", new.pk)


_REGISTRATION_LABELS = {"product": _("Sản phẩm"), "product_set": _("Bộ sản phẩm"), "sheet": _("Phiếu đánh giá"),
                        "kind": _("Hình thức"), "samples_count": _("Số sản phẩm mẫu"), "alternative_case": _("Trường hợp đánh giá")}


def _shown(value):
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return value


@require_GET
def dossier_versions(request, pk):
    """Every submitted version of the dossier, and what changed between two of them."""
    application = _dossier(request, pk)
    versions = selectors.dossier_versions(application)
    numbers = [v.number for v in versions]
    try:
        after = int(request.GET.get("b") or (numbers[-1] if numbers else 0))
        before = int(request.GET.get("a") or (after - 1))
    except ValueError:
        raise Http404 from None
    by_number = {v.number: v for v in versions}
    rows = None
    if before in by_number and after in by_number:
        sections = {"registration": _("Phiếu đăng ký"), "general": _("Thông tin chung"),
                    "answers": _("Tự đánh giá theo tiêu chí"), "evidence": _("Tài liệu minh chứng"),
                    "standing_documents": _("Giấy tờ thường trực")}
        items = {**_REGISTRATION_LABELS, **{f.name: f.verbose_name for f in SelfAssessment._meta.get_fields() if hasattr(f, "verbose_name")}}
        rows = [{"section": sections.get(section, section), "item": items.get(item, item) if section in ("registration", "general") else item,
                 "old": _shown(old), "new": _shown(new)}
                for section, item, old, new in version_diff(by_number[before].content, by_number[after].content)]
    return render(request, "evaluations/dossier_versions.html", {
        "application": application, "versions": versions, "before": before, "after": after, "rows": rows,
        "back": {"url": reverse("evaluations:dossier-detail", args=[application.pk]), "label": application.product.name},
    })


@require_GET
def intake(request):
    rounds = list(selectors.intake_rounds(request.user))
    chosen = None
    wanted = request.GET.get("round")
    if wanted:
        chosen = next((r for r in rounds if str(r.pk) == wanted), None)
        if chosen is None:
            raise Http404
    elif rounds:
        chosen = next((r for r in rounds if r.status == r.STATUS_OPEN), rounds[0])
    stage = request.GET.get("stage") if request.GET.get("stage") in selectors.INTAKE_STAGES else ""
    context = {"rounds": rounds, "round": chosen, "stage": stage, "stages": _stage_labels()}
    if chosen is not None:
        page = Paginator(selectors.intake_dossiers(chosen, request.user, stage or None), PER_PAGE).get_page(request.GET.get("page"))
        for application in page:  # a returned dossier sent in again keeps its old reason until the next decision
            application.current_reason = application.decision_reason if application.status in (S.RETURNED, S.INELIGIBLE) else ""
        context.update(counts=selectors.intake_counts(chosen, request.user), page=page,
                       query=f"round={chosen.pk}" + (f"&stage={stage}" if stage else ""))
    return render(request, "evaluations/intake_province.html", context)


def _stage_labels():
    return [("forwarded", _("Chờ tỉnh xét")), ("submitted", _("Chờ địa phương sơ kiểm")), ("returned", _("Trả lại bổ sung")),
            ("ineligible", _("Không đủ điều kiện")), ("eligible", _("Đủ điều kiện"))]


# --- The province's own calendar (nghỉ bù / làm bù) ----------------------------------------------


def _calendar_provinces(user):
    """The provinces whose calendar the user keeps: those they are provincial staff of (every
    province of today's map for a superuser)."""
    from ocop_portal.core.models import AdministrativeUnit, UnitLevel

    if user.is_superuser:
        return AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, valid_until__isnull=True).order_by("name")
    ids = [a.unit_id for a in access.assignments(user) if a.role == Role.PROVINCIAL_STAFF and a.unit.level == UnitLevel.PROVINCE]
    return AdministrativeUnit.objects.filter(pk__in=ids).order_by("name")


@require_http_methods(["GET", "POST"])
def working_days(request):
    provinces = _calendar_provinces(request.user)
    form = WorkingDayForm(request.POST or None, provinces=provinces)
    if request.method == "POST":
        chosen = list(provinces[:2])
        if not chosen:
            raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh mới đặt lịch nghỉ bù, làm bù của tỉnh."))
        if form.is_valid():
            province = form.cleaned_data.get("province") or chosen[0]
            if not rules.can_manage_working_days.test(request.user, province):
                raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh mới đặt lịch nghỉ bù, làm bù của tỉnh."))
            try:
                services.working_day_override_set(province=province, day=form.cleaned_data["day"],
                                                  is_working=form.cleaned_data["kind"] == "working",
                                                  note=form.cleaned_data["note"], actor=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Đã ghi ngày %(day)s vào lịch của tỉnh.") % {"day": f"{form.cleaned_data['day']:%d/%m/%Y}"})
                return redirect("evaluations:working-days")
    today = timezone.localdate()
    # everyone sees the calendar of the provinces they work in (it sets their deadlines); staff keep it
    overrides = list(selectors.working_day_overrides_visible_to(request.user).filter(day__gte=today.replace(month=1, day=1))
                     .select_related("province").order_by("day", "province__name"))
    for override in overrides:
        override.can_delete = rules.can_manage_working_days.test(request.user, override.province)
    return render(request, "evaluations/intake_calendar.html", {
        "form": form, "overrides": overrides, "has_provinces": provinces.exists(),
        "several": len({o.province_id for o in overrides}) > 1 or "province" in form.fields,
        "holidays": national_holidays_named((today.year, today.year + 1), language=get_language() or "vi"),
    })


@require_POST
def working_day_delete(request, pk):
    override = access.get_visible_or_404(selectors.working_day_overrides_visible_to(request.user).select_related("province"), pk=pk)
    if not rules.can_manage_working_days.test(request.user, override.province):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh mới đặt lịch nghỉ bù, làm bù của tỉnh."))
    services.working_day_override_delete(override=override, actor=request.user)
    messages.success(request, _("Đã bỏ ngày %(day)s khỏi lịch của tỉnh.") % {"day": f"{override.day:%d/%m/%Y}"})
    return redirect("evaluations:working-days")
