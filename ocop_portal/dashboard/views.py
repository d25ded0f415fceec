"""The dashboards' pages: the overview (`/dashboard/?year=&unit=`), its exports, the drill-down
lists behind each number with theirs, the programme's targets (with the progress staff enter for
the targets the portal cannot count) and the council's analytics. Every page reads through
`selectors`; the only write goes through `evaluations.services_targets`."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from evaluations import rules as ev_rules
from evaluations.selectors import targets_visible_to
from evaluations.services_targets import target_progress_record
from ocop_portal.core import access
from ocop_portal.core.formats import format_vnd
from ocop_portal.core.models import Role

from . import selectors
from .exports import Column, Money, export_response, exported_on
from .forms import TargetProgressForm
from .lists import LISTS
from .scope import PeriodForm, dashboard_scope, may_open_dashboard, may_see_council_analytics, unit_choices

PER_PAGE = 50


def _common(request, scope, active):
    """What every dashboard page shows around its content: the period and territory picker, the
    tabs, whether the council's analytics are offered."""
    return {
        "scope": scope, "active": active, "unit_choices": unit_choices(request.user, scope), "may_open": True,
        "analytics": may_see_council_analytics(request.user) and not _local_only(request.user),
    }


def _local_only(user):
    """A local officer without a provincial role: the dashboard of their unit, no analytics."""
    return not user.is_superuser and access.has_role(user, Role.LOCAL_OFFICER) and not access.has_role(user, Role.PROVINCIAL_STAFF)


# --- Overview --------------------------------------------------------------------------------


def _charts(data, series):
    """The charts' data for static/js/dashboard.js (read from a json_script block)."""
    stage_labels = {row.key: str(row.label) for row in data["rewards"]["stages"]}
    return {
        "stars": {"labels": [row["year"] for row in series["stars"]],
                  "datasets": [{"label": f"{s}★", "data": [row[str(s)] for row in series["stars"]]} for s in (3, 4, 5)]},
        "units": {"labels": [row.label for row in data["units"]], "data": [row.n for row in data["units"]],
                  "label": _("Sản phẩm đăng ký")},
        "sectors": {"labels": [row.label for row in data["sectors"]], "data": [row.n for row in data["sectors"]]},
        "rewards": {"labels": [row["year"] for row in series["rewards"]],
                    "datasets": [{"label": stage_labels[s], "data": [row[s] for row in series["rewards"]], "stage": s}
                                 for s in ("proposed", "approved", "paid")],
                    "money": True},
    }


def _headline(data):
    """The period in one sentence, the way the province reports it: "16 chủ thể: 7 doanh nghiệp,
    …; 36 sản phẩm đăng ký, 33 đủ điều kiện; 3 sản phẩm 3★, 30 sản phẩm 4★; khen thưởng đã chi
    960.000.000 ₫."""
    producers = data["producers"]
    kinds = ", ".join(f"{row.n} {str(row.label).lower()}" for row in producers["kinds"] if row.n)
    parts = [ngettext("%(n)s chủ thể", "%(n)s chủ thể", producers["total"]) % {"n": producers["total"]}
             + (f": {kinds}" if kinds else "")]
    products = data["products"]
    parts.append(_("%(registered)s sản phẩm đăng ký, %(eligible)s đủ điều kiện") % products)
    stars = ", ".join(_("%(n)s sản phẩm %(star)s") % {"n": row.n, "star": row.label}
                      for row in reversed(products["stars"]) if row.n)
    if stars:
        parts.append(stars)
    parts.append(_("khen thưởng đã chi %(amount)s") % {"amount": format_vnd(data["rewards"]["paid"])})
    return "; ".join(parts) + "."


@require_GET
def overview(request):
    scope = dashboard_scope(request)
    today = timezone.localdate()
    data = selectors.overview(request.user, scope, today)
    series = selectors.series(request.user, scope)
    return render(request, "dashboard/overview.html", {
        **_common(request, scope, "overview"), **data, "series": series, "today": today,
        "charts": _charts(data, series), "headline": _headline(data),
    })


def _overview_rows(data, scope):
    """The overview as (section, figure, value) lines for the exports."""
    rows = [(_("Chủ thể"), _("Tổng số chủ thể"), data["producers"]["total"])]
    rows += [(_("Chủ thể"), r.label, r.n) for r in data["producers"]["kinds"]]
    products = data["products"]
    rows += [(_("Sản phẩm"), label, products[key]) for key, label in (
        ("registered", _("Sản phẩm đăng ký")), ("eligible", _("Đủ điều kiện đánh giá")),
        ("ineligible", _("Không đủ điều kiện")), ("rated", _("Đạt hạng sao")), ("not_achieved", _("Không đạt")))]
    rows += [(_("Hạng sao"), r.label, r.n) for r in products["stars"]]
    rows += [(_("Ngành"), r.label, r.n) for r in data["sectors"]]
    rows += [(_("Bộ sản phẩm"), r.label, r.n) for r in data["product_sets"]]
    rows += [(_("Địa bàn"), r.label, r.n) for r in data["units"]]
    for r in data["rewards"]["stages"]:
        rows += [(_("Khen thưởng"), _("%(stage)s: số khoản") % {"stage": r.label}, r.n),
                 (_("Khen thưởng"), _("%(stage)s: số tiền") % {"stage": r.label}, Money(r.amount))]
    rows.append((_("Khen thưởng"), _("Tổng số tiền"), Money(data["rewards"]["total"])))
    states = data["certificates"]
    rows += [(_("Giấy chứng nhận"), label, states[key]) for key, label in (
        ("current", _("Còn hiệu lực")), ("expiring", _("Trong đó sắp hết hạn (180 ngày)")), ("expired", _("Hết hiệu lực")),
        ("revoked", _("Bị thu hồi")), ("superseded", _("Được thay thế")))]
    return rows


OVERVIEW_COLUMNS = (
    Column(_("Nhóm"), lambda r: r[0], width=20),
    Column(_("Chỉ tiêu"), lambda r: r[1], width=50),
    Column(_("Giá trị"), lambda r: r[2], kind="int", width=18),
)


def _filename(base, scope):
    return f"ocop-{base}-{scope.period_label}" + (f"-{scope.unit.code}" if scope.unit else "")


def _subtitle(scope):
    return _("%(unit)s · năm %(period)s · %(day)s") % {"unit": scope.label, "period": scope.period_label, "day": exported_on()}


@require_GET
def overview_export(request, fmt):
    scope = dashboard_scope(request)
    data = selectors.overview(request.user, scope, timezone.localdate())
    return export_response(fmt, filename=_filename("tong-quan", scope), title=_("Thống kê chương trình OCOP"),
                           subtitle=_subtitle(scope), columns=OVERVIEW_COLUMNS, rows=_overview_rows(data, scope))


# --- Drill-down lists --------------------------------------------------------------------------


def _filtered(request, spec, scope):
    queryset = spec.queryset(request.user, scope, timezone.localdate()).order_by(*spec.default_order)
    filterset = spec.filterset(request.GET or None, queryset=queryset, scope=scope)
    if not filterset.is_bound:
        return filterset, queryset
    # A value the filters refuse (a star of 9, a unit outside the scope) lists nothing, with the
    # error beside its field, rather than silently listing everything.
    return filterset, filterset.qs if filterset.is_valid() else queryset.none()


def _list_query(request, *, drop=("page",)):
    return urlencode([(k, v) for k, values in request.GET.lists() for v in values if k not in drop and v != ""])


@require_GET
def list_page(request, key):
    spec = LISTS[key]
    scope = dashboard_scope(request)
    filterset, rows = _filtered(request, spec, scope)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    total = rows.aggregate(total=Sum(spec.money))["total"] or 0 if spec.money else None
    shown = [c for c in spec.columns if c.page]
    table = [{"link": spec.link(obj), "cells": [{"value": c.value(obj), "kind": c.kind, "header": c.header} for c in shown]}
             for obj in page.object_list]
    query = _list_query(request)
    exports = {fmt: f"{reverse(f'dashboard:{key}-export', kwargs={'fmt': fmt})}?{query}" for fmt in ("xlsx", "csv")}
    return render(request, "dashboard/list.html", {
        **_common(request, scope, key), "spec": spec, "filter": filterset, "page": page, "table": table, "total": total,
        "query": query, "export_urls": exports, "headers": [c.header for c in shown],
    })


@require_GET
def list_export(request, key, fmt):
    spec = LISTS[key]
    scope = dashboard_scope(request)
    _filterset, rows = _filtered(request, spec, scope)
    return export_response(fmt, filename=_filename(key, scope), title=spec.title, subtitle=_subtitle(scope),
                           columns=spec.columns, rows=rows.iterator(chunk_size=2000))


# --- Targets -----------------------------------------------------------------------------------


def _period(request, targets, scope):
    periods = sorted({(t.period_start, t.period_end) for t in targets}, reverse=True)
    asked = request.GET.get("period", "")
    for period in periods:
        if asked == f"{period[0]}-{period[1]}":
            return period, periods
    containing = [p for p in periods if p[0] <= scope.year_from <= p[1]]
    return (containing or periods or [None])[0], periods


def _targets_page(request, *, bound=None, status=200):
    user = request.user
    scope = dashboard_scope(request)
    today = timezone.localdate()
    targets = selectors.targets_for(user, scope)
    period, periods = _period(request, targets, scope)
    progress = selectors.target_progress(user, scope, targets, period, today) if period else None
    if progress:
        for row in progress["rows"]:
            target = row["target"]
            row["may_enter"] = row["manual"] and ev_rules.can_record_target_progress.test(user, target)
            if row["may_enter"]:
                row["form"] = bound if bound is not None and bound.target.pk == target.pk else TargetProgressForm(
                    target=target, prefix=f"t{target.pk}", initial={"year": min(target.period_end, today.year)})
    shown_forms = {row["form"] for row in progress["rows"] if row.get("form")} if progress else set()
    page_errors = bound.non_field_errors() if bound is not None and bound not in shown_forms else []
    return render(request, "dashboard/targets.html", {
        **_common(request, scope, "targets"), "period": period, "periods": periods, "progress": progress, "today": today,
        "page_errors": page_errors,
        "charts": {"trend": _trend_chart(progress)} if progress else {},
    }, status=status)


def _trend_chart(progress):
    rows = {row["target"].metric: row for row in progress["rows"]}
    products = rows.get("products_3_plus")
    if not products:
        return None
    years = progress["years"]
    return {"labels": years, "target": products["target"].target, "datasets": [
        {"label": _("Sản phẩm đạt 3 sao trở lên (lũy kế)"), "data": [progress["stock"][y]["p3"] for y in years]},
        {"label": _("Trong đó còn hiệu lực"), "data": [progress["stock"][y]["valid"] for y in years]},
    ], "target_label": _("Mục tiêu")}


@require_GET
def targets(request):
    return _targets_page(request)


@require_POST
def target_progress(request, pk):
    user = request.user
    dashboard_scope(request)  # 403 without a territory role
    target = access.get_visible_or_404(targets_visible_to(user), pk=pk)
    if not ev_rules.can_record_target_progress.test(user, target):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh của tỉnh này mới nhập được tiến độ mục tiêu."))
    form = TargetProgressForm(request.POST, target=target, prefix=f"t{target.pk}")
    if form.is_valid():
        try:
            target_progress_record(target=target, actor=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã ghi tiến độ “%(metric)s” năm %(year)s: %(value)s.") % {
                "metric": target.get_metric_display(), "year": form.cleaned_data["year"], "value": form.cleaned_data["value"]})
            return redirect(f"{reverse('dashboard:targets')}?{_list_query(request)}")
    return _targets_page(request, bound=form, status=400)


# --- Council analytics -------------------------------------------------------------------------


@require_GET
def council(request):
    user = request.user
    if not may_see_council_analytics(user) or _local_only(user):
        raise PermissionDenied(_("Phân tích chấm điểm dành cho cán bộ cấp tỉnh, chủ tịch và thư ký hội đồng."))
    sessions_qs = selectors.analytics_sessions(user)
    years = selectors.analytics_years(sessions_qs)
    session = None
    if request.GET.get("session"):
        session = access.get_visible_or_404(sessions_qs, pk=request.GET["session"])
        year = session.round.year
        sessions = [session]
    else:
        form = PeriodForm(request.GET)
        year = (form.cleaned_data.get("year") if form.is_valid() else None) or (years[0] if years else None)
        sessions = selectors.sessions_of(sessions_qs, year) if year else []
    all_sessions = sessions if session is None else (selectors.sessions_of(sessions_qs, year) if year else [])
    data = selectors.council_analytics(user, sessions) if sessions else None
    if data:
        labels = {s.pk: s for s in sessions}
        data["agreement_rows"] = [{"session": labels[pk], **value} for pk, value in data["agreement"].items() if value]
    return render(request, "dashboard/council.html", {
        "active": "council", "analytics": True, "years": years, "year": year, "session": session, "sessions": sessions,
        "all_sessions": all_sessions, "data": data, "may_open": may_open_dashboard(user),
        "borderlines": selectors.BORDERLINES,
    })
