from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop_portal.core.admin import ScopedAdminMixin, SelectRelatedMixin, ServiceActionsMixin, ViewOnlyMixin
from ocop_portal.core.formats import format_vnd

from . import rules as rw_rules
from . import selectors as sel
from . import services
from .models import Payout, RewardRate, RewardSchedule


def vnd(amount):
    return format_vnd(amount)


class RateInUseReadOnlyMixin:
    """A rate that a payout was computed from is evidence of that payout: it cannot change (a new
    schedule replaces it); an unused one may still be corrected."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        rates = [obj] if isinstance(obj, RewardRate) else list(obj.rates.all()) if obj is not None else []
        if any(rate.payouts.exists() for rate in rates):
            fields += ["event", "from_star", "star", "amount_vnd"]
        return fields


class RewardRateInline(RateInUseReadOnlyMixin, admin.TabularInline):
    model = RewardRate
    fields = ("event", "from_star", "star", "amount_vnd")
    extra = 0


@admin.register(RewardSchedule)
class RewardScheduleAdmin(ScopedAdminMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.schedules_visible_to)
    list_display = ("name", "province", "valid_from", "valid_until", "legal_basis")
    search_fields = ("name", "legal_basis", "province__name")
    list_select_related = ("province",)
    autocomplete_fields = ("province",)
    date_hierarchy = "valid_from"
    inlines = (RewardRateInline,)


@admin.register(RewardRate)
class RewardRateAdmin(ScopedAdminMixin, RateInUseReadOnlyMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.rates_visible_to)
    list_display = ("event", "from_star", "star", "amount", "schedule")
    list_filter = ("event", "star", "schedule")
    search_fields = ("schedule__name",)
    list_select_related = ("schedule",)
    autocomplete_fields = ("schedule",)

    @admin.display(description=_("số tiền (đồng)"), ordering="amount_vnd")
    def amount(self, obj):
        return vnd(obj.amount_vnd)


@admin.register(Payout)
class PayoutAdmin(ScopedAdminMixin, ServiceActionsMixin, SelectRelatedMixin, ViewOnlyMixin, admin.ModelAdmin):
    """Payouts are money: read here, moved only by the actions (services: state machine,
    proposer ≠ approver, audit). No field is editable."""

    visible_to = staticmethod(sel.payouts_visible_to)
    actions = ("propose", "approve", "mark_paid")
    list_display = ("product", "event", "amount", "status", "decision_number", "paid_on", "proposed_by", "approved_by")
    list_filter = ("status", "event", "rate__schedule")
    search_fields = ("result__application__product__name", "decision_number")
    list_select_related = ("result__application__product", "proposed_by", "approved_by")
    readonly_fields = ("result", "rate", "event", "amount_vnd", "status", "proposed_by", "approved_by", "decision_number",
                       "paid_on", "created_at")
    date_hierarchy = "created_at"

    @admin.display(description=_("sản phẩm"), ordering="result__application__product__name")
    def product(self, obj):
        return obj.result.application.product

    @admin.display(description=_("số tiền (đồng)"), ordering="amount_vnd")
    def amount(self, obj):
        return vnd(obj.amount_vnd)

    @admin.action(description=_("Đề nghị khen thưởng các khoản đã chọn"))
    def propose(self, request, queryset):
        self.run_service(request, queryset, lambda p: services.payout_propose(payout=p, actor=request.user),
                         rw_rules.can_propose_payout.test, _("Đã đề nghị %(count)d khoản thưởng."))

    @admin.action(description=_("Phê duyệt các khoản đã chọn"))
    def approve(self, request, queryset):
        self.run_service(request, queryset, lambda p: services.payout_approve(payout=p, actor=request.user),
                         rw_rules.can_approve_payout.test, _("Đã phê duyệt %(count)d khoản thưởng."))

    @admin.action(description=_("Đánh dấu đã chi trả hôm nay"))
    def mark_paid(self, request, queryset):
        today = timezone.localdate()
        self.run_service(request, queryset, lambda p: services.payout_mark_paid(payout=p, actor=request.user, paid_on=today),
                         rw_rules.can_mark_payout_paid.test, _("Đã chi trả %(count)d khoản thưởng."))
