"""Provincial staff set rounds and sessions up in the browser: the round's scoring rules (locked
once its first session opens), a session's council, dates and place, its eligible dossiers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ocop_portal.core import access

from . import rules, selectors, services, views_documents
from .forms import AssignForm, RoundRulesForm, SessionForm
from .models import ApplicationStatus


@require_GET
def round_list(request):
    rounds = (selectors.rounds_visible_to(request.user).select_related("province", "regulation")
              .annotate(dossiers=Count("applications", filter=~Q(applications__status=ApplicationStatus.DRAFT), distinct=True),
                        session_count=Count("sessions", distinct=True))
              .order_by("-year", "-opens_on"))
    return render(request, "evaluations/round_list.html", {"rounds": rounds})


def _round(request, pk, manage=False):
    rnd = access.get_visible_or_404(selectors.rounds_visible_to(request.user).select_related("province", "regulation"), pk=pk)
    if manage and not rules.can_manage_round.test(request.user, rnd):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh của tỉnh tổ chức đợt mới thay đổi được."))
    return rnd


@require_http_methods(["GET", "POST"])
def round_detail(request, pk):
    rnd = _round(request, pk)
    can_manage = rules.can_manage_round.test(request.user, rnd)
    locked = services.round_rules_locked(rnd)
    form = RoundRulesForm(instance=rnd)
    if request.method == "POST":
        rnd = _round(request, pk, manage=True)
        form = RoundRulesForm(request.POST, instance=_round(request, pk))
        if form.is_valid():
            try:
                services.round_update_rules(round=rnd, actor=request.user,
                                            **{name: form.cleaned_data[name] for name in services.ROUND_RULE_FIELDS})
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Đã lưu quy tắc chấm của đợt."))
                return redirect("evaluations:round-detail", rnd.pk)
    if locked or not can_manage:
        for field in form.fields.values():
            field.disabled = True
    sessions = rnd.sessions.select_related("council").annotate(n=Count("applications")).order_by("starts_on", "pk")
    return render(request, "evaluations/round_detail.html", {
        "round": rnd, "form": form, "locked": locked, "can_manage": can_manage, "sessions": sessions,
        **views_documents.round_documents_context(request, rnd),
    })


@require_http_methods(["GET", "POST"])
def session_create(request, pk):
    rnd = _round(request, pk, manage=True)
    councils = selectors.councils_visible_to(request.user).filter(province=rnd.province)
    form = SessionForm(request.POST or None, councils=councils)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(round=rnd, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã tạo phiên họp. Hãy đưa các hồ sơ đủ điều kiện vào phiên."))
            return redirect("evaluations:session-setup", session.pk)
    return render(request, "evaluations/session_create.html", {"round": rnd, "form": form})


@require_http_methods(["GET", "POST"])
def session_setup(request, pk):
    session = access.get_visible_or_404(selectors.sessions_visible_to(request.user).select_related("council", "round"), pk=pk)
    if not rules.can_manage_session.test(request.user, session):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh của tỉnh tổ chức đợt mới thay đổi được."))
    eligible = (session.round.applications.filter(status=ApplicationStatus.ELIGIBLE, session__isnull=True)
                .select_related("product__producer").order_by("product__name"))
    form = AssignForm(request.POST or None, eligible=eligible)
    if request.method == "POST" and form.is_valid():
        added = 0
        for application in form.cleaned_data["applications"]:
            try:
                services.session_add_application(session=session, application=application, actor=request.user)
                added += 1
            except ValidationError as exc:
                messages.error(request, f"{application.product.name}: {' '.join(exc.messages)}")
        if added:
            messages.success(request, _("Đã đưa %(count)d hồ sơ vào phiên họp.") % {"count": added})
        return redirect("evaluations:session-setup", session.pk)
    assigned = session.applications.select_related("product__producer").order_by("product__name")
    return render(request, "evaluations/session_setup.html", {
        "session": session, "form": form, "assigned": assigned, "has_eligible": eligible.exists(),
        "can_open": session.status == "planned" and rules.can_open_session.test(request.user, session),
    })


