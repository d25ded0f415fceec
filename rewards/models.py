"""Reward schedules per province and period, and payouts (at most one per result and event)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from evaluations.models import STAR_CHOICES, Result
from ocop_portal.core.models import AdministrativeUnit


class RewardEvent(models.TextChoices):
    FIRST = "first", _("Công nhận lần đầu")
    UPGRADE = "upgrade", _("Nâng hạng")
    RERATING = "rerating", _("Đánh giá lại")


class RewardSchedule(models.Model):
    """A province's reward policy for a period, with its legal basis and budget source."""

    province = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh"))
    name = models.CharField(_("tên"), max_length=200)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)
    budget_source = models.CharField(_("nguồn kinh phí"), max_length=255, blank=True)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_until = models.DateField(_("áp dụng đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("mức thưởng")
        verbose_name_plural = _("mức thưởng")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["province", "valid_from"], name="schedule_unique_start"),
            models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")), name="schedule_period_ordered"),
        ]

    def __str__(self):
        return self.name


class RewardRate(models.Model):
    schedule = models.ForeignKey(RewardSchedule, on_delete=models.CASCADE, related_name="rates")
    event = models.CharField(_("sự kiện"), max_length=10, choices=RewardEvent.choices)
    star = models.PositiveSmallIntegerField(_("hạng sao"), choices=STAR_CHOICES)
    from_star = models.PositiveSmallIntegerField(_("từ hạng (nâng hạng)"), null=True, blank=True, choices=STAR_CHOICES)
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"))

    class Meta:
        verbose_name = _("mức thưởng theo hạng")
        verbose_name_plural = _("mức thưởng theo hạng")
        ordering = ["schedule", "event", "star"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "event", "star", "from_star"], name="rate_unique"),
            models.UniqueConstraint(fields=["schedule", "event", "star"], condition=Q(from_star__isnull=True), name="rate_unique_without_from_star"),
            models.CheckConstraint(condition=Q(star__gte=3, star__lte=5), name="rate_3_to_5_stars"),
            models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="rate_amount_positive"),
            models.CheckConstraint(
                condition=(Q(event="upgrade") & Q(from_star__lt=F("star"))) | (~Q(event="upgrade") & Q(from_star__isnull=True)),
                name="rate_from_star_only_for_upgrade",
            ),
        ]

    def __str__(self):
        return f"{self.get_event_display()} {self.star}★: {self.amount_vnd:,} ₫"


class PayoutStatus(models.TextChoices):
    CREATED = "created", _("Mới tạo")
    PROPOSED = "proposed", _("Đã đề nghị")
    APPROVED = "approved", _("Đã phê duyệt")
    PAID = "paid", _("Đã chi trả")


class Payout(models.Model):
    """What one result is owed for one event, and how far it has got to being paid."""

    TRANSITIONS = {"created": {"proposed"}, "proposed": {"approved"}, "approved": {"paid"}, "paid": set()}

    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="payouts", verbose_name=_("kết quả"))
    rate = models.ForeignKey(RewardRate, on_delete=models.PROTECT, related_name="payouts", verbose_name=_("mức thưởng"))
    event = models.CharField(_("sự kiện"), max_length=10, choices=RewardEvent.choices)
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=PayoutStatus.choices, default=PayoutStatus.CREATED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decision_number = models.CharField(_("số quyết định khen thưởng"), max_length=40, blank=True)
    paid_on = models.DateField(_("ngày chi"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khoản thưởng")
        verbose_name_plural = _("khoản thưởng")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["result", "event"], name="one_payout_per_result_event"),
            models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="payout_amount_positive"),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | Q(proposed_by__isnull=True) | ~Q(approved_by=F("proposed_by")),
                name="payout_approver_is_not_proposer",
            ),
            models.CheckConstraint(condition=~Q(status="paid") | Q(paid_on__isnull=False), name="paid_payout_has_date"),
        ]

    def __str__(self):
        return f"{self.result.application.product}: {self.amount_vnd:,} ₫"
