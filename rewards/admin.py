"""The rewards app in the admin, scoped like every page. Schedules and their rates may be kept
here (a rate an entitlement was computed from cannot change: a new schedule replaces it). Money
and statuses — entitlements, batches, lines, the payments' ledger — are read only: they move through
the portal's pages, which call the services (state machine, proposer ≠ approver ≠ payer, audit)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ocop_portal.core.admin import ScopedAdminMixin, SelectRelatedMixin, ViewOnlyMixin
from ocop_portal.core.formats import format_vnd

from . import selectors as sel
from .models import Entitlement, Payout, PayoutBatch, PayoutEntry, RewardRate, RewardSchedule


class AmountMixin:
    @admin.display(description=_("số tiền (đồng)"), ordering="amount_vnd")
    def amount(self, obj):
        return format_vnd(obj.amount_vnd)


class RateInUseReadOnlyMixin:
    """A rate an entitlement was computed from is evidence of that entitlement: it cannot change
    (a new schedule replaces it); an unused one may still be corrected."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        rates = [obj] if isinstance(obj, RewardRate) else list(obj.rates.all()) if obj is not None else []
        if any(rate.entitlements.exists() for rate in rates):
            fields += ["event", "from_star", "star", "amount_vnd"]
        return fields


class RewardRateInline(RateInUseReadOnlyMixin, admin.TabularInline):
    model = RewardRate
    fields = ("event", "from_star", "star", "amount_vnd")
    extra = 0


@admin.register(RewardSchedule)
class RewardScheduleAdmin(ScopedAdminMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.schedules_visible_to)
    list_display = ("name", "province", "valid_from", "valid_until", "legal_basis", "budget_source")
    search_fields = ("name", "legal_basis", "province__name")
    list_select_related = ("province",)
    autocomplete_fields = ("province",)
    date_hierarchy = "valid_from"
    inlines = (RewardRateInline,)


@admin.register(RewardRate)
class RewardRateAdmin(ScopedAdminMixin, RateInUseReadOnlyMixin, AmountMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.rates_visible_to)
    list_display = ("event", "from_star", "star", "amount", "schedule")
    list_filter = ("event", "star", "schedule")
    search_fields = ("schedule__name",)
    list_select_related = ("schedule",)
    autocomplete_fields = ("schedule",)


@admin.register(Entitlement)
class EntitlementAdmin(ScopedAdminMixin, SelectRelatedMixin, ViewOnlyMixin, AmountMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.entitlements_visible_to)
    list_display = ("product", "event", "from_star", "star", "amount", "status", "due_on", "decision")
    list_filter = ("status", "event", "star")
    search_fields = ("application__product__name", "application__product__producer__name", "decision__number")
    list_select_related = ("application__product", "decision")
    date_hierarchy = "due_on"

    @admin.display(description=_("sản phẩm"), ordering="application__product__name")
    def product(self, obj):
        return obj.application.product


@admin.register(PayoutBatch)
class PayoutBatchAdmin(ScopedAdminMixin, SelectRelatedMixin, ViewOnlyMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.batches_visible_to)
    list_display = ("__str__", "province", "decision", "status", "proposed_by", "approved_by", "signed_on")
    list_filter = ("status",)
    search_fields = ("number", "decision__number")
    list_select_related = ("province", "decision", "proposed_by", "approved_by")


@admin.register(Payout)
class PayoutAdmin(ScopedAdminMixin, SelectRelatedMixin, ViewOnlyMixin, AmountMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.payouts_visible_to)
    list_display = ("product", "amount", "status", "batch")
    list_filter = ("entitlement__status",)
    search_fields = ("entitlement__application__product__name", "batch__number")
    list_select_related = ("entitlement__application__product", "batch")

    @admin.display(description=_("sản phẩm"), ordering="entitlement__application__product__name")
    def product(self, obj):
        return obj.entitlement.application.product

    @admin.display(description=_("trạng thái"), ordering="entitlement__status")
    def status(self, obj):
        return obj.entitlement.get_status_display()


@admin.register(PayoutEntry)
class PayoutEntryAdmin(ScopedAdminMixin, SelectRelatedMixin, ViewOnlyMixin, AmountMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.entries_visible_to)
    list_display = ("product", "kind", "attempt", "amount", "paid_on", "reference", "recorded_by")
    list_filter = ("kind",)
    search_fields = ("reference", "payout__entitlement__application__product__name")
    list_select_related = ("payout__entitlement__application__product", "recorded_by")
    date_hierarchy = "paid_on"

    @admin.display(description=_("sản phẩm"), ordering="payout__entitlement__application__product__name")
    def product(self, obj):
        return obj.payout.entitlement.application.product
