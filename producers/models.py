"""Producers (chủ thể OCOP), the people who act for them, and their products."""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop_portal.core.models import AdministrativeUnit
from ocop_portal.core.storage import get_private_storage


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
    representative_title = models.CharField(_("chức vụ người đại diện"), max_length=100, blank=True)
    representative_address = models.CharField(_("địa chỉ thường trú của người đại diện"), max_length=255, blank=True)
    founded_on = models.DateField(_("ngày thành lập / đăng ký kinh doanh"), null=True, blank=True)
    confirmed_at = models.DateTimeField(
        _("ngày địa phương xác nhận"), null=True, blank=True,
        help_text=_("Cán bộ địa phương xác nhận chủ thể trước lần nộp hồ sơ đầu tiên."),
    )
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("người xác nhận"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chủ thể")
        verbose_name_plural = _("chủ thể")
        ordering = ["name"]
        indexes = [models.Index(fields=["unit", "kind"], name="producer_unit_kind")]  # dashboards: producers by kind per unit
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


class TrainingRecord(models.Model):
    """A course one of the producer's leaders attended (the province aims to train every leader)."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="training_records", verbose_name=_("chủ thể"))
    person_name = models.CharField(_("họ và tên người được tập huấn"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=100, blank=True)
    course = models.CharField(_("khóa tập huấn"), max_length=255)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=255)
    attended_on = models.DateField(_("ngày tập huấn"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tập huấn của lãnh đạo chủ thể")
        verbose_name_plural = _("tập huấn của lãnh đạo chủ thể")
        ordering = ["producer", "-attended_on", "id"]

    def __str__(self):
        return f"{self.person_name} – {self.course} ({self.attended_on:%d/%m/%Y})"


class StandingDocumentKind(models.TextChoices):
    BUSINESS_REGISTRATION = "business_registration", _("Giấy đăng ký kinh doanh")
    QUALITY_DECLARATION = "quality_declaration", _("Công bố chất lượng sản phẩm")
    FOOD_SAFETY = "food_safety", _("Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm")
    TRADEMARK = "trademark", _("Giấy chứng nhận đăng ký nhãn hiệu")
    OTHER = "other", _("Giấy tờ khác")


def private_upload_to(instance, filename):
    """Files live under the private storage, never under a served directory, by a random name:
    the user's file name is kept in `original_name` only."""
    return f"{instance.UPLOAD_DIR}/{uuid.uuid4().hex}"


class StoredFile(models.Model):
    """What every uploaded file keeps: its private path, the name the user gave it, its checked
    content type, size and SHA-256, who uploaded it and when."""

    UPLOAD_DIR = "files"

    file = models.FileField(_("tệp"), upload_to=private_upload_to, storage=get_private_storage, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("người tải lên"))
    uploaded_at = models.DateTimeField(_("ngày tải lên"), auto_now_add=True)

    class Meta:
        abstract = True


class StandingDocument(StoredFile):
    """A document the producer keeps and reuses in later dossiers instead of uploading it again
    (business registration, quality declaration, food-safety certificate, trademark)."""

    UPLOAD_DIR = "standing"

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="standing_documents", verbose_name=_("chủ thể"))
    kind = models.CharField(_("loại giấy tờ"), max_length=30, choices=StandingDocumentKind.choices)
    title = models.CharField(_("tên giấy tờ"), max_length=255)
    number = models.CharField(_("số hiệu"), max_length=80, blank=True)
    issued_on = models.DateField(_("ngày cấp"), null=True, blank=True)
    expires_on = models.DateField(_("ngày hết hạn"), null=True, blank=True, help_text=_("Bỏ trống nếu không có thời hạn."))

    class Meta:
        verbose_name = _("giấy tờ thường trực")
        verbose_name_plural = _("giấy tờ thường trực")
        ordering = ["producer", "kind", "-issued_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(expires_on__isnull=True) | Q(issued_on__isnull=True)
                                              | Q(expires_on__gte=models.F("issued_on")), name="standing_document_dates_ordered")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"
