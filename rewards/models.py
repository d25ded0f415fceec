"""Rewards: a province's schedules (per period, with their legal basis and budget source) and their
rates by star and event; the entitlements a recognition creates (one per certificate and event, or
per ministry 5★ answer and event); payout batches proposed by the department, approved by the
committee and paid line by line by finance, with a ledger of payments and reversing entries.

Money is integer VND everywhere (`PositiveBigIntegerField`), never a float or a Decimal."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from evaluations.models import STAR_CHOICES, Application, Certificate, MinistryAnswer, RecognitionDecision
from ocop_portal.core.formats import format_vnd
from ocop_portal.core.models import AdministrativeUnit

REWARD_STARS = [(s, label) for s, label in STAR_CHOICES if s >= 3]


class RewardEvent(models.TextChoices):
    FIRST = "first", _("Công nhận lần đầu")
    UPGRADE = "upgrade", _("Nâng hạng")
    RERATING = "rerating", _("Đánh giá lại")


class RewardSchedule(models.Model):
    """A province's reward policy for a period, with its legal basis (the decision or resolution
    that sets the amounts) and its budget source. Two schedules of a province never overlap
    (`services.schedule_create`, `clean`)."""

    province = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh"))
    name = models.CharField(_("tên"), max_length=200)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True,
                                   help_text=_("Số, ngày và cơ quan ban hành văn bản quy định mức thưởng."))
    budget_source = models.CharField(_("nguồn kinh phí"), max_length=255, blank=True)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_until = models.DateField(_("áp dụng đến"), null=True, blank=True, help_text=_("Để trống: đang áp dụng."))

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

    def overlapping(self):
        """The province's other schedules whose period meets this one's."""
        if self.province_id is None or self.valid_from is None:
            return RewardSchedule.objects.none()
        qs = RewardSchedule.objects.filter(province_id=self.province_id).exclude(pk=self.pk)
        qs = qs.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=self.valid_from))
        if self.valid_until is not None:
            qs = qs.filter(valid_from__lte=self.valid_until)
        return qs

    def clean(self):
        from django.core.exceptions import ValidationError

        other = self.overlapping().first()
        if other is not None:
            until = f"{other.valid_until:%d/%m/%Y}" if other.valid_until else _("nay")
            raise ValidationError(_("Thời gian áp dụng trùng với “%(name)s” (%(start)s – %(end)s) của cùng tỉnh.")
                                  % {"name": other.name, "start": f"{other.valid_from:%d/%m/%Y}", "end": until},
                                  code="overlap")


class RewardRate(models.Model):
    """What a schedule pays for one star and event: first recognition at a star, an upgrade from
    one star to another, a re-rating at a star. A star and event the schedule has no rate for pays
    nothing."""

    schedule = models.ForeignKey(RewardSchedule, on_delete=models.CASCADE, related_name="rates")
    event = models.CharField(_("sự kiện"), max_length=10, choices=RewardEvent.choices)
    star = models.PositiveSmallIntegerField(_("hạng sao"), choices=REWARD_STARS)
    from_star = models.PositiveSmallIntegerField(_("từ hạng (nâng hạng)"), null=True, blank=True, choices=REWARD_STARS)
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
        if self.event == RewardEvent.UPGRADE:
            return f"{self.get_event_display()} {self.from_star}★→{self.star}★: {format_vnd(self.amount_vnd)}"
        return f"{self.get_event_display()} {self.star}★: {format_vnd(self.amount_vnd)}"


# --- Entitlements ----------------------------------------------------------------------------------


class EntitlementStatus(models.TextChoices):
    CREATED = "created", _("Chưa đề nghị")
    PROPOSED = "proposed", _("Đã đề nghị")
    APPROVED = "approved", _("Đã phê duyệt")
    PAID = "paid", _("Đã chi trả")


class Entitlement(models.Model):
    """What a producer is owed for one recognition: a provincial certificate (3★/4★) under a
    recognition decision, or the ministry's 5★ answer on a referred product. The event (first,
    upgrade from→to, re-rating) is decided by the product's previous star; the amount is the rate
    of the schedule in force on the decision's date. A reversal of its payment takes it from paid
    back to approved (the ledger keeps both entries)."""

    TRANSITIONS = {"created": {"proposed"}, "proposed": {"approved"}, "approved": {"paid"}, "paid": {"approved"}}

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="entitlements", verbose_name=_("hồ sơ"))
    certificate = models.ForeignKey(Certificate, null=True, blank=True, on_delete=models.PROTECT, related_name="entitlements",
                                    verbose_name=_("giấy chứng nhận"))
    ministry_answer = models.ForeignKey(MinistryAnswer, null=True, blank=True, on_delete=models.PROTECT, related_name="entitlements",
                                        verbose_name=_("kết quả công nhận 5 sao của Bộ"))
    decision = models.ForeignKey(RecognitionDecision, null=True, blank=True, on_delete=models.PROTECT, related_name="entitlements",
                                 verbose_name=_("quyết định công nhận"))
    schedule = models.ForeignKey(RewardSchedule, on_delete=models.PROTECT, related_name="entitlements", verbose_name=_("mức thưởng"))
    rate = models.ForeignKey(RewardRate, on_delete=models.PROTECT, related_name="entitlements", verbose_name=_("mức thưởng theo hạng"))
    event = models.CharField(_("sự kiện"), max_length=10, choices=RewardEvent.choices)
    from_star = models.PositiveSmallIntegerField(_("hạng trước"), null=True, blank=True, choices=REWARD_STARS)
    star = models.PositiveSmallIntegerField(_("hạng sao"), choices=REWARD_STARS)
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    due_on = models.DateField(_("ngày phát sinh"), help_text=_("Ngày ký quyết định công nhận (5 sao: quyết định của Bộ)."))
    status = models.CharField(_("trạng thái"), max_length=10, choices=EntitlementStatus.choices, default=EntitlementStatus.CREATED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khoản được thưởng")
        verbose_name_plural = _("khoản được thưởng")
        ordering = ["-due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["certificate", "event"], condition=Q(certificate__isnull=False),
                                    name="one_entitlement_per_certificate_event"),
            models.UniqueConstraint(fields=["ministry_answer", "event"], condition=Q(ministry_answer__isnull=False),
                                    name="one_entitlement_per_ministry_answer_event"),
            models.CheckConstraint(condition=(Q(certificate__isnull=False) & Q(ministry_answer__isnull=True))
                                   | (Q(certificate__isnull=True) & Q(ministry_answer__isnull=False)),
                                   name="entitlement_from_a_certificate_or_a_ministry_answer"),
            models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="entitlement_amount_positive"),
            models.CheckConstraint(condition=Q(star__gte=3, star__lte=5), name="entitlement_3_to_5_stars"),
            models.CheckConstraint(
                condition=(Q(event="upgrade") & Q(from_star__lt=F("star"))) | (Q(event="first") & Q(from_star__isnull=True))
                | Q(event="rerating"),
                name="entitlement_from_star_fits_event",
            ),
        ]

    def __str__(self):
        return f"{self.application.product}: {format_vnd(self.amount_vnd)}"

    @property
    def event_label(self):
        if self.event == RewardEvent.UPGRADE:
            return f"{self.get_event_display()} {self.from_star}★ → {self.star}★"
        return f"{self.get_event_display()} {self.star}★"


# --- Payout batches, their lines and the payments' ledger -------------------------------------------


class BatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đã đề nghị")
    APPROVED = "approved", _("Đã phê duyệt")
    PARTIALLY_PAID = "partially_paid", _("Đã chi một phần")
    PAID = "paid", _("Đã chi đủ")


class PayoutBatch(models.Model):
    """A proposal to pay a set of entitlements (all unpaid ones of a decision, or a selection),
    made by the department, approved by the committee — a different person, which the database
    also enforces — as a reward decision (number, date, signer), then paid by finance line by line."""

    TRANSITIONS = {
        "proposed": {"approved"},
        "approved": {"partially_paid", "paid"},
        "partially_paid": {"paid", "approved"},
        "paid": {"partially_paid", "approved"},  # a payment reversed
    }

    province = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh"))
    decision = models.ForeignKey(RecognitionDecision, null=True, blank=True, on_delete=models.PROTECT, related_name="payout_batches",
                                 verbose_name=_("quyết định công nhận"))
    status = models.CharField(_("trạng thái"), max_length=15, choices=BatchStatus.choices, default=BatchStatus.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người đề nghị"))
    proposed_at = models.DateTimeField(_("thời điểm đề nghị"), auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("người phê duyệt"))
    approved_at = models.DateTimeField(_("thời điểm phê duyệt"), null=True, blank=True)
    number = models.CharField(_("số quyết định khen thưởng"), max_length=60, blank=True)
    signed_on = models.DateField(_("ngày ký quyết định khen thưởng"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("đợt chi thưởng")
        verbose_name_plural = _("đợt chi thưởng")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("proposed_by")),
                                   name="batch_approver_is_not_proposer"),
            models.CheckConstraint(
                condition=Q(status="proposed") | (Q(approved_by__isnull=False) & Q(signed_on__isnull=False) & ~Q(number="")),
                name="approved_batch_has_approver_and_decision"),
            models.UniqueConstraint(fields=["province", "number"], condition=~Q(number=""), name="reward_decision_number_unique"),
        ]

    def __str__(self):
        if self.number:
            return str(_("Quyết định khen thưởng %(number)s") % {"number": self.number})
        return str(_("Đề nghị khen thưởng số %(pk)s") % {"pk": self.pk})


class Payout(models.Model):
    """One line of a batch: one entitlement, at its amount. An entitlement is proposed once."""

    batch = models.ForeignKey(PayoutBatch, on_delete=models.PROTECT, related_name="payouts", verbose_name=_("đợt chi thưởng"))
    entitlement = models.OneToOneField(Entitlement, on_delete=models.PROTECT, related_name="payout", verbose_name=_("khoản được thưởng"))
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"))

    class Meta:
        verbose_name = _("khoản chi thưởng")
        verbose_name_plural = _("khoản chi thưởng")
        ordering = ["batch", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="payout_amount_positive")]

    def __str__(self):
        return f"{self.entitlement.application.product}: {format_vnd(self.amount_vnd)}"


class EntryKind(models.TextChoices):
    PAYMENT = "payment", _("Chi trả")
    REVERSAL = "reversal", _("Bút toán đảo (điều chỉnh)")


class PayoutEntry(models.Model):
    """The payments' ledger. A line is paid by a payment entry (date, reference); a correction is
    a reversal entry of that payment (never an edit), after which the line may be paid again
    under the next attempt number. One payment and one reversal per line and attempt: a payment
    can never be recorded twice."""

    payout = models.ForeignKey(Payout, on_delete=models.PROTECT, related_name="entries", verbose_name=_("khoản chi thưởng"))
    attempt = models.PositiveSmallIntegerField(_("lần chi"))
    kind = models.CharField(_("loại bút toán"), max_length=10, choices=EntryKind.choices)
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    paid_on = models.DateField(_("ngày"))
    reference = models.CharField(_("số chứng từ"), max_length=80, blank=True)
    reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người ghi"))
    recorded_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)

    class Meta:
        verbose_name = _("bút toán chi thưởng")
        verbose_name_plural = _("bút toán chi thưởng")
        ordering = ["payout", "attempt", "recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["payout", "attempt", "kind"], name="one_entry_per_payout_attempt_kind"),
            models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="entry_amount_positive"),
            models.CheckConstraint(condition=Q(attempt__gte=1), name="entry_attempt_from_one"),
            models.CheckConstraint(condition=~Q(kind="payment") | ~Q(reference=""), name="payment_has_reference"),
            models.CheckConstraint(condition=~Q(kind="reversal") | ~Q(reason=""), name="reversal_has_reason"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.reference or ''} {format_vnd(self.amount_vnd)}".strip()

    @property
    def signed_amount(self):
        return self.amount_vnd if self.kind == EntryKind.PAYMENT else -self.amount_vnd
