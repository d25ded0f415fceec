from django.contrib import admin
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext_lazy as _

from ocop_portal.core.admin import SelectRelatedMixin

from .models import Payout, RewardRate, RewardSchedule


def vnd(amount):
    return f"{intcomma(amount, use_l10n=False).replace(',', '.')} ₫"


class RewardRateInline(admin.TabularInline):
    model = RewardRate
    fields = ("event", "from_star", "star", "amount_vnd")
    extra = 0


@admin.register(RewardSchedule)
class RewardScheduleAdmin(admin.ModelAdmin):
    list_display = ("name", "province", "valid_from", "valid_until", "legal_basis")
    search_fields = ("name", "legal_basis", "province__name")
    list_select_related = ("province",)
    autocomplete_fields = ("province",)
    date_hierarchy = "valid_from"
    inlines = (RewardRateInline,)


@admin.register(RewardRate)
class RewardRateAdmin(admin.ModelAdmin):
    list_display = ("event", "from_star", "star", "amount", "schedule")
    list_filter = ("event", "star", "schedule")
    search_fields = ("schedule__name",)
    list_select_related = ("schedule",)
    autocomplete_fields = ("schedule",)

    @admin.display(description=_("số tiền (đồng)"), ordering="amount_vnd")
    def amount(self, obj):
        return vnd(obj.amount_vnd)


@admin.register(Payout)
class PayoutAdmin(SelectRelatedMixin, admin.ModelAdmin):
    list_display = ("product", "event", "amount", "status", "decision_number", "paid_on", "proposed_by", "approved_by")
    list_filter = ("status", "event", "rate__schedule")
    search_fields = ("result__application__product__name", "decision_number")
    list_select_related = ("result__application__product", "proposed_by", "approved_by")
    autocomplete_fields = ("result", "rate", "proposed_by", "approved_by")
    # Status moves through the payout state machine (set_status), which also writes the audit row.
    readonly_fields = ("status", "created_at")
    date_hierarchy = "created_at"

    @admin.display(description=_("sản phẩm"), ordering="result__application__product__name")
    def product(self, obj):
        return obj.result.application.product

    @admin.display(description=_("số tiền (đồng)"), ordering="amount_vnd")
    def amount(self, obj):
        return vnd(obj.amount_vnd)
