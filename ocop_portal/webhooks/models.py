"""An office's webhook endpoints and the log of what was sent to them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop_portal.core.models import AdministrativeUnit

URL_MAX_LENGTH = 500


class WebhookEvent(models.TextChoices):
    APPLICATION_STATUS_CHANGED = "application.status_changed", _("Hồ sơ chuyển trạng thái")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ gửi")
    DELIVERED = "delivered", _("Đã gửi")
    FAILED = "failed", _("Gửi không thành công")


class WebhookEndpoint(models.Model):
    """A URL an office registered to be told of its dossiers' moves. `unit` is the office's unit:
    the endpoint hears of every dossier whose producer lies in that unit's territory (its subtree
    and the subtrees of the units it replaced in 2025). The secret signs every payload; it is
    shown once, when the endpoint is made. An endpoint is never deleted, only deactivated, so its
    delivery log stays."""

    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    url = models.URLField(_("địa chỉ nhận (URL)"), max_length=URL_MAX_LENGTH)
    secret = models.CharField(_("khóa ký"), max_length=64, editable=False)
    description = models.CharField(_("mô tả"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("người đăng ký"))
    created_at = models.DateTimeField(_("ngày đăng ký"), auto_now_add=True)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("điểm nhận webhook")
        verbose_name_plural = _("điểm nhận webhook")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["active", "unit"], name="webhook_endpoint_active_unit")]

    def __str__(self):
        return f"{self.unit} → {self.url}"


class WebhookDelivery(models.Model):
    """One event sent (or to be sent) to one endpoint, with its attempts. The payload is stored as
    sent, so the log shows exactly what the office received."""

    S = DeliveryStatus
    TRANSITIONS = {
        S.PENDING: {S.DELIVERED, S.FAILED},
        S.DELIVERED: set(),
        S.FAILED: set(),
    }

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.PROTECT, related_name="deliveries",
                                 verbose_name=_("điểm nhận"))
    event = models.CharField(_("sự kiện"), max_length=40, choices=WebhookEvent.choices)
    application_id = models.PositiveBigIntegerField(_("mã hồ sơ"), db_index=True)
    payload = models.JSONField(_("nội dung gửi"), default=dict)
    status = models.CharField(_("trạng thái"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần đã gửi"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("mã trả lời HTTP lần cuối"), null=True, blank=True)
    last_error = models.TextField(_("lỗi lần cuối"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("gửi lại lúc"), null=True, blank=True)
    # While an attempt is in flight: a duplicated task message (a broker that redelivers) leaves
    # it alone until then; a worker that died mid-attempt frees it once the time has passed.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    delivered_at = models.DateTimeField(_("gửi được lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt gửi webhook")
        verbose_name_plural = _("lượt gửi webhook")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(status=DeliveryStatus.DELIVERED) | Q(delivered_at__isnull=False),
                                   name="webhook_delivered_has_time"),
        ]

    def __str__(self):
        return f"{self.get_event_display()} #{self.application_id} → {self.endpoint_id} ({self.get_status_display()})"
