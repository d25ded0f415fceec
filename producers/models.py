"""Producers (chủ thể OCOP), the people who act for them, and their products."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop_portal.core.models import AdministrativeUnit


class ProducerKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    COOPERATIVE = "cooperative", _("Hợp tác xã")
    COOPERATIVE_GROUP = "cooperative_group", _("Tổ hợp tác")
    FARM = "farm", _("Trang trại")
    HOUSEHOLD = "household", _("Hộ sản xuất kinh doanh")
    ASSOCIATION = "association", _("Hội/hiệp hội (sản phẩm du lịch)")


class Gender(models.TextChoices):
    FEMALE = "female", _("Nữ")
    MALE = "male", _("Nam")


# Enterprise and cooperative codes are tax codes: 10 digits, branches add "-NNN" (Luật Doanh
# nghiệp 2020, Luật HTX 2023). Household business certificates are issued by the district/commune
# with a local prefix, e.g. "21A8001234": letters and digits, 6–15 characters.
TAX_CODE_RE = re.compile(r"^\d{10}(-\d{3})?$")
LOCAL_REGISTRATION_RE = re.compile(r"^[0-9A-Z][0-9A-Z./-]{4,14}$")


def validate_registration_number(kind, number):
    if kind in (ProducerKind.ENTERPRISE, ProducerKind.COOPERATIVE):
        if not TAX_CODE_RE.match(number):
            raise ValidationError(
                {"registration_number": _("Mã số doanh nghiệp/HTX gồm 10 chữ số (chi nhánh thêm “-” và 3 chữ số).")},
                code="invalid_tax_code",
            )
    elif not LOCAL_REGISTRATION_RE.match(number):
        raise ValidationError(
            {"registration_number": _("Số đăng ký gồm 5–15 ký tự: chữ in hoa, chữ số, “.”, “/” hoặc “-”.")},
            code="invalid_registration_number",
        )


class Producer(models.Model):
    kind = models.CharField(_("loại hình"), max_length=20, choices=ProducerKind.choices)
    name = models.CharField(_("tên chủ thể"), max_length=255)
    registration_number = models.CharField(_("số đăng ký kinh doanh / mã số thuế"), max_length=20)
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="producers")
    address = models.CharField(_("địa chỉ"), max_length=255)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    representative_name = models.CharField(_("người đại diện theo pháp luật"), max_length=150)
    representative_gender = models.CharField(_("giới tính người đại diện"), max_length=10, choices=Gender.choices)
    representative_ethnicity = models.CharField(_("dân tộc người đại diện"), max_length=40, default="Kinh")
    representative_disabled = models.BooleanField(_("người đại diện là người khuyết tật"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chủ thể")
        verbose_name_plural = _("chủ thể")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["registration_number"], name="producer_registration_unique")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.registration_number:
            validate_registration_number(self.kind, self.registration_number)

    @property
    def representative_is_priority(self):
        """Criterion 3.2: the legal representative is a woman, of an ethnic minority, or disabled."""
        return (
            self.representative_gender == Gender.FEMALE
            or self.representative_ethnicity.strip().lower() != "kinh"
            or self.representative_disabled
        )


class ProducerMembership(models.Model):
    """A user who acts for a producer: the owner manages the producer's profile and its people, a
    member prepares dossiers. A user may act for several producers."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("chủ thể"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="producer_memberships",
                             verbose_name=_("tài khoản"))
    is_owner = models.BooleanField(_("quyền chủ sở hữu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài khoản của chủ thể")
        verbose_name_plural = _("tài khoản của chủ thể")
        ordering = ["producer", "-is_owner", "id"]
        constraints = [models.UniqueConstraint(fields=["producer", "user"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} – {self.producer}"


class ProductSet(models.Model):
    """One of the 26 product sets of Phụ lục I, QĐ 26/2026 (sector → group → set)."""

    number = models.PositiveSmallIntegerField(_("số bộ"), unique=True)
    name = models.CharField(_("tên bộ sản phẩm"), max_length=200)
    group = models.CharField(_("nhóm"), max_length=200, blank=True)
    sector = models.CharField(_("ngành"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("bộ sản phẩm")
        verbose_name_plural = _("bộ sản phẩm")
        ordering = ["number"]
        constraints = [models.CheckConstraint(condition=Q(number__gte=1, number__lte=26), name="product_set_1_to_26")]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Product(models.Model):
    producer = models.ForeignKey(Producer, verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("tên sản phẩm"), max_length=255)
    product_set = models.ForeignKey(ProductSet, verbose_name=_("bộ sản phẩm"), on_delete=models.PROTECT, related_name="products")
    description = models.TextField(_("mô tả"), blank=True)
    code = models.CharField(_("mã sản phẩm OCOP"), max_length=40, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["producer", "name"], name="product_name_unique_per_producer")]

    def __str__(self):
        return self.name
