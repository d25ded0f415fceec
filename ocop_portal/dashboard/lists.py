"""The four drill-down lists behind the overview's numbers (producers, dossiers, certificates,
payouts): each names its queryset (from `selectors`), its filters, its columns (the page's table
and the exports share them, so both carry the same numbers) and the page each row opens."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from . import filters, selectors
from .exports import Column


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # a page another part of the portal has not built yet
        return None


@dataclass(frozen=True)
class ListSpec:
    key: str
    title: object
    filterset: type
    queryset: Callable  # (user, scope, today) → queryset
    columns: tuple
    link: Callable  # row → URL of its page, or None
    default_order: tuple
    money: str = ""  # the field summed under the list, if any


def _producers(user, scope, today):
    return selectors.scope_producers(user, scope).select_related("unit")


def _applications(user, scope, today):
    return selectors.scope_applications(user, scope).select_related(
        "product__producer__unit", "product__product_set", "round")


def _certificates(user, scope, today):
    return selectors.scope_certificates(user, scope, today).select_related(
        "result__application__product__producer__unit", "decision")


def _payouts(user, scope, today):
    return selectors.scope_payout_rows(user, scope)


def _batch_number(entitlement):
    payout = getattr(entitlement, "payout", None)  # none until the entitlement is proposed
    return payout.batch.number if payout is not None else ""


STATE_LABELS = dict(filters.CERTIFICATE_STATES) | {"valid": _("Còn hiệu lực")}

LISTS = {
    "producers": ListSpec(
        key="producers", title=_("Chủ thể"), filterset=filters.ProducerFilter, queryset=_producers,
        columns=(
            Column(_("Tên chủ thể"), lambda p: p.name, width=40),
            Column(_("Loại hình"), lambda p: p.get_kind_display(), width=22),
            Column(_("Mã số đăng ký kinh doanh / thuế"), lambda p: p.registration_number, width=18),
            Column(_("Địa bàn"), lambda p: p.unit.name, width=26),
            Column(_("Người đại diện"), lambda p: p.representative_name, width=24, page=False),
            Column(_("Số hồ sơ trong kỳ"), lambda p: p.dossiers, kind="int", width=12),
            Column(_("Hạng sao cao nhất"), lambda p: p.best_star, kind="star", width=12),
        ),
        link=lambda p: _url("producers:detail", p.pk), default_order=("name", "pk")),
    "applications": ListSpec(
        key="applications", title=_("Sản phẩm đăng ký (hồ sơ)"), filterset=filters.ApplicationFilter, queryset=_applications,
        columns=(
            Column(_("Sản phẩm"), lambda a: a.product.name, width=40),
            Column(_("Chủ thể"), lambda a: a.product.producer.name, width=36),
            Column(_("Loại hình chủ thể"), lambda a: a.product.producer.get_kind_display(), width=20, page=False),
            Column(_("Địa bàn"), lambda a: a.product.producer.unit.name, width=24),
            Column(_("Ngành"), lambda a: a.product.product_set.sector, width=24, page=False),
            Column(_("Bộ sản phẩm"), lambda a: f"{a.product.product_set.number}. {a.product.product_set.name}", width=30),
            Column(_("Năm"), lambda a: a.round.year, kind="int", width=8, page=False),
            Column(_("Ngày nộp"), lambda a: a.submitted_at, kind="date", width=12),
            Column(_("Trạng thái"), lambda a: a.get_status_display(), width=20),
            Column(_("Hạng sao"), lambda a: a.star, kind="star", width=10),
        ),
        link=lambda a: _url("evaluations:dossier-detail", a.pk), default_order=("product__name", "pk")),
    "certificates": ListSpec(
        key="certificates", title=_("Giấy chứng nhận"), filterset=filters.CertificateFilter, queryset=_certificates,
        columns=(
            Column(_("Số giấy chứng nhận"), lambda c: c.number, width=22),
            Column(_("Sản phẩm"), lambda c: c.result.application.product.name, width=40),
            Column(_("Chủ thể"), lambda c: c.result.application.product.producer.name, width=36),
            Column(_("Địa bàn"), lambda c: c.result.application.product.producer.unit.name, width=24),
            Column(_("Hạng sao"), lambda c: c.star, kind="star", width=10),
            Column(_("Ngày cấp"), lambda c: c.issued_on, kind="date", width=12),
            Column(_("Hiệu lực đến"), lambda c: c.effective_until, kind="date", width=12),
            Column(_("Tình trạng hôm nay"), lambda c: STATE_LABELS.get(c.state, c.state), width=20),
        ),
        link=lambda c: _url("verify", c.verification_code), default_order=("-issued_on", "number")),
    "payouts": ListSpec(
        key="payouts", title=_("Khoản thưởng"), filterset=filters.PayoutFilter, queryset=_payouts,
        columns=(
            Column(_("Sản phẩm"), lambda e: e.application.product.name, width=40),
            Column(_("Chủ thể"), lambda e: e.application.product.producer.name, width=36),
            Column(_("Địa bàn"), lambda e: e.application.product.producer.unit.name, width=24),
            Column(_("Năm"), lambda e: e.application.round.year, kind="int", width=8, page=False),
            Column(_("Hạng sao"), lambda e: e.star, kind="star", width=10),
            Column(_("Sự kiện"), lambda e: e.event_label, width=18, page=False),
            Column(_("Số tiền (đồng)"), lambda e: e.amount_vnd, kind="vnd", width=18),
            Column(_("Giai đoạn"), lambda e: e.get_status_display(), width=16),
            Column(_("Quyết định khen thưởng"), lambda e: _batch_number(e), width=22, page=False),
            Column(_("Ngày chi"), lambda e: e.paid_on, kind="date", width=12),
            Column(_("Số chứng từ"), lambda e: e.paid_reference or "", width=18, page=False),
        ),
        link=lambda e: _url("evaluations:dossier-detail", e.application_id), default_order=("-amount_vnd", "pk"),
        money="amount_vnd"),
}
