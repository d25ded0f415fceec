"""Regulations and scoring sheets, rounds, councils, sessions, applications, scorecards,
results, recognition decisions and certificates."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ocop_portal.core.models import AdministrativeUnit
from producers.models import Product, ProductSet, StoredFile

STAR_CHOICES = [(1, "1★"), (2, "2★"), (3, "3★"), (4, "4★"), (5, "5★")]


# --- Regulations and scoring sheets ------------------------------------------------------------


class RegulationVersion(models.Model):
    """A legal instrument that fixes the scoring sheets (QĐ 1048/2019, QĐ 26/2026, …)."""

    code = models.CharField(_("mã"), max_length=30, unique=True)
    title = models.CharField(_("tên văn bản"), max_length=255)
    signed_on = models.DateField(_("ngày ký"))
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    part_a_max = models.PositiveSmallIntegerField(_("điểm tối đa phần A"))
    part_b_max = models.PositiveSmallIntegerField(_("điểm tối đa phần B"))
    part_c_max = models.PositiveSmallIntegerField(_("điểm tối đa phần C"))
    has_star_markers = models.BooleanField(
        _("có đánh dấu điểm tối thiểu theo hạng sao"), default=True,
        help_text=_("Khi không có, hạng sao chỉ xét theo khoảng điểm."),
    )
    source = models.TextField(_("nguồn dữ liệu"), blank=True)

    class Meta:
        verbose_name = _("phiên bản quy định")
        verbose_name_plural = _("phiên bản quy định")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(part_a_max=100 - F("part_b_max") - F("part_c_max")),
                name="regulation_parts_sum_to_100",
            )
        ]

    def __str__(self):
        return self.title


class ScoringSheet(models.Model):
    """One product set's scoring sheet (phiếu đánh giá) in one regulation version."""

    regulation = models.ForeignKey(RegulationVersion, on_delete=models.PROTECT, related_name="sheets", verbose_name=_("quy định"))
    set_number = models.PositiveSmallIntegerField(_("số bộ"))
    name = models.CharField(_("tên bộ sản phẩm"), max_length=255)
    product_set = models.ForeignKey(
        ProductSet, null=True, blank=True, on_delete=models.PROTECT, related_name="sheets", verbose_name=_("bộ sản phẩm (26/2026)")
    )
    usable = models.BooleanField(_("dùng được cho đợt mới"), default=True)
    unusable_reason = models.TextField(_("lý do không dùng được"), blank=True)
    corrections = models.TextField(_("những chỗ đã sửa so với bản gốc"), blank=True)
    dossier_knockout = models.TextField(
        _("điều kiện loại hồ sơ"),
        blank=True,
        help_text=_("Hồ sơ bị loại khi …; xét ở bước kiểm tra hồ sơ, trước khi chấm điểm."),
    )

    class Meta:
        verbose_name = _("phiếu đánh giá")
        verbose_name_plural = _("phiếu đánh giá")
        ordering = ["regulation", "set_number"]
        constraints = [
            models.UniqueConstraint(fields=["regulation", "set_number"], name="sheet_unique_per_regulation"),
            models.CheckConstraint(condition=Q(usable=True) | ~Q(unusable_reason=""), name="unusable_sheet_has_reason"),
        ]

    def __str__(self):
        return f"{self.regulation.code} – {self.set_number}. {self.name}"


class SheetPart(models.Model):
    sheet = models.ForeignKey(ScoringSheet, on_delete=models.CASCADE, related_name="parts")
    code = models.CharField(_("phần"), max_length=1)
    name = models.CharField(_("tên phần"), max_length=200, blank=True)
    max_points = models.PositiveSmallIntegerField(_("điểm tối đa"))

    class Meta:
        verbose_name = _("phần của phiếu")
        verbose_name_plural = _("phần của phiếu")
        ordering = ["sheet", "code"]
        constraints = [models.UniqueConstraint(fields=["sheet", "code"], name="part_unique_per_sheet")]

    def __str__(self):
        return f"{self.code} ({self.max_points})"


class SheetSection(models.Model):
    part = models.ForeignKey(SheetPart, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(_("số mục"), max_length=10)
    name = models.CharField(_("tên mục"), max_length=200)
    max_points = models.PositiveSmallIntegerField(_("điểm tối đa"))
    position = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("mục của phiếu")
        verbose_name_plural = _("mục của phiếu")
        ordering = ["part", "position"]
        constraints = [models.UniqueConstraint(fields=["part", "number"], name="section_unique_per_part")]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Criterion(models.Model):
    sheet = models.ForeignKey(ScoringSheet, on_delete=models.CASCADE, related_name="criteria")
    section = models.ForeignKey(SheetSection, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã tiêu chí"), max_length=12)
    name = models.CharField(_("tên tiêu chí"), max_length=500)
    subgroup = models.CharField(_("nhóm con"), max_length=200, blank=True)
    max_points = models.PositiveSmallIntegerField(_("điểm tối đa"))
    note = models.TextField(_("ghi chú"), blank=True)
    knockout_rule = models.TextField(
        _("điều kiện loại"), blank=True, help_text=_("Khi điều kiện này xảy ra, sản phẩm bị loại (không đánh giá tiếp).")
    )
    knockout_if_zero = models.BooleanField(
        _("0 điểm là điều kiện loại"), default=False,
        help_text=_("Ghi chú của phiếu: được 0 điểm ở tiêu chí này thì không đánh giá các bước tiếp theo."),
    )
    applies_if = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="conditional_criteria",
        verbose_name=_("chỉ áp dụng khi tiêu chí này > 0"),
    )
    position = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["sheet", "position"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "code"], name="criterion_code_unique_per_sheet"),
            models.CheckConstraint(condition=Q(max_points__lte=100), name="criterion_max_within_100"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class Option(models.Model):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="options")
    text = models.TextField(_("nội dung"))
    points = models.PositiveSmallIntegerField(_("điểm"))
    min_star = models.PositiveSmallIntegerField(
        _("mức tối thiểu cho hạng sao"), null=True, blank=True, choices=[(3, "***"), (4, "****"), (5, "*****")]
    )
    alternative_group = models.CharField(_("trường hợp (lựa chọn một trong hai)"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("phương án")
        verbose_name_plural = _("phương án")
        ordering = ["criterion", "position"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "position"], name="option_position_unique"),
            models.CheckConstraint(condition=Q(points__lte=100), name="option_points_within_100"),
            models.CheckConstraint(condition=Q(min_star__isnull=True) | Q(min_star__in=[3, 4, 5]), name="option_min_star_3_to_5"),
        ]

    def __str__(self):
        return f"{self.text[:60]} ({self.points})"


# --- Rounds, councils, sessions ----------------------------------------------------------------


class MinimumMode(models.TextChoices):
    PER_MEMBER = "per_member", _("Theo từng thành viên")
    CONSENSUS = "consensus", _("Theo trung vị của hội đồng")


class ScoresVisible(models.TextChoices):
    AFTER_OWN_SUBMIT = "after_own_submit", _("Sau khi thành viên nộp phiếu của mình")
    AFTER_CLOSE = "after_close", _("Sau khi kết thúc phiên họp")


class KnockoutRule(models.TextChoices):
    MAJORITY = "majority", _("Quá nửa số phiếu ghi nhận cùng một điều kiện loại")
    ANY = "any", _("Chỉ cần một phiếu ghi nhận điều kiện loại")


class EvaluationRound(models.Model):
    """A provincial evaluation round, pinned to one regulation version when it opens. Its scoring
    rules (minimum mode, spread limit, quorum, when members see others' scores, how the council's
    knock-out is decided) are locked once its first session opens."""

    STATUS_OPEN, STATUS_CLOSED = "open", "closed"
    TRANSITIONS = {"open": {"closed"}, "closed": set()}

    province = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("tỉnh"))
    name = models.CharField(_("tên đợt"), max_length=200)
    year = models.PositiveSmallIntegerField(_("năm"))
    regulation = models.ForeignKey(RegulationVersion, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("quy định áp dụng"))
    opens_on = models.DateField(_("ngày mở"))
    closes_on = models.DateField(_("ngày đóng"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=[("open", _("Đang mở")), ("closed", _("Đã đóng"))], default="open")
    spread_limit = models.PositiveSmallIntegerField(_("chênh lệch điểm tối đa giữa các thành viên"), default=10)
    minimum_mode = models.CharField(_("cách xét điểm tối thiểu"), max_length=12, choices=MinimumMode.choices, default=MinimumMode.PER_MEMBER)
    quorum_numerator = models.PositiveSmallIntegerField(_("túc số: tử số"), default=3)
    quorum_denominator = models.PositiveSmallIntegerField(_("túc số: mẫu số"), default=4)
    quorum_requires_chair = models.BooleanField(_("túc số phải có chủ tọa"), default=True)
    scores_visible = models.CharField(_("thành viên xem điểm của người khác"), max_length=20, choices=ScoresVisible.choices,
                                      default=ScoresVisible.AFTER_CLOSE)
    knockout_rule = models.CharField(_("cách hội đồng quyết định loại sản phẩm"), max_length=10, choices=KnockoutRule.choices,
                                     default=KnockoutRule.MAJORITY)

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        ordering = ["-year", "-opens_on"]
        indexes = [models.Index(fields=["year", "province"], name="round_year_province")]  # dashboards and lists by year
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="round_name_unique_per_province"),
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="round_dates_ordered"),
            models.CheckConstraint(condition=Q(quorum_numerator__gte=1, quorum_denominator__gte=1)
                                   & Q(quorum_numerator__lte=F("quorum_denominator")), name="round_quorum_is_a_fraction"),
        ]

    def __str__(self):
        return self.name


class Council(models.Model):
    """A council established by a numbered decision of the provincial People's Committee."""

    province = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="councils", verbose_name=_("tỉnh"))
    name = models.CharField(_("tên hội đồng"), max_length=255)
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=40)
    decision_date = models.DateField(_("ngày quyết định"))

    class Meta:
        verbose_name = _("hội đồng")
        verbose_name_plural = _("hội đồng")
        ordering = ["-decision_date"]
        constraints = [models.UniqueConstraint(fields=["province", "decision_number"], name="council_decision_unique")]

    def __str__(self):
        return f"{self.name} ({self.decision_number})"


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch")
    VICE_CHAIR = "vice_chair", _("Phó chủ tịch")
    MEMBER = "member", _("Ủy viên")
    SECRETARY = "secretary", _("Ủy viên thư ký")
    SUPPORT_LEADER = "support_leader", _("Tổ trưởng tổ giúp việc")
    SUPPORT_DEPUTY = "support_deputy", _("Tổ phó tổ giúp việc")
    SUPPORT_MEMBER = "support_member", _("Thành viên tổ giúp việc")


VOTING_ROLES = (MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.MEMBER, MemberRole.SECRETARY)


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="council_seats")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ, đơn vị công tác"), max_length=255, blank=True)
    role = models.CharField(_("vai trò"), max_length=20, choices=MemberRole.choices)
    voting = models.BooleanField(_("có quyền chấm điểm"), editable=False)
    locality = models.ForeignKey(
        AdministrativeUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("địa bàn cư trú/công tác"),
        help_text=_("Dùng cho quy tắc xung đột lợi ích theo địa bàn, khi tỉnh bật quy tắc này."),
    )

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        ordering = ["council", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "full_name"], name="member_unique_per_council"),
            models.UniqueConstraint(fields=["council"], condition=Q(role="chair"), name="one_chair_per_council"),
            models.CheckConstraint(
                condition=Q(voting=True, role__in=VOTING_ROLES) | (Q(voting=False) & ~Q(role__in=VOTING_ROLES)),
                name="member_voting_matches_role",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.get_role_display()})"


class CouncilSession(models.Model):
    TRANSITIONS = {"planned": {"open"}, "open": {"closed"}, "closed": set()}

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("hội đồng"))
    round = models.ForeignKey(EvaluationRound, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("đợt"))
    starts_on = models.DateField(_("ngày bắt đầu"))
    ends_on = models.DateField(_("ngày kết thúc"))
    location = models.CharField(_("địa điểm"), max_length=255, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, default="planned",
        choices=[("planned", _("Dự kiến")), ("open", _("Đang họp")), ("closed", _("Đã kết thúc"))],
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phiên họp hội đồng")
        verbose_name_plural = _("phiên họp hội đồng")
        ordering = ["-starts_on"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="session_dates_ordered")]

    def __str__(self):
        return f"{self.council.name} {self.starts_on:%d/%m/%Y}"


# --- Applications, scorecards, results ---------------------------------------------------------


class ApplicationKind(models.TextChoices):
    FIRST = "first", _("Đánh giá lần đầu")
    UPGRADE = "upgrade", _("Nâng hạng")
    RERATING = "rerating", _("Đánh giá lại")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Trả lại bổ sung")
    FORWARDED = "forwarded", _("Đã chuyển tỉnh")
    ELIGIBLE = "eligible", _("Đủ điều kiện")
    INELIGIBLE = "ineligible", _("Không đủ điều kiện")
    IN_SESSION = "in_session", _("Đang chấm điểm")
    SCORED = "scored", _("Đã chấm điểm")
    RATED = "rated", _("Đạt hạng sao")
    NOT_ACHIEVED = "not_achieved", _("Không đạt")
    RECOGNISED = "recognised", _("Đã công nhận")
    REFERRED = "referred", _("Đề nghị trung ương xét 5 sao")
    COMPLETION = "completion", _("Tỉnh yêu cầu bổ sung")


class Application(models.Model):
    S = ApplicationStatus
    TRANSITIONS = {
        S.DRAFT: {S.SUBMITTED},
        S.SUBMITTED: {S.RETURNED, S.FORWARDED},
        S.RETURNED: {S.SUBMITTED},
        S.FORWARDED: {S.ELIGIBLE, S.INELIGIBLE, S.COMPLETION},
        S.ELIGIBLE: {S.IN_SESSION, S.COMPLETION},
        # The province (or its advisory team) asked for completion: the producer resubmits straight
        # to the province, or to the local office when the province asked for a new pre-check.
        S.COMPLETION: {S.FORWARDED, S.SUBMITTED},
        S.INELIGIBLE: set(),
        S.IN_SESSION: {S.SCORED},
        S.SCORED: {S.RATED, S.NOT_ACHIEVED},
        S.RATED: {S.RECOGNISED, S.REFERRED},
        S.NOT_ACHIEVED: set(),
        S.RECOGNISED: {S.REFERRED},
        # The ministry scored a referred product below 90: the province may recognise it at 3★ or
        # 4★ from the central result (QĐ 26/2026, Điều 7.4).
        S.REFERRED: {S.RECOGNISED},
    }

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="applications", verbose_name=_("sản phẩm"))
    round = models.ForeignKey(EvaluationRound, on_delete=models.PROTECT, related_name="applications", verbose_name=_("đợt"))
    sheet = models.ForeignKey(ScoringSheet, on_delete=models.PROTECT, related_name="applications", verbose_name=_("phiếu đánh giá"))
    kind = models.CharField(_("hình thức"), max_length=10, choices=ApplicationKind.choices, default=ApplicationKind.FIRST)
    status = models.CharField(_("trạng thái"), max_length=15, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT)
    receipt_number = models.CharField(_("số tiếp nhận"), max_length=60, null=True, blank=True, unique=True)
    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    decision_reason = models.TextField(_("lý do (trả lại / không đủ điều kiện)"), blank=True)
    session = models.ForeignKey(CouncilSession, null=True, blank=True, on_delete=models.PROTECT, related_name="applications")
    alternative_case = models.PositiveSmallIntegerField(
        _("trường hợp đánh giá"), null=True, blank=True, choices=[(1, _("Trường hợp 1")), (2, _("Trường hợp 2"))],
        help_text=_("Với bộ sản phẩm có tiêu chí chia hai trường hợp (bộ 26): cố định một lần cho hồ sơ."),
    )
    samples_count = models.PositiveSmallIntegerField(
        _("số sản phẩm mẫu"), null=True, blank=True, help_text=_("5 mẫu; sản phẩm dịch vụ du lịch không nộp mẫu."))
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("lập từ hồ sơ"),
        help_text=_("Hồ sơ trước của sản phẩm mà hồ sơ này được điền sẵn từ đó (nâng hạng, đánh giá lại, chuyển đợt)."),
    )
    recheck_locally = models.BooleanField(
        _("cần địa phương sơ kiểm lại"), default=False,
        help_text=_("Khi tỉnh trả lại để bổ sung và yêu cầu địa phương kiểm tra lại: hồ sơ nộp lại về địa phương."),
    )
    standing_documents = models.ManyToManyField(
        "producers.StandingDocument", blank=True, related_name="applications", verbose_name=_("giấy tờ thường trực dùng lại"))
    prepared_by_office = models.BooleanField(
        _("cán bộ địa phương lập hộ"), default=False,
        help_text=_("Hồ sơ do cán bộ địa phương đăng ký thay chủ thể (qua API): cán bộ địa phương xem và sửa được bản nháp."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hồ sơ đăng ký")
        verbose_name_plural = _("hồ sơ đăng ký")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["round", "status"], name="application_round_status")]  # intake and dashboard counts
        constraints = [
            models.UniqueConstraint(fields=["product", "round"], name="application_unique_per_round"),
            models.CheckConstraint(condition=~Q(status="ineligible") | ~Q(decision_reason=""), name="ineligible_has_reason"),
        ]

    def __str__(self):
        return f"{self.product} – {self.round}"


class SelfAssessment(models.Model):
    """Mẫu 02, the producer's self-assessment report: the general information (Phần I–II, IV); the
    producer's own option per criterion (Phần III) is in `SelfAssessmentAnswer`."""

    DECLARATIONS = [
        ("business_registration", _("Giấy đăng ký kinh doanh")),
        ("quality_declared", _("Đã công bố chất lượng sản phẩm theo quy định")),
        ("food_safety", _("Giấy chứng nhận cơ sở đủ điều kiện vệ sinh an toàn thực phẩm")),
        ("production_conditions", _("Giấy chứng nhận cơ sở đủ điều kiện sản xuất bắt buộc")),
        ("trademark", _("Giấy chứng nhận đăng ký nhãn hiệu")),
        ("collective_mark", _("Chỉ dẫn địa lý, nhãn hiệu tập thể, nhãn hiệu chứng nhận")),
        ("patent", _("Bằng sáng chế")),
        ("industrial_design", _("Bằng độc quyền kiểu dáng công nghiệp")),
        ("copyright", _("Giấy chứng nhận bản quyền tác giả")),
    ]

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="self_assessment")
    product_spec = models.TextField(_("mô tả quy cách sản phẩm, tiêu chuẩn"), blank=True)
    declarations = models.JSONField(_("giấy tờ đã có"), default=list, blank=True)
    history = models.TextField(_("lịch sử hình thành của chủ thể"), blank=True)
    organisation = models.TextField(_("cơ cấu tổ chức"), blank=True)
    business_results = models.TextField(_("kết quả thực hiện phương án sản xuất kinh doanh"), blank=True)
    business_plan = models.TextField(_("kế hoạch sản xuất, kinh doanh"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo tự đánh giá")
        verbose_name_plural = _("báo cáo tự đánh giá")

    def __str__(self):
        return str(self.application)


class SelfAssessmentAnswer(models.Model):
    """The producer's own option for one criterion, with its description (Mẫu 02, Phần III)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="self_answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(Option, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("mô tả, chứng minh"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tự đánh giá theo tiêu chí")
        verbose_name_plural = _("tự đánh giá theo tiêu chí")
        constraints = [models.UniqueConstraint(fields=["application", "criterion"], name="one_self_answer_per_criterion")]

    def __str__(self):
        return f"{self.criterion_id}: {self.option_id}"


class EvidenceFile(StoredFile):
    """A file the producer attached to a dossier, for one criterion or for the dossier as a whole."""

    UPLOAD_DIR = "evidence"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evidence_files")
    criterion = models.ForeignKey(Criterion, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("tiêu chí"))
    description = models.CharField(_("mô tả"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")
        ordering = ["application", "criterion", "uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class Precheck(models.Model):
    """Mẫu 03: the local office's assessment of some of the dossier's content, its completeness and
    the samples received. It stands when the province returns the dossier for completion, unless
    the province asks for a new one."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="precheck")
    complete = models.BooleanField(_("hồ sơ đầy đủ thành phần"), null=True)
    local_materials = models.TextField(_("về sử dụng nguyên liệu địa phương"), blank=True)
    local_labour = models.TextField(_("về sử dụng lao động địa phương"), blank=True)
    idea_origin = models.TextField(_("nguồn gốc ý tưởng sản phẩm"), blank=True)
    local_identity = models.TextField(_("bản sắc, trí tuệ địa phương"), blank=True)
    samples_received = models.PositiveSmallIntegerField(_("số sản phẩm mẫu đã nhận"), null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("cán bộ sơ kiểm"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo sơ kiểm (Mẫu 03)")
        verbose_name_plural = _("báo cáo sơ kiểm (Mẫu 03)")

    def __str__(self):
        return str(self.application)


class AdvisoryRequestKind(models.TextChoices):
    DOCUMENT = "document", _("Yêu cầu bổ sung tài liệu")
    FIELD_VISIT = "field_visit", _("Khảo sát thực tế")
    LAB_TEST = "lab_test", _("Kiểm nghiệm bổ sung")


class AdvisoryRequest(models.Model):
    """What the council's advisory team asked of a dossier (a document, a field visit, a lab test)
    and, once known, its outcome."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="advisory_requests")
    kind = models.CharField(_("loại yêu cầu"), max_length=12, choices=AdvisoryRequestKind.choices)
    description = models.TextField(_("nội dung yêu cầu"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    outcome = models.TextField(_("kết quả"), blank=True)
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome_at = models.DateTimeField(_("ngày ghi kết quả"), null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu của tổ giúp việc")
        verbose_name_plural = _("yêu cầu của tổ giúp việc")
        ordering = ["application", "requested_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(outcome_at__isnull=True) | ~Q(outcome=""), name="advisory_outcome_has_text")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.application}"


class DossierVersion(models.Model):
    """What the dossier said at each submission (registration, self-assessment, evidence list),
    frozen: every version is kept and can be compared with the next."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("lần nộp"))
    submitted_at = models.DateTimeField(_("ngày nộp"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    content = models.JSONField(_("nội dung"))

    class Meta:
        verbose_name = _("phiên bản hồ sơ")
        verbose_name_plural = _("phiên bản hồ sơ")
        ordering = ["application", "number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="dossier_version_unique")]

    def __str__(self):
        return f"{self.application} #{self.number}"


class Scorecard(models.Model):
    TRANSITIONS = {"draft": {"submitted"}, "submitted": {"reopened"}, "reopened": {"submitted"}}

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="scorecards")
    session = models.ForeignKey(CouncilSession, on_delete=models.PROTECT, related_name="scorecards")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="scorecards")
    status = models.CharField(
        _("trạng thái"), max_length=10, default="draft",
        choices=[("draft", _("Đang chấm")), ("submitted", _("Đã nộp")), ("reopened", _("Mở lại"))],
    )
    total = models.PositiveSmallIntegerField(_("tổng điểm"), null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    knockout_criterion = models.ForeignKey(
        Criterion, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("tiêu chí loại")
    )
    knockout_reason = models.TextField(_("lý do loại"), blank=True)
    receipt = models.CharField(_("mã biên nhận"), max_length=64, blank=True,
                               help_text=_("SHA-256 của nội dung phiếu khi nộp."))

    class Meta:
        verbose_name = _("phiếu chấm")
        verbose_name_plural = _("phiếu chấm")
        constraints = [
            models.UniqueConstraint(fields=["application", "session", "member"], name="one_scorecard_per_member"),
            models.CheckConstraint(condition=Q(total__isnull=True) | Q(total__lte=100), name="scorecard_total_within_100"),
            models.CheckConstraint(condition=~Q(status="submitted") | Q(total__isnull=False), name="submitted_scorecard_has_total"),
        ]

    def __str__(self):
        return f"{self.member} – {self.application}"


class ScorecardChoice(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="choices")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("nhận xét"), blank=True)

    class Meta:
        verbose_name = _("lựa chọn trên phiếu chấm")
        verbose_name_plural = _("lựa chọn trên phiếu chấm")
        constraints = [models.UniqueConstraint(fields=["scorecard", "criterion"], name="one_choice_per_criterion")]

    def __str__(self):
        return f"{self.criterion_id}: {self.option_id}"


class ProvinceSettings(models.Model):
    """What a province chooses for its own evaluations."""

    province = models.OneToOneField(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh"))
    locality_conflicts = models.BooleanField(
        _("xung đột lợi ích theo địa bàn"), default=False,
        help_text=_("Thành viên hội đồng có địa bàn chứa địa bàn của chủ thể không chấm sản phẩm của chủ thể đó."),
    )

    class Meta:
        verbose_name = _("thiết lập của tỉnh")
        verbose_name_plural = _("thiết lập của tỉnh")

    def __str__(self):
        return str(self.province)


class ConflictOfInterest(models.Model):
    """A member who may neither see nor score a product: declared by the member with a reason, or
    detected by the portal (the member acts for the producer)."""

    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("thành viên"))
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("hồ sơ"))
    reason = models.TextField(_("lý do"))
    detected = models.BooleanField(_("cổng tự phát hiện"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("xung đột lợi ích")
        verbose_name_plural = _("xung đột lợi ích")
        ordering = ["application", "member"]
        constraints = [models.UniqueConstraint(fields=["member", "application"], name="one_conflict_per_member_application")]

    def __str__(self):
        return f"{self.member} – {self.application}"


class Result(models.Model):
    """The council's frozen result for one application in one session, with its explanation."""

    TRANSITIONS = {}

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="results")
    session = models.ForeignKey(CouncilSession, on_delete=models.PROTECT, related_name="results")
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2)
    band_star = models.PositiveSmallIntegerField(_("hạng theo khoảng điểm"), choices=STAR_CHOICES)
    star = models.PositiveSmallIntegerField(_("hạng sao"), null=True, blank=True, choices=STAR_CHOICES,
                                            help_text=_("Trống khi không đạt."))
    member_count = models.PositiveSmallIntegerField(_("số thành viên chấm"))
    spread = models.PositiveSmallIntegerField(_("chênh lệch điểm"))
    spread_flagged = models.BooleanField(_("chênh lệch vượt ngưỡng"), default=False)
    knocked_out = models.BooleanField(_("bị loại"), default=False)
    explanation = models.JSONField(_("giải thích"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả")
        verbose_name_plural = _("kết quả")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "session"], name="one_result_per_application_session"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=100), name="result_score_0_100"),
            models.CheckConstraint(condition=Q(star__isnull=True) | Q(star__lte=F("band_star")), name="result_star_within_band"),
        ]

    def __str__(self):
        return f"{self.application.product}: {self.score} ({self.star or '–'}★)"


# --- Recognition -------------------------------------------------------------------------------


class RecognitionDecision(models.Model):
    TRANSITIONS = {"draft": {"issued"}, "issued": set()}

    province = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh"))
    round = models.ForeignKey(EvaluationRound, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("đợt"))
    number = models.CharField(_("số quyết định"), max_length=40)
    signed_on = models.DateField(_("ngày ký"))
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150)
    session = models.ForeignKey(CouncilSession, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions",
                                verbose_name=_("phiên họp"), help_text=_("Phiên họp mà quyết định công nhận kết quả."))
    status = models.CharField(_("trạng thái"), max_length=10, default="issued",
                              choices=[("draft", _("Dự thảo")), ("issued", _("Đã ban hành"))])
    issued_at = models.DateTimeField(_("thời điểm ban hành"), null=True, blank=True)

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-signed_on"]
        constraints = [models.UniqueConstraint(fields=["province", "number"], name="decision_number_unique")]

    def __str__(self):
        return self.number


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Còn hiệu lực")
    EXPIRED = "expired", _("Hết hiệu lực")
    REVOKED = "revoked", _("Bị thu hồi")
    SUPERSEDED = "superseded", _("Được thay thế")


class Certificate(models.Model):
    VALIDITY_MONTHS = 36
    # An expired certificate is valid again when its re-rating is filed under Điều 12.3 (until the
    # result, at most 180 days past its expiry), and superseded by the certificate that result gives.
    TRANSITIONS = {"valid": {"expired", "revoked", "superseded"}, "expired": {"valid", "superseded"}, "revoked": set(),
                   "superseded": set()}

    result = models.OneToOneField(Result, on_delete=models.PROTECT, related_name="certificate")
    decision = models.ForeignKey(RecognitionDecision, on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField(_("số giấy chứng nhận"), max_length=60, unique=True)
    star = models.PositiveSmallIntegerField(_("hạng sao"), choices=STAR_CHOICES)
    issued_on = models.DateField(_("ngày cấp"))
    valid_until = models.DateField(_("hiệu lực đến"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=CertificateStatus.choices, default=CertificateStatus.VALID)
    verification_code = models.CharField(_("mã xác thực"), max_length=32, unique=True)
    ended_on = models.DateField(_("ngày chấm dứt hiệu lực"), null=True, blank=True,
                                help_text=_("Ngày hết hạn, bị thu hồi hoặc được thay thế."))
    revocation_reason = models.TextField(_("lý do thu hồi"), blank=True)
    revocation_decision = models.CharField(_("quyết định thu hồi"), max_length=80, blank=True)
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes",
                                      verbose_name=_("được thay thế bởi"))
    extended_until = models.DateField(
        _("hiệu lực kéo dài đến"), null=True, blank=True,
        help_text=_("Điều 12.3 QĐ 26/2026: hiệu lực kéo dài đến khi có kết quả đánh giá lại, tối đa 180 ngày sau khi hết hạn."))

    class Meta:
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")
        ordering = ["-issued_on", "number"]
        indexes = [models.Index(fields=["status", "valid_until"], name="certificate_status_until"),  # lifecycle job, "in force"
                   models.Index(fields=["issued_on"], name="certificate_issued_on")]
        constraints = [
            models.CheckConstraint(condition=Q(star__gte=3, star__lte=5), name="certificate_3_to_5_stars"),
            models.CheckConstraint(condition=Q(valid_until__gt=F("issued_on")), name="certificate_validity_ordered"),
            models.CheckConstraint(condition=~Q(status="revoked") | (~Q(revocation_reason="") & ~Q(revocation_decision="")),
                                   name="revoked_certificate_has_reason_and_decision"),
        ]

    def __str__(self):
        return self.number


class CertificateNotice(models.Model):
    """A notice sent to the producer about a certificate (re-rating window opening at T−180, closing
    at T−120, expiry): one per certificate and kind, so the daily job never sends it twice."""

    KINDS = [("t180", _("Mở thời hạn đánh giá lại (180 ngày trước khi hết hạn)")),
             ("t120", _("Hết thời hạn đánh giá lại (120 ngày trước khi hết hạn)")),
             ("expired", _("Hết hiệu lực"))]

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("loại thông báo"), max_length=10, choices=KINDS)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thông báo về giấy chứng nhận")
        verbose_name_plural = _("thông báo về giấy chứng nhận")
        constraints = [models.UniqueConstraint(fields=["certificate", "kind"], name="one_notice_per_certificate_kind")]

    def __str__(self):
        return f"{self.certificate} – {self.kind}"


class MinistryAnswer(models.Model):
    """The ministry's answer on a product the province referred for 5★ (QĐ 26/2026, Điều 7.4):
    recognised 5★ (its decision and certificate recorded), or a central score below 90, from which
    the province may recognise 3★ or 4★."""

    OUTCOMES = [("five_star", _("Công nhận 5 sao")), ("below_90", _("Dưới 90 điểm"))]

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="ministry_answer")
    outcome = models.CharField(_("kết quả"), max_length=10, choices=OUTCOMES)
    decision_number = models.CharField(_("số quyết định của Bộ"), max_length=80)
    decision_date = models.DateField(_("ngày quyết định"))
    central_score = models.DecimalField(_("điểm đánh giá cấp trung ương"), max_digits=5, decimal_places=2, null=True, blank=True)
    certificate_number = models.CharField(_("số giấy chứng nhận của Bộ"), max_length=80, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả đánh giá cấp trung ương")
        verbose_name_plural = _("kết quả đánh giá cấp trung ương")
        constraints = [
            models.CheckConstraint(condition=~Q(outcome="below_90") | Q(central_score__lt=90), name="below_90_has_score_under_90"),
            models.CheckConstraint(condition=~Q(outcome="five_star") | ~Q(certificate_number=""), name="five_star_has_certificate"),
        ]

    def __str__(self):
        return f"{self.application} – {self.get_outcome_display()}"


class ProgrammeTarget(models.Model):
    """A province's OCOP target for a period (e.g. Bắc Ninh 2021–2025: ≥150 products 3★+)."""

    class Metric(models.TextChoices):
        PRODUCERS = "producers", _("Doanh nghiệp, HTX tham gia")
        PRODUCTS_3_PLUS = "products_3_plus", _("Sản phẩm đạt 3 sao trở lên")
        PRODUCTS_5 = "products_5", _("Sản phẩm đạt 5 sao")
        TOURISM_VILLAGES = "tourism_villages", _("Mô hình làng văn hóa du lịch")
        SHOWROOMS = "showrooms", _("Trung tâm giới thiệu, quảng bá sản phẩm OCOP")
        LEADER_TRAINING_PCT = "leader_training_pct", _("Lãnh đạo chủ thể được tập huấn (%)")

    province = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh"))
    period_start = models.PositiveSmallIntegerField(_("từ năm"))
    period_end = models.PositiveSmallIntegerField(_("đến năm"))
    metric = models.CharField(_("chỉ tiêu"), max_length=30, choices=Metric.choices)
    target = models.PositiveIntegerField(_("mục tiêu"))
    qualifier = models.CharField(_("mức"), max_length=20, choices=[("about", _("khoảng")), ("at_least", _("tối thiểu")), ("exact", _("đúng"))])

    class Meta:
        verbose_name = _("mục tiêu chương trình")
        verbose_name_plural = _("mục tiêu chương trình")
        constraints = [
            models.UniqueConstraint(fields=["province", "period_start", "period_end", "metric"], name="target_unique"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="target_period_ordered"),
        ]

    def __str__(self):
        return f"{self.get_metric_display()} {self.period_start}–{self.period_end}: {self.target}"


class WorkingDayOverride(models.Model):
    """A province's own calendar on top of the national holidays: a day it gives off (nghỉ bù) or
    a day it makes up as a working day (làm bù). Deadlines counted in working days read it."""

    province = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh"),
                                 limit_choices_to={"level": "province"})
    day = models.DateField(_("ngày"))
    is_working = models.BooleanField(
        _("là ngày làm việc"), default=False,
        help_text=_("Đánh dấu khi ngày này làm bù (làm việc); bỏ trống khi ngày này được nghỉ bù."),
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ngày nghỉ bù / làm bù")
        verbose_name_plural = _("ngày nghỉ bù / làm bù")
        ordering = ["province", "day"]
        constraints = [models.UniqueConstraint(fields=["province", "day"], name="working_day_override_unique_per_province")]

    def __str__(self):
        kind = _("làm bù") if self.is_working else _("nghỉ bù")
        return f"{self.day:%d/%m/%Y} ({kind})"


# --- Staff-entered progress towards targets the portal cannot count (dashboard) -----------------


class ManualTargetProgress(models.Model):
    """Progress towards a target the portal cannot count from its own records (tourism village
    models, a provincial showroom): the stock reached by the end of `year`, entered by the
    province's staff with the evidence behind it. Entries are never edited: a correction is a new
    entry for the same year, and the newest entry of a year is the one shown."""

    target = models.ForeignKey(ProgrammeTarget, on_delete=models.PROTECT, related_name="manual_progress",
                               verbose_name=_("mục tiêu"))
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.PositiveIntegerField(_("số đạt được (lũy kế đến cuối năm)"))
    evidence = models.TextField(_("căn cứ, minh chứng"), help_text=_("Văn bản, quyết định hoặc báo cáo xác nhận số liệu."))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("người nhập"))
    entered_at = models.DateTimeField(_("thời điểm nhập"), auto_now_add=True)

    class Meta:
        verbose_name = _("tiến độ mục tiêu do tỉnh nhập")
        verbose_name_plural = _("tiến độ mục tiêu do tỉnh nhập")
        ordering = ["target", "year", "-entered_at", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(evidence=""), name="manual_progress_has_evidence")]

    def __str__(self):
        return f"{self.target}: {self.value} ({self.year})"
