"""The rewards pages of the paying province's money roles: what is owed (per decision, per year),
the batches the department proposes, the committee approves and finance pays, the schedules.

Only the money roles (provincial staff, approver, finance) and a superuser open them (403 for
anyone else: a producer sees what it is owed on its own page); a decision or batch of another
province is 404. Every action is a POST calling one service; the rules say who may (403 else)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations.models import RecognitionDecision
from ocop_portal.core import access, documents
from ocop_portal.core.views_documents import status_context

from . import rules, selectors, services
from .forms import ApproveForm, PayForm, ProposeForm, RateFormSet, ReverseForm, ScheduleForm
from .models import BatchStatus, EntitlementStatus, EntryKind, Payout, PayoutEntry

NOT_MONEY = _("Trang khen thưởng dành cho cán bộ cấp tỉnh, lãnh đạo phê duyệt và kế toán của tỉnh.")


def _money_role(request):
    if not selectors.holds_money_role(request.user):
        raise PermissionDenied(NOT_MONEY)


def _covers(user, province):
    return user.is_superuser or access.covers(user, province, selectors.MONEY_ROLES)


def _decision(request, pk):
    if not str(pk).isdigit():
        raise Http404
    decision = RecognitionDecision.objects.select_related("province", "round").filter(pk=pk, status="issued").first()
    if decision is None or not _covers(request.user, decision.province):
        raise Http404
    return decision


def _batch(request, pk):
    return access.get_visible_or_404(selectors.batches_visible_to(request.user).select_related(
        "province", "decision__round", "proposed_by", "approved_by"), pk=pk)


def _refused(request, exc):
    messages.error(request, " ".join(exc.messages))


# --- The overview ------------------------------------------------------------------------------------


@require_GET
def payout_list(request):
    """What the province owes and pays: per year, per decision, the batches, the 5★ entitlements
    waiting to be proposed."""
    _money_role(request)
    user = request.user
    entitlements = selectors.entitlements_visible_to(user)
    waiting = selectors.unproposed(user).select_related("application__product__producer").order_by(
        "application__product__producer__name", "pk")
    can_propose = bool(selectors.schedule_provinces(user))
    return render(request, "rewards/overview.html", {
        "years": selectors.totals_by(entitlements, "due_on__year"),
        "producers": selectors.producer_totals(entitlements),
        "all": selectors.totals(entitlements),
        "decisions": selectors.decisions_with_entitlements(user),
        "batches": list(selectors.batches_with_totals(user)),
        "waiting": list(selectors.entitlement_rows(waiting)),
        "can_propose": can_propose,
        "propose_form": ProposeForm(entitlements=waiting) if can_propose else None,
    })


# --- A decision's entitlements -------------------------------------------------------------------------


@require_GET
def decision_entitlements(request, pk):
    _money_role(request)
    decision = _decision(request, pk)
    entitlements = selectors.entitlements_visible_to(request.user).filter(decision=decision)
    rows = list(selectors.entitlement_rows(entitlements).order_by("-star", "application__product__producer__name",
                                                                  "application__product__name", "pk"))
    to_propose = entitlements.filter(status=EntitlementStatus.CREATED).select_related(
        "application__product__producer").order_by("application__product__producer__name", "application__product__name")
    can_propose = rules.can_propose.test(request.user, decision)
    schedule = services.schedule_in_force(province=decision.province, day=decision.signed_on)
    certificates = decision.certificates.count()
    return render(request, "rewards/decision.html", {
        "decision": decision, "rows": rows, "totals": selectors.totals(entitlements), "schedule": schedule,
        "certificates": certificates, "can_propose": can_propose,
        "form": ProposeForm(entitlements=to_propose) if can_propose and rows and any(r.status == "created" for r in rows) else None,
        "can_compute": can_propose and schedule is not None and len(rows) < certificates,
        "batches": list(selectors.batches_with_totals(request.user).filter(decision=decision)),
    })


@require_POST
def decision_compute(request, pk):
    _money_role(request)
    decision = _decision(request, pk)
    if not rules.can_propose.test(request.user, decision):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh của tỉnh tính và đề nghị khen thưởng."))
    try:
        created = services.entitlements_create_for_decision(decision=decision, actor=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Đã tính %(count)d khoản thưởng theo mức đang áp dụng.") % {"count": len(created)})
    return redirect("rewards:decision", decision.pk)


@require_POST
def batch_propose(request):
    _money_role(request)
    decision = _decision(request, request.POST["decision"]) if request.POST.get("decision") else None
    candidates = selectors.entitlements_visible_to(request.user).filter(status=EntitlementStatus.CREATED)
    candidates = candidates.filter(decision=decision) if decision else candidates.filter(decision__isnull=True)
    form = ProposeForm(request.POST, entitlements=candidates)
    back = redirect("rewards:decision", decision.pk) if decision else redirect("rewards:payout-list")
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return back
    chosen = list(form.cleaned_data["entitlements"].select_related("schedule__province"))
    if not all(rules.can_propose.test(request.user, e.schedule.province) for e in chosen):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh của tỉnh tính và đề nghị khen thưởng."))
    try:
        batch = services.batch_propose(actor=request.user, decision=decision, entitlements=chosen, note=form.cleaned_data["note"])
    except ValidationError as exc:
        _refused(request, exc)
        return back
    messages.success(request, _("Đã đề nghị khen thưởng %(count)d khoản; chờ lãnh đạo phê duyệt.") % {"count": len(chosen)})
    return redirect("rewards:batch-detail", batch.pk)


# --- A batch ---------------------------------------------------------------------------------------------


def _batch_context(request, batch, **forms):
    user = request.user
    lines = list(selectors.payout_rows(Payout.objects.filter(batch=batch)).order_by(
        "-entitlement__star", "entitlement__application__product__producer__name", "entitlement__application__product__name"))
    entries = list(PayoutEntry.objects.filter(payout__batch=batch).select_related("recorded_by", "payout__entitlement__application__product")
                   .order_by("recorded_at", "pk"))
    can_approve = batch.status == BatchStatus.PROPOSED and rules.can_approve_batch.test(user, batch)
    can_pay = batch.status != BatchStatus.PROPOSED and rules.can_pay_batch.test(user, batch)
    unpaid = Payout.objects.filter(batch=batch, entitlement__status=EntitlementStatus.APPROVED).select_related(
        "entitlement__application__product__producer").order_by("entitlement__application__product__producer__name", "pk")
    document = documents.document_for(batch, services.REWARD_DECISION_KIND)
    kind = documents.KINDS.get(services.REWARD_DECISION_KIND)
    return {
        "batch": batch, "lines": lines, "entries": entries, "totals": selectors.batch_totals(batch),
        "ledger": selectors.ledger_total(batch),
        "approve_form": forms.get("approve_form") or (ApproveForm() if can_approve else None),
        "pay_form": forms.get("pay_form") or (PayForm(payouts=unpaid) if can_pay and unpaid.exists() else None),
        "can_pay": can_pay, "can_approve": can_approve,
        "is_proposer": batch.proposed_by_id == user.pk,
        "document": status_context(request, document, kind, batch) if document and kind and kind.can_read(user, batch) else None,
        "reversal_kind": EntryKind.REVERSAL,
    }


@require_GET
def batch_detail(request, pk):
    _money_role(request)
    batch = _batch(request, pk)
    return render(request, "rewards/batch.html", _batch_context(request, batch))


@require_POST
def batch_approve(request, pk):
    _money_role(request)
    batch = _batch(request, pk)
    if not rules.can_approve_batch.test(request.user, batch):
        raise PermissionDenied(_("Chỉ lãnh đạo phê duyệt của tỉnh, không phải người đề nghị, phê duyệt đợt chi thưởng."))
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            services.batch_approve(batch=batch, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.refused(exc)
        else:
            messages.success(request, _("Đã phê duyệt: Quyết định khen thưởng %(number)s.") % {"number": batch.number})
            return redirect("rewards:batch-detail", batch.pk)
    batch.refresh_from_db()
    return render(request, "rewards/batch.html", _batch_context(request, batch, approve_form=form), status=400)


@require_POST
def batch_pay(request, pk):
    _money_role(request)
    batch = _batch(request, pk)
    if not rules.can_pay_batch.test(request.user, batch):
        raise PermissionDenied(_("Chỉ kế toán của tỉnh, không phải người đề nghị hay người phê duyệt, ghi chi trả."))
    payouts = Payout.objects.filter(batch=batch).select_related("entitlement__application__product__producer")
    form = PayForm(request.POST, payouts=payouts)
    if form.is_valid():
        try:
            entries = services.batch_mark_paid(batch=batch, actor=request.user, payouts=list(form.cleaned_data["payouts"]),
                                               paid_on=form.cleaned_data["paid_on"], reference=form.cleaned_data["reference"])
        except ValidationError as exc:
            form.refused(exc)
        else:
            messages.success(request, _("Đã ghi chi trả %(count)d khoản.") % {"count": len(entries)})
            return redirect("rewards:batch-detail", batch.pk)
    batch.refresh_from_db()
    return render(request, "rewards/batch.html", _batch_context(request, batch, pay_form=form), status=400)


@require_POST
def payout_reverse(request, pk):
    _money_role(request)
    payout = access.get_visible_or_404(Payout.objects.filter(batch__in=selectors.batches_visible_to(request.user))
                                       .select_related("batch__province", "entitlement"), pk=pk)
    if not rules.can_pay_batch.test(request.user, payout.batch):
        raise PermissionDenied(_("Chỉ kế toán của tỉnh, không phải người đề nghị hay người phê duyệt, ghi điều chỉnh."))
    form = ReverseForm(request.POST)
    if form.is_valid():
        try:
            services.payout_reverse(payout=payout, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Đã ghi bút toán đảo; khoản này chờ chi lại."))
    else:
        messages.error(request, _("Hãy ghi lý do điều chỉnh."))
    return redirect("rewards:batch-detail", payout.batch_id)


# --- Schedules ----------------------------------------------------------------------------------------------


@require_GET
def schedule_list(request):
    _money_role(request)
    schedules = (selectors.schedules_visible_to(request.user).select_related("province").prefetch_related("rates")
                 .annotate(used=Count("entitlements")).order_by("province__name", "-valid_from"))
    return render(request, "rewards/schedule_list.html", {
        "schedules": schedules, "can_create": bool(selectors.schedule_provinces(request.user))})


@require_http_methods(["GET", "POST"])
def schedule_create(request):
    _money_role(request)
    provinces = selectors.schedule_provinces(request.user)
    if not provinces:
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh khai báo mức thưởng của tỉnh."))
    form = ScheduleForm(request.POST or None, provinces=provinces)
    rates = RateFormSet(request.POST or None, prefix="rates")
    if request.method == "POST" and form.is_valid() and rates.is_valid():
        rows = [r.cleaned_data for r in rates.forms if r.cleaned_data]
        try:
            schedule = services.schedule_create(rates=rows, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.refused(exc)
        else:
            messages.success(request, _("Đã lưu mức thưởng “%(name)s”.") % {"name": schedule.name})
            return redirect("rewards:schedule-list")
    return render(request, "rewards/schedule_form.html", {"form": form, "rates": rates},
                  status=400 if request.method == "POST" else 200)

