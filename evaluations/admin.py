from django import forms
from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ocop_portal.core.admin import ScopedAdminMixin, SelectRelatedMixin, ServiceActionsMixin, ViewOnlyMixin

from . import rules as ev_rules
from . import selectors as sel
from . import services
from .models import (
    VOTING_ROLES,
    AdvisoryRequest,
    Application,
    Certificate,
    CertificateNotice,
    ConflictOfInterest,
    Council,
    CouncilMember,
    CouncilSession,
    Criterion,
    DossierVersion,
    EvaluationRound,
    EvidenceFile,
    ManualTargetProgress,
    MinistryAnswer,
    Option,
    Precheck,
    ProgrammeTarget,
    ProvinceSettings,
    RecognitionDecision,
    RegulationVersion,
    Result,
    Scorecard,
    ScorecardChoice,
    ScoringSheet,
    SelfAssessment,
    SelfAssessmentAnswer,
    SheetPart,
    SheetSection,
    WorkingDayOverride,
)


class StatusReadOnlyMixin:
    """Status fields move only through `ocop_portal.core.state.set_status`, which checks the
    transition table and writes the audit row; the admin must not bypass it."""

    status_fields = ("status",)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.status_fields]


# --- Regulations and scoring sheets ------------------------------------------------------------


@admin.register(RegulationVersion)
class RegulationVersionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.regulations_visible_to)
    list_display = ("code", "title", "signed_on", "effective_from", "effective_until", "part_a_max", "part_b_max", "part_c_max")
    list_filter = ("has_star_markers",)
    search_fields = ("code", "title")
    date_hierarchy = "effective_from"


class SheetPartInline(admin.TabularInline):
    model = SheetPart
    fields = ("code", "name", "max_points")
    extra = 0
    show_change_link = True


@admin.register(ScoringSheet)
class ScoringSheetAdmin(ScopedAdminMixin, SelectRelatedMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.sheets_visible_to)
    list_display = ("set_number", "name", "regulation", "product_set", "usable")
    list_display_links = ("set_number", "name")
    list_filter = ("regulation", "usable")
    search_fields = ("name", "regulation__code")
    list_select_related = ("regulation", "product_set")
    autocomplete_fields = ("regulation", "product_set")
    # Loaded from the shipped catalogue (`load_criteria`); a hand edit would be put back.
    readonly_fields = ("dossier_knockout",)
    inlines = (SheetPartInline,)


class SheetSectionInline(admin.TabularInline):
    model = SheetSection
    fields = ("position", "number", "name", "max_points")
    extra = 0
    show_change_link = True


@admin.register(SheetPart)
class SheetPartAdmin(ScopedAdminMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.sheet_parts_visible_to)
    list_display = ("__str__", "name", "sheet")
    list_filter = ("code", "sheet__regulation")
    search_fields = ("name", "sheet__name")
    list_select_related = ("sheet__regulation",)
    autocomplete_fields = ("sheet",)
    inlines = (SheetSectionInline,)


@admin.register(SheetSection)
class SheetSectionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.sheet_sections_visible_to)
    list_display = ("__str__", "max_points", "part", "sheet")
    list_filter = ("part__code", "part__sheet__regulation")
    search_fields = ("name", "number", "part__sheet__name")
    list_select_related = ("part__sheet__regulation",)
    autocomplete_fields = ("part",)

    @admin.display(description=_("phiếu đánh giá"), ordering="part__sheet")
    def sheet(self, obj):
        return obj.part.sheet


class OptionInline(admin.TabularInline):
    model = Option
    fields = ("position", "text", "points", "min_star", "alternative_group")
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 60})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Criterion)
class CriterionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.criteria_visible_to)
    list_display = ("code", "short_name", "max_points", "sheet", "section", "has_knockout")
    list_display_links = ("code", "short_name")
    list_filter = ("sheet__regulation", "sheet__set_number")
    search_fields = ("code", "name", "sheet__name")
    list_select_related = ("sheet__regulation", "section")
    autocomplete_fields = ("sheet", "section", "applies_if")
    inlines = (OptionInline,)

    @admin.display(description=_("tên tiêu chí"), ordering="name")
    def short_name(self, obj):
        return Truncator(obj.name).chars(80)

    @admin.display(description=_("có điều kiện loại"), boolean=True)
    def has_knockout(self, obj):
        return bool(obj.knockout_rule) or obj.knockout_if_zero


@admin.register(Option)
class OptionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.options_visible_to)
    list_display = ("short_text", "points", "min_star", "criterion")
    list_filter = ("min_star", "criterion__sheet__regulation")
    search_fields = ("text", "criterion__code", "criterion__name")
    list_select_related = ("criterion",)
    autocomplete_fields = ("criterion",)

    @admin.display(description=_("nội dung"), ordering="text")
    def short_text(self, obj):
        return Truncator(obj.text).chars(80)


# --- Rounds, councils, sessions ----------------------------------------------------------------


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(ScopedAdminMixin, StatusReadOnlyMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.rounds_visible_to)
    list_display = ("name", "year", "province", "regulation", "opens_on", "closes_on", "status")
    list_filter = ("status", "year", "regulation", "minimum_mode")
    search_fields = ("name", "province__name")
    list_select_related = ("province", "regulation")
    autocomplete_fields = ("province", "regulation")


class CouncilMemberForm(forms.ModelForm):
    class Meta:
        model = CouncilMember
        fields = ("full_name", "position", "role", "user")

    def clean(self):
        cleaned = super().clean()
        # `voting` follows from the role (checked by a database constraint); derive it here so the
        # constraint is validated with the right value.
        self.instance.voting = cleaned.get("role") in VOTING_ROLES
        return cleaned


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    form = CouncilMemberForm
    fields = ("full_name", "position", "role", "user", "voting")
    readonly_fields = ("voting",)
    autocomplete_fields = ("user",)
    extra = 0


@admin.register(Council)
class CouncilAdmin(ScopedAdminMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.councils_visible_to)
    list_display = ("name", "decision_number", "decision_date", "province")
    search_fields = ("name", "decision_number")
    list_select_related = ("province",)
    autocomplete_fields = ("province",)
    date_hierarchy = "decision_date"
    inlines = (CouncilMemberInline,)


@admin.register(CouncilMember)
class CouncilMemberAdmin(ScopedAdminMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.council_members_visible_to)
    form = CouncilMemberForm
    list_display = ("full_name", "role", "voting", "position", "council", "user")
    list_filter = ("role", "voting")
    search_fields = ("full_name", "position", "council__name", "user__username")
    list_select_related = ("council", "user")
    readonly_fields = ("voting",)
    fields = ("council", "full_name", "position", "role", "user", "locality", "voting")
    autocomplete_fields = ("council", "user", "locality")


@admin.register(CouncilSession)
class CouncilSessionAdmin(ScopedAdminMixin, ServiceActionsMixin, SelectRelatedMixin, StatusReadOnlyMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.sessions_visible_to)
    actions = ("open_session", "close_session")

    @admin.action(description=_("Khai mạc phiên họp đã chọn"))
    def open_session(self, request, queryset):
        self.run_service(request, queryset, lambda s: services.session_open(session=s, actor=request.user),
                         ev_rules.can_manage_session.test, _("Đã khai mạc %(count)d phiên họp."))

    @admin.action(description=_("Kết thúc phiên họp và chốt kết quả"))
    def close_session(self, request, queryset):
        self.run_service(request, queryset, lambda s: services.session_close(session=s, actor=request.user),
                         ev_rules.can_close_session.test, _("Đã kết thúc %(count)d phiên họp."))
    list_display = ("__str__", "round", "starts_on", "ends_on", "location", "status")
    list_filter = ("status", "round")
    search_fields = ("council__name", "round__name", "location")
    list_select_related = ("council", "round")
    autocomplete_fields = ("council", "round")
    readonly_fields = ("closed_at",)
    date_hierarchy = "starts_on"


# --- Applications, scorecards, results ---------------------------------------------------------


@admin.register(Application)
class ApplicationAdmin(ScopedAdminMixin, ServiceActionsMixin, SelectRelatedMixin, StatusReadOnlyMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.applications_visible_to)
    # Moves happen through the actions below (services: state machine, lock, audit).
    status_fields = ("status", "receipt_number", "session", "decision_reason")
    actions = ("forward", "mark_eligible")

    @admin.action(description=_("Chuyển hồ sơ đã chọn lên tỉnh"))
    def forward(self, request, queryset):
        self.run_service(request, queryset, lambda a: services.application_forward(application=a, actor=request.user),
                         ev_rules.can_forward_application.test, _("Đã chuyển %(count)d hồ sơ lên tỉnh."))

    @admin.action(description=_("Xác nhận đủ điều kiện đánh giá"))
    def mark_eligible(self, request, queryset):
        self.run_service(request, queryset,
                         lambda a: services.application_decide_eligibility(application=a, eligible=True, actor=request.user),
                         ev_rules.can_decide_eligibility.test, _("Đã xác nhận %(count)d hồ sơ đủ điều kiện."))
    list_display = ("product", "producer", "round", "kind", "status", "receipt_number", "submitted_at")
    list_filter = ("status", "kind", "round")
    search_fields = ("product__name", "product__producer__name", "receipt_number")
    list_select_related = ("product__producer", "round")
    autocomplete_fields = ("product", "round", "sheet", "session")
    readonly_fields = ("submitted_at", "created_at")

    @admin.display(description=_("chủ thể"), ordering="product__producer__name")
    def producer(self, obj):
        return obj.product.producer


class ScorecardChoiceInline(ViewOnlyMixin, admin.TabularInline):
    """A member's choices are theirs: recorded through `scorecard_choose` only, read here."""

    model = ScorecardChoice
    fields = ("criterion", "option")
    readonly_fields = ("criterion", "option")
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Scorecard)
class ScorecardAdmin(ScopedAdminMixin, SelectRelatedMixin, StatusReadOnlyMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.scorecards_visible_to)
    list_display = ("application", "member", "session", "status", "total", "submitted_at")
    list_filter = ("status", "session__round")
    search_fields = ("application__product__name", "member__full_name")
    list_select_related = ("application__product", "application__round", "member", "session__council")
    autocomplete_fields = ("application", "session", "member", "knockout_criterion")
    inlines = (ScorecardChoiceInline,)

    # Scores, totals and knock-outs come from the member through the services, never from here.
    status_fields = ("status", "total", "submitted_at", "knockout_criterion", "knockout_reason")

    def get_readonly_fields(self, request, obj=None):
        # A submitted scorecard is the member's signed sheet: frozen until it is reopened.
        if obj is not None and obj.status == "submitted":
            return [f.name for f in self.model._meta.fields]
        return super().get_readonly_fields(request, obj)


@admin.register(ScorecardChoice)
class ScorecardChoiceAdmin(ScopedAdminMixin, ViewOnlyMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.scorecard_choices_visible_to)
    list_display = ("scorecard", "criterion", "option")
    list_filter = ("scorecard__status",)
    search_fields = ("criterion__code", "scorecard__member__full_name", "scorecard__application__product__name")
    list_select_related = ("scorecard__application__product", "scorecard__application__round", "scorecard__member", "criterion", "option")
    autocomplete_fields = ("scorecard", "criterion", "option")


@admin.register(Result)
class ResultAdmin(ScopedAdminMixin, SelectRelatedMixin, ViewOnlyMixin, admin.ModelAdmin):
    """Results are frozen when the session is finalised: view only."""

    visible_to = staticmethod(sel.results_visible_to)

    list_display = ("product", "producer", "score", "band_star", "star", "member_count", "spread_flagged", "knocked_out", "session")
    list_filter = ("star", "band_star", "spread_flagged", "knocked_out", "session__round")
    search_fields = ("application__product__name", "application__product__producer__name")
    list_select_related = ("application__product__producer", "session__council")
    date_hierarchy = "created_at"

    @admin.display(description=_("sản phẩm"), ordering="application__product__name")
    def product(self, obj):
        return obj.application.product.name

    @admin.display(description=_("chủ thể"), ordering="application__product__producer__name")
    def producer(self, obj):
        return obj.application.product.producer.name


# --- Recognition -------------------------------------------------------------------------------


class CertificateInline(admin.TabularInline):
    model = Certificate
    fields = ("number", "result", "star", "issued_on", "valid_until", "status")
    readonly_fields = ("result", "star", "status")
    autocomplete_fields = ("result",)
    extra = 0
    show_change_link = True


@admin.register(RecognitionDecision)
class RecognitionDecisionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.decisions_visible_to)
    list_display = ("number", "signed_on", "signer_name", "province", "round")
    list_filter = ("round",)
    search_fields = ("number", "signer_name")
    list_select_related = ("province", "round")
    autocomplete_fields = ("province", "round")
    date_hierarchy = "signed_on"
    inlines = (CertificateInline,)


@admin.register(Certificate)
class CertificateAdmin(ScopedAdminMixin, StatusReadOnlyMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.certificates_visible_to)
    status_fields = ("status", "star", "result")
    list_display = ("number", "product", "star", "issued_on", "valid_until", "status", "decision")
    list_filter = ("status", "star", "decision__round")
    search_fields = ("number", "verification_code", "result__application__product__name")
    list_select_related = ("result__application__product", "decision")
    autocomplete_fields = ("result", "decision")
    date_hierarchy = "issued_on"

    @admin.display(description=_("sản phẩm"), ordering="result__application__product__name")
    def product(self, obj):
        return obj.result.application.product


@admin.register(ProgrammeTarget)
class ProgrammeTargetAdmin(ScopedAdminMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.targets_visible_to)
    list_display = ("metric", "qualifier", "target", "period_start", "period_end", "province")
    list_filter = ("metric", "period_start")
    search_fields = ("province__name",)
    list_select_related = ("province",)
    autocomplete_fields = ("province",)


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(ScopedAdminMixin, SelectRelatedMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.conflicts_visible_to)
    list_display = ("member", "application", "detected", "created_at")
    list_filter = ("detected",)
    search_fields = ("member__full_name", "application__product__name", "reason")
    list_select_related = ("member__council", "application__product", "application__round")
    autocomplete_fields = ("member", "application")


@admin.register(ProvinceSettings)
class ProvinceSettingsAdmin(ScopedAdminMixin, SelectRelatedMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.province_settings_visible_to)
    list_display = ("province", "locality_conflicts")
    list_select_related = ("province",)
    autocomplete_fields = ("province",)


@admin.register(WorkingDayOverride)
class WorkingDayOverrideAdmin(ScopedAdminMixin, SelectRelatedMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.working_day_overrides_visible_to)
    list_display = ("day", "is_working", "note", "province")
    list_filter = ("is_working", "province")
    search_fields = ("note", "province__name")
    list_select_related = ("province",)
    autocomplete_fields = ("province",)
    date_hierarchy = "day"


# --- The parts of a dossier: written by the producer's, the local office's and the province's
# pages through the services; the admin reads them. Files are downloaded from the dossier's page.


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(ScopedAdminMixin, SelectRelatedMixin, ViewOnlyMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.self_assessments_visible_to)
    list_display = ("application", "updated_at")
    search_fields = ("application__product__name", "application__receipt_number")
    list_select_related = ("application__product", "application__round")


@admin.register(SelfAssessmentAnswer)
class SelfAssessmentAnswerAdmin(ScopedAdminMixin, SelectRelatedMixin, ViewOnlyMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.self_answers_visible_to)
    list_display = ("application", "criterion", "option", "updated_at")
    search_fields = ("application__product__name", "criterion__code")
    list_select_related = ("application__product", "application__round", "criterion", "option")


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ScopedAdminMixin, SelectRelatedMixin, ViewOnlyMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.evidence_files_visible_to)
    fields = ("application", "criterion", "original_name", "description", "content_type", "size", "sha256", "uploaded_by",
              "uploaded_at")
    list_display = ("original_name", "application", "criterion", "content_type", "size", "uploaded_at")
    list_filter = ("content_type",)
    search_fields = ("original_name", "sha256", "application__product__name")
    list_select_related = ("application__product", "application__round", "criterion")


@admin.register(Precheck)
class PrecheckAdmin(ScopedAdminMixin, SelectRelatedMixin, ViewOnlyMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.prechecks_visible_to)
    list_display = ("application", "complete", "samples_received", "checked_by", "updated_at")
    list_filter = ("complete",)
    search_fields = ("application__product__name", "application__receipt_number")
    list_select_related = ("application__product", "application__round", "checked_by")


@admin.register(AdvisoryRequest)
class AdvisoryRequestAdmin(ScopedAdminMixin, SelectRelatedMixin, ViewOnlyMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.advisory_requests_visible_to)
    list_display = ("application", "kind", "requested_at", "outcome_at")
    list_filter = ("kind",)
    search_fields = ("application__product__name", "description", "outcome")
    list_select_related = ("application__product", "application__round")


@admin.register(DossierVersion)
class DossierVersionAdmin(ScopedAdminMixin, SelectRelatedMixin, ViewOnlyMixin, admin.ModelAdmin):
    visible_to = staticmethod(sel.dossier_versions_visible_to)
    list_display = ("application", "number", "submitted_at", "submitted_by")
    search_fields = ("application__product__name", "application__receipt_number")
    list_select_related = ("application__product", "application__round", "submitted_by")


@admin.register(ManualTargetProgress)
class ManualTargetProgressAdmin(ScopedAdminMixin, SelectRelatedMixin, ViewOnlyMixin, admin.ModelAdmin):
    """Entered from the dashboard's targets page (a service, audited); read here."""

    visible_to = staticmethod(sel.manual_target_progress_visible_to)
    list_display = ("target", "year", "value", "entered_by", "entered_at")
    list_filter = ("year", "target__metric")
    search_fields = ("evidence", "target__province__name")
    list_select_related = ("target__province", "entered_by")


@admin.register(CertificateNotice)
class CertificateNoticeAdmin(ScopedAdminMixin, SelectRelatedMixin, ViewOnlyMixin, admin.ModelAdmin):
    """The notices the daily job sent (re-rating window, expiry): evidence, read only."""

    visible_to = staticmethod(sel.certificate_notices_visible_to)
    list_display = ("certificate", "kind", "sent_at")
    list_filter = ("kind",)
    search_fields = ("certificate__number",)
    list_select_related = ("certificate",)


@admin.register(MinistryAnswer)
class MinistryAnswerAdmin(ScopedAdminMixin, SelectRelatedMixin, ViewOnlyMixin, admin.ModelAdmin):
    """The ministry's answers on referred products, recorded from the referral page."""

    visible_to = staticmethod(sel.ministry_answers_visible_to)
    list_display = ("application", "outcome", "decision_number", "decision_date", "central_score")
    list_filter = ("outcome",)
    search_fields = ("application__product__name", "decision_number", "certificate_number")
    list_select_related = ("application__product", "application__round")
