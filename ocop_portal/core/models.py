"""Project-wide core: users with roles, administrative units, the audit trail."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .storage import get_private_storage


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Tỉnh/thành phố")
    DISTRICT = "district", _("Huyện/thị xã/thành phố thuộc tỉnh")
    COMMUNE = "commune", _("Xã/phường/thị trấn")


class AdministrativeUnitQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def subtree(self, unit):
        """The unit and every unit below it (materialised path prefix)."""
        return self.filter(path__startswith=unit.path)

    def lineage_ids(self, unit):
        """Ids of the unit and of the units it replaced, at any depth (e.g. Bắc Ninh 24 since 2025
        and the Bắc Ninh 27 before it), so that a province's staff keep seeing their history.
        One query per generation of mergers."""
        return self.lineage_ids_of([unit])

    def lineage_ids_of(self, units):
        """`lineage_ids` of several units at once (one query per generation for all of them)."""
        through = self.model.predecessors.through.objects
        ids = {u.pk for u in units}
        frontier = list(ids)
        while frontier:
            frontier = [pk for pk in through.filter(from_administrativeunit_id__in=frontier)
                        .values_list("to_administrativeunit_id", flat=True) if pk not in ids]
            ids.update(frontier)
        return ids


def unit_path(parent, pk):
    """`path` of a unit with id `pk` under `parent` (None for a province): "/12/345/"."""
    return f"{parent.path if parent is not None else '/'}{pk}/"


class AdministrativeUnit(models.Model):
    """A province, district or commune, with its official code and validity dates.

    The 01/07/2025 reform abolished districts and merged provinces and communes: old units get
    `valid_until=2025-06-30`, new units `valid_from=2025-07-01`. Units are never deleted, so that
    results rated under the old map keep their addresses. `path` is the chain of ids from the root,
    "/12/345/", used for subtree scoping.
    """

    code = models.CharField(_("mã đơn vị hành chính"), max_length=10)
    name = models.CharField(_("tên"), max_length=120)
    level = models.CharField(_("cấp"), max_length=10, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="successors", verbose_name=_("đơn vị tiền thân"),
        help_text=_("Các đơn vị được sáp nhập vào đơn vị này (cải cách 01/07/2025)."),
    )

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code", "valid_from"], name="unit_code_unique_per_period"),
            models.UniqueConstraint(fields=["level", "code"], condition=Q(valid_from__isnull=True), name="unit_code_unique_undated"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_from__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="unit_validity_ordered",
            ),
            models.CheckConstraint(condition=Q(level="province") | Q(parent__isnull=False), name="unit_below_province_has_parent"),
        ]

    def __str__(self):
        return self.name

    def is_within(self, other):
        return self.path.startswith(other.path)

    def expected_path(self):
        """The one formula for `path`: the parent's path (or "/") followed by this unit's id."""
        return unit_path(self.parent, self.pk)

    @property
    def province(self):
        """The root of this unit's tree, in at most one query (the first id on the path)."""
        if self.parent_id is None:
            return self
        root_id = int(self.path.strip("/").split("/")[0])
        return AdministrativeUnit.objects.get(pk=root_id)


class Role(models.TextChoices):
    """Every kind of work a user can do. The first four are held through a `RoleAssignment` with
    a unit (the core's); a producer user holds a producer membership (the producers app's) and a
    council member a seat (the evaluations app's)."""

    PRODUCER = "producer", _("Chủ thể sản xuất")
    LOCAL_OFFICER = "local_officer", _("Cán bộ cấp huyện/xã")
    PROVINCIAL_STAFF = "provincial_staff", _("Cán bộ cấp tỉnh")
    COUNCIL_MEMBER = "council_member", _("Thành viên hội đồng")
    APPROVER = "approver", _("Lãnh đạo phê duyệt")
    FINANCE = "finance", _("Kế toán")


# Roles held over a territory (a `RoleAssignment`'s unit and everything below it).
UNIT_ROLES = (Role.PROVINCIAL_STAFF, Role.LOCAL_OFFICER, Role.APPROVER, Role.FINANCE)


class User(AbstractUser):
    """A portal user. What they may do comes from their role assignments (territory roles), their
    producer memberships and their council seats, never from a field on the user."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    language = models.CharField(_("ngôn ngữ nhận thư"), max_length=10, choices=settings.LANGUAGES, default="vi",
                                help_text=_("Ngôn ngữ của thư điện tử cổng gửi cho người dùng."))

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self):
        return self.full_name or self.username


class RoleAssignment(models.Model):
    """One territory role of a user: provincial staff of a province, local officer of a district
    (before 01/07/2025) or a commune (after), approver or finance of a province. A user may hold
    several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments",
                             verbose_name=_("người dùng"))
    role = models.CharField(_("vai trò"), max_length=20, choices=[(r.value, r.label) for r in UNIT_ROLES])
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị phụ trách"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vai trò được giao")
        verbose_name_plural = _("vai trò được giao")
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_assignment_unique"),
            models.CheckConstraint(condition=Q(role__in=[r.value for r in UNIT_ROLES]), name="role_assignment_unit_role"),
        ]

    def __str__(self):
        return f"{self.get_role_display()} – {self.unit}"


class AuditEntry(models.Model):
    """One row per state change or legal event: who moved what from which status to which."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("hành động"), max_length=60)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("ghi chú"), blank=True)
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("nhật ký")
        verbose_name_plural = _("nhật ký")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.action} {self.from_status}→{self.to_status}"


class DocumentStatus(models.TextChoices):
    WAITING = "waiting", _("Đang tạo")
    READY = "ready", _("Sẵn sàng")
    FAILED = "failed", _("Lỗi khi tạo")


class Document(models.Model):
    """A PDF the portal renders for one object (a decision, a certificate, a session's minutes…),
    in one language. A new version is made when the object changes; older versions and their
    SHA-256 are kept. Rendered by a Celery task (`core.tasks.render_document`) from the builder
    the object's app registered for `kind` (`core.documents`)."""

    TRANSITIONS = {"waiting": {"ready", "failed"}, "failed": {"waiting"}, "ready": set()}

    kind = models.CharField(_("loại văn bản"), max_length=40)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    language = models.CharField(_("ngôn ngữ"), max_length=10, default="vi")
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    status = models.CharField(_("trạng thái"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.WAITING)
    file = models.FileField(_("tệp"), upload_to="documents/", storage=get_private_storage, max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần tạo"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("văn bản PDF")
        verbose_name_plural = _("văn bản PDF")
        ordering = ["content_type", "object_id", "kind", "language", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "kind", "language", "version"], name="document_version_unique"),
            models.CheckConstraint(condition=~Q(status="ready") | ~Q(sha256=""), name="ready_document_has_hash"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "kind"])]

    def __str__(self):
        return f"{self.kind} #{self.object_id} v{self.version} ({self.language})"


class ApiToken(models.Model):
    """A key for the REST API, given to one office user by the province's staff. It acts as its
    user, narrowed to `unit`'s subtree when set (one of the user's territories), until it expires
    or is revoked; a disabled user's tokens stop at once. Only the key's SHA-256 is stored: the
    key itself is shown once, when it is made."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("người dùng"))
    name = models.CharField(_("tên (hệ thống dùng khóa)"), max_length=100)
    unit = models.ForeignKey(AdministrativeUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("giới hạn trong địa bàn"),
                             help_text=_("Bỏ trống: mọi địa bàn người dùng phụ trách."))
    prefix = models.CharField(_("đầu khóa"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("người cấp"))
    created_at = models.DateTimeField(_("ngày cấp"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("người thu hồi"))

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="api_token_user_active")]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now):
        return self.revoked_at is None and self.expires_at > now and self.user.is_active
