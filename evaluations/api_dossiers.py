"""/api/v1/applications/ (dossiers, with their status and history) and /api/v1/documents/ (their
evidence files: metadata; the file is downloaded through the portal's permission-checked view).

The writes mirror the browser through the same services: a local office registers a product of a
producer of its territory for an open round on the producer's behalf (`services_dossier.
dossier_register`: the dossier is then `prepared_by_office`), fills in its self-assessment (Mẫu
02), uploads evidence, submits it, records its pre-check (Mẫu 03) and forwards or returns it. A
change of a representation a client read (`PUT …/self-assessment/`, `PUT …/precheck/`) needs
`If-Match`; every state move is checked by the status machine."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from ocop_portal.core.api import ETagMixin, OfficeViewSet
from ocop_portal.core.api_filters import IntFilter, YearFilter
from ocop_portal.core.models import AuditEntry
from producers.api import ProducerRefSerializer, ProductRefSerializer, in_units
from producers.models import ProductSet
from producers.selectors import producers_visible_to, products_visible_to

from . import rules, selectors, services, services_dossier, services_evidence
from .models import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    Criterion,
    EvidenceFile,
    Option,
    Precheck,
    SelfAssessment,
)
from .sheet_definitions import sheet_definition

ERRORS = {400: OpenApiResponse(description=_("Dữ liệu không hợp lệ hoặc thao tác không được phép ở trạng thái này")),
          403: OpenApiResponse(description=_("Xem được nhưng không có quyền làm việc này")),
          404: OpenApiResponse(description=_("Không có trong phạm vi được xem"))}
IF_MATCH = OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True,
                            description=_("ETag của lần đọc gần nhất"))
IF_MATCH_OPTIONAL = OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=False,
                                     description=_("ETag của lần đọc gần nhất (nên gửi)"))
PRECONDITION = {412: OpenApiResponse(description=_("ETag không khớp: đối tượng đã được người khác thay đổi")),
                428: OpenApiResponse(description=_("Thiếu If-Match"))}


class RoundRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    year = serializers.IntegerField(read_only=True)


class HistorySerializer(serializers.Serializer):
    at = serializers.DateTimeField(read_only=True)
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)
    actor = serializers.CharField(read_only=True, allow_null=True, source="actor_name")
    note = serializers.CharField(read_only=True)


class ApplicationSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    round = RoundRefSerializer(read_only=True)
    product = ProductRefSerializer(read_only=True)
    producer = ProducerRefSerializer(source="product.producer", read_only=True)
    history = serializers.SerializerMethodField(help_text=_("Diễn biến trạng thái, cũ trước"))

    class Meta:
        model = Application
        fields = ["id", "receipt_number", "status", "status_label", "kind", "kind_label", "round", "product", "producer",
                  "samples_count", "alternative_case", "submitted_at", "decision_reason", "prepared_by_office", "created_at",
                  "history"]
        read_only_fields = fields

    @extend_schema_field(HistorySerializer(many=True))
    def get_history(self, obj):
        return HistorySerializer(self.context.get("history", {}).get(obj.pk, []), many=True).data


class NewProductSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    product_set_number = serializers.IntegerField(min_value=1, max_value=26)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class ApplicationCreateSerializer(serializers.Serializer):
    round_id = serializers.IntegerField()
    producer_id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ApplicationKind.choices, default=ApplicationKind.FIRST)
    product_id = serializers.IntegerField(required=False, help_text=_("Sản phẩm đã có của chủ thể"))
    new_product = NewProductSerializer(required=False, help_text=_("Hoặc một sản phẩm mới"))
    samples_count = serializers.IntegerField(required=False, min_value=1, max_value=100)
    alternative_case = serializers.IntegerField(required=False, min_value=1, max_value=2,
                                                help_text=_("Bộ 26: trường hợp đánh giá"))

    def validate(self, data):
        if ("product_id" in data) == ("new_product" in data):
            raise serializers.ValidationError(_("Gửi một trong hai: product_id (sản phẩm đã có) hoặc new_product (sản phẩm mới)."))
        return data


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000, help_text=_("Lý do trả lại, để chủ thể biết cần sửa gì"))


# --- Self-assessment (Mẫu 02) ----------------------------------------------------------------------


class OptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Option
        fields = ["id", "text", "points", "min_star", "alternative_group"]
        read_only_fields = fields


class CriterionSerializer(serializers.ModelSerializer):
    options = OptionSerializer(many=True, read_only=True)

    class Meta:
        model = Criterion
        fields = ["id", "code", "name", "max_points", "options"]
        read_only_fields = fields


class AnswerSerializer(serializers.Serializer):
    criterion_code = serializers.CharField(max_length=12)
    option_id = serializers.IntegerField(allow_null=True, help_text=_("Phương án tự chấm (null: chưa chọn)"))
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


class SelfAssessmentSerializer(serializers.Serializer):
    product_spec = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    declarations = serializers.ListField(child=serializers.ChoiceField(choices=SelfAssessment.DECLARATIONS), required=False)
    history = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    organisation = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    business_results = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    business_plan = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    answers = AnswerSerializer(many=True, required=False)


class SelfAssessmentReadSerializer(SelfAssessmentSerializer):
    total = serializers.IntegerField(read_only=True, help_text=_("Tổng điểm tự chấm theo cách hội đồng tính"))
    star = serializers.IntegerField(read_only=True, allow_null=True)
    missing = serializers.ListField(child=serializers.CharField(), read_only=True, help_text=_("Tiêu chí chưa tự chấm"))
    missing_to_submit = serializers.ListField(child=serializers.CharField(), read_only=True,
                                              help_text=_("Những gì còn thiếu để nộp hồ sơ"))
    criteria = CriterionSerializer(many=True, read_only=True)


class PrecheckSerializer(serializers.ModelSerializer):
    problems = serializers.ListField(child=serializers.CharField(), read_only=True,
                                     help_text=_("Những gì còn thiếu trước khi chuyển tỉnh"))
    expected_samples = serializers.IntegerField(read_only=True)

    class Meta:
        model = Precheck
        fields = ["complete", "local_materials", "local_labour", "idea_origin", "local_identity", "samples_received",
                  "problems", "expected_samples", "updated_at"]
        read_only_fields = ["problems", "expected_samples", "updated_at"]


class ApplicationFilter(filters.FilterSet):
    year = YearFilter(field_name="round__year")
    round = IntFilter(field_name="round_id")
    status = filters.ChoiceFilter(choices=ApplicationStatus.choices)
    unit = filters.CharFilter(method="filter_unit", label=_("Mã đơn vị hành chính của chủ thể"))
    producer = IntFilter(field_name="product__producer_id")
    product = IntFilter(field_name="product_id")

    class Meta:
        model = Application
        fields = ["year", "round", "status", "unit", "producer", "product"]

    def filter_unit(self, queryset, name, value):
        return queryset.filter(in_units(value, "product__producer__unit"))


def histories(application_ids):
    """{application id: [its status trail, oldest first]} for a page of dossiers, in one query."""
    if not application_ids:
        return {}
    rows = (AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Application),
                                      object_id__in=application_ids, action__in=("create", "status"))
            .select_related("actor").order_by("at", "pk"))
    trail = {}
    for row in rows:
        row.actor_name = (row.actor.full_name or row.actor.username) if row.actor else None
        trail.setdefault(row.object_id, []).append(row)
    return trail


@extend_schema_view(
    list=extend_schema(summary="Hồ sơ trong địa bàn (kèm trạng thái và diễn biến)"),
    retrieve=extend_schema(summary="Một hồ sơ (kèm ETag)", responses={200: ApplicationSerializer, **ERRORS}),
    create=extend_schema(summary="Cán bộ địa phương đăng ký sản phẩm của một chủ thể vào một đợt (thay chủ thể)",
                         request=ApplicationCreateSerializer, responses={201: ApplicationSerializer, **ERRORS}),
)
class ApplicationViewSet(ETagMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, OfficeViewSet):
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter
    ordering_fields = ["created_at", "submitted_at", "status", "receipt_number"]

    def get_queryset(self):
        return (selectors.dossiers_for_page(self.request.user)
                .select_related("round", "product__product_set", "product__producer__unit", "sheet")
                .order_by("-created_at", "-pk"))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "history": getattr(self, "_history", {})}

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._history = histories([a.pk for a in page]) if page is not None else {}
        return page

    def representation(self, instance):
        self._history = histories([instance.pk])
        return super().representation(instance)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        return self.respond_with(instance)

    def create(self, request, *args, **kwargs):
        data = self._valid(ApplicationCreateSerializer, request.data)
        user = request.user
        round = selectors.rounds_visible_to(user).filter(pk=data["round_id"]).select_related("regulation").first()
        if round is None:
            raise serializers.ValidationError({"round_id": [_("Không có đợt đánh giá này trong phạm vi bạn được xem.")]})
        producer = producers_visible_to(user).filter(pk=data["producer_id"]).select_related("unit").first()
        if producer is None:
            raise serializers.ValidationError({"producer_id": [_("Không có chủ thể này trong địa bàn bạn phụ trách.")]})
        product, new = None, data.get("new_product") or {}
        if "product_id" in data:
            product = products_visible_to(user).filter(pk=data["product_id"], producer=producer).first()
            if product is None:
                raise serializers.ValidationError({"product_id": [_("Chủ thể không có sản phẩm này.")]})
        product_set = ProductSet.objects.filter(number=new["product_set_number"]).first() if new else None
        if round.status != "open":
            raise serializers.ValidationError({"round_id": [_("Đợt đánh giá đã đóng: không đăng ký thêm được.")]})
        with transaction.atomic():
            application = services_dossier.dossier_register(
                producer=producer, round=round, kind=data["kind"], actor=user, product=product,
                new_name=new.get("name", ""), new_description=new.get("description", ""), product_set=product_set,
                samples_count=data.get("samples_count"), alternative_case=data.get("alternative_case"))
        return self.respond_with(self._fresh(application), code=status.HTTP_201_CREATED)

    # --- the self-assessment --------------------------------------------------------------------

    @extend_schema(methods=["GET"], summary="Bản tự đánh giá (Mẫu 02): thông tin chung, phương án tự chấm, tổng điểm",
                   responses={200: SelfAssessmentReadSerializer, **ERRORS})
    @extend_schema(methods=["PUT"], summary="Lưu bản tự đánh giá (cần If-Match của lần đọc bản tự đánh giá)",
                   request=SelfAssessmentSerializer, parameters=[IF_MATCH],
                   responses={200: SelfAssessmentReadSerializer, **PRECONDITION, **ERRORS})
    @action(detail=True, methods=["get", "put"], url_path="self-assessment")
    def self_assessment(self, request, pk=None):
        if request.method == "GET":
            return self._self_assessment_response(self.get_object())
        data = self._valid(SelfAssessmentSerializer, request.data)
        with transaction.atomic():
            application = self.locked_object()
            self._check(rules.can_prepare_dossier, application, _("Chỉ chủ thể (hoặc cán bộ địa phương lập hộ hồ sơ) mới sửa "
                                                                  "được bản tự đánh giá."))
            self.check_if_match_data(self._self_assessment_data(application))
            answers = data.pop("answers", [])
            if data:
                services_dossier.self_assessment_save(application=application, actor=request.user, **data)
            criteria = {c.code: c for c in Criterion.objects.filter(sheet_id=application.sheet_id)}
            options = Option.objects.filter(criterion__sheet_id=application.sheet_id).in_bulk(
                [a["option_id"] for a in answers if a["option_id"] is not None])
            errors = {}
            for index, answer in enumerate(answers):
                criterion = criteria.get(answer["criterion_code"])
                option = options.get(answer["option_id"]) if answer["option_id"] is not None else None
                if criterion is None:
                    errors[f"answers[{index}]"] = [_("Tiêu chí %(code)s không có trên phiếu của hồ sơ.") % {"code": answer["criterion_code"]}]
                elif answer["option_id"] is not None and option is None:
                    errors[f"answers[{index}]"] = [_("Phương án %(id)s không có trên phiếu của hồ sơ.") % {"id": answer["option_id"]}]
            if errors:
                raise serializers.ValidationError(errors)
            for answer in answers:
                services_dossier.self_answer_save(
                    application=application, criterion=criteria[answer["criterion_code"]],
                    option=options.get(answer["option_id"]) if answer["option_id"] is not None else None,
                    description=answer.get("description", ""), actor=request.user)
        return self._self_assessment_response(self._fresh(application))

    def _self_assessment_data(self, application):
        assessment = SelfAssessment.objects.filter(application=application).first()
        answers = selectors.self_assessment_answers(application)
        reading = selectors.self_assessment_reading(
            sheet_definition(application.sheet), {cid: a.option_id for cid, a in answers.items() if a.option_id},
            alternative_case=application.alternative_case, minimum_mode=application.round.minimum_mode)
        criteria = list(Criterion.objects.filter(sheet_id=application.sheet_id).prefetch_related("options")
                        .order_by("position", "pk"))
        codes = {c.pk: c.code for c in criteria}
        general = {field: getattr(assessment, field) if assessment else ([] if field == "declarations" else "")
                   for field in services_dossier.GENERAL_FIELDS}
        return SelfAssessmentReadSerializer({
            **general,
            "answers": [{"criterion_code": codes.get(cid, ""), "option_id": a.option_id, "description": a.description}
                        for cid, a in sorted(answers.items(), key=lambda item: codes.get(item[0], ""))],
            "total": reading["total"], "star": reading["star"], "missing": reading["missing"],
            "missing_to_submit": [str(p) for p in services_dossier.dossier_missing(application, reading=reading,
                                                                                  assessment=assessment)],
            "criteria": criteria,
        }).data

    def _self_assessment_response(self, application):
        return self.respond_data(self._self_assessment_data(application))

    # --- the moves ------------------------------------------------------------------------------

    @extend_schema(summary="Nộp hồ sơ (chủ thể hoặc cán bộ địa phương lập hộ)", request=None, parameters=[IF_MATCH_OPTIONAL],
                   responses={200: ApplicationSerializer, 412: PRECONDITION[412], **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        with transaction.atomic():
            application = self.locked_object()
            self._check(rules.can_prepare_dossier, application, _("Chỉ chủ thể (hoặc cán bộ địa phương lập hộ hồ sơ) mới nộp "
                                                                  "được hồ sơ này."))
            self.check_if_match(application, required=False)
            services_dossier.dossier_submit(application=application, actor=request.user)
        return self.respond_with(self._fresh(application))

    @extend_schema(methods=["GET"], summary="Báo cáo sơ kiểm của địa phương (Mẫu 03)", responses={200: PrecheckSerializer, **ERRORS})
    @extend_schema(methods=["PUT"], summary="Lưu báo cáo sơ kiểm (Mẫu 03; cần If-Match của lần đọc báo cáo)",
                   request=PrecheckSerializer, parameters=[IF_MATCH], responses={200: PrecheckSerializer, **PRECONDITION, **ERRORS})
    @action(detail=True, methods=["get", "put"])
    def precheck(self, request, pk=None):
        if request.method == "GET":
            return self._precheck_response(self.get_object())
        data = self._valid(PrecheckSerializer, request.data, partial=True)
        with transaction.atomic():
            application = self.locked_object()
            self._check(rules.can_record_precheck, application, _("Chỉ cán bộ địa phương phụ trách mới lập báo cáo sơ kiểm."))
            self.check_if_match_data(self._precheck_data(application))
            services.precheck_save(application=application, actor=request.user, **data)
        return self._precheck_response(self._fresh(application))

    def _precheck_data(self, application):
        precheck = Precheck.objects.filter(application=application).first() or Precheck(application=application)
        precheck.problems = [str(p) for p in services.precheck_problems(application)]
        precheck.expected_samples = services.expected_samples(application)
        return PrecheckSerializer(precheck).data

    def _precheck_response(self, application):
        return self.respond_data(self._precheck_data(application))

    @extend_schema(summary="Chuyển hồ sơ lên tỉnh (sau khi sơ kiểm đủ)", request=None, parameters=[IF_MATCH_OPTIONAL],
                   responses={200: ApplicationSerializer, 412: PRECONDITION[412], **ERRORS})
    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None):
        with transaction.atomic():
            application = self.locked_object()
            self._check(rules.can_forward_application, application, _("Chỉ cán bộ địa phương phụ trách mới chuyển được hồ sơ."))
            self.check_if_match(application, required=False)
            services.application_forward(application=application, actor=request.user)
        return self.respond_with(self._fresh(application))

    @extend_schema(operation_id="applications_return", summary="Trả lại hồ sơ cho chủ thể, kèm lý do",
                   request=ReasonSerializer, parameters=[IF_MATCH_OPTIONAL],
                   responses={200: ApplicationSerializer, 412: PRECONDITION[412], **ERRORS})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        data = self._valid(ReasonSerializer, request.data)
        with transaction.atomic():
            application = self.locked_object()
            self._check(rules.can_return_application, application, _("Chỉ cán bộ địa phương phụ trách mới trả lại được hồ sơ."))
            self.check_if_match(application, required=False)
            services.application_return(application=application, reason=data["reason"].strip(), actor=request.user)
        return self.respond_with(self._fresh(application))

    # --- helpers ----------------------------------------------------------------------------------

    @staticmethod
    def _valid(serializer_class, data, **kwargs):
        serializer = serializer_class(data=data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _check(self, predicate, application, message):
        if not predicate.test(self.request.user, application):
            raise PermissionDenied(message)

    def _fresh(self, application):
        return self.get_queryset().get(pk=application.pk)


# --- Documents (evidence files) -----------------------------------------------------------------------


class DocumentSerializer(serializers.ModelSerializer):
    application_id = serializers.IntegerField(read_only=True)
    criterion_code = serializers.CharField(source="criterion.code", read_only=True, default=None, allow_null=True)
    download_url = serializers.SerializerMethodField(help_text=_("Tải tệp qua trang kiểm tra quyền của cổng"))

    class Meta:
        model = EvidenceFile
        fields = ["id", "application_id", "criterion_code", "description", "original_name", "content_type", "size", "sha256",
                  "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, obj) -> str:
        return settings.PORTAL_BASE_URL + reverse("files:evidence-download", kwargs={"pk": obj.pk})


class DocumentUploadSerializer(serializers.Serializer):
    application_id = serializers.IntegerField()
    file = serializers.FileField(help_text=_("PDF, JPEG hoặc PNG, tối đa 10 MB"))
    criterion_code = serializers.CharField(required=False, allow_blank=True, max_length=12,
                                           help_text=_("Tiêu chí được minh chứng (trống: cả hồ sơ)"))
    description = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")


class DocumentFilter(filters.FilterSet):
    application = IntFilter(field_name="application_id")
    year = YearFilter(field_name="application__round__year")

    class Meta:
        model = EvidenceFile
        fields = ["application", "year"]


@extend_schema_view(
    list=extend_schema(summary="Tài liệu minh chứng của các hồ sơ được xem"),
    retrieve=extend_schema(summary="Một tài liệu minh chứng", responses={200: DocumentSerializer, **ERRORS}),
    create=extend_schema(summary="Tải lên một tài liệu minh chứng cho hồ sơ", request={"multipart/form-data": DocumentUploadSerializer},
                         responses={201: DocumentSerializer, 200: DocumentSerializer, **ERRORS}),
)
class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, OfficeViewSet):
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    ordering_fields = ["uploaded_at", "original_name", "size"]
    parser_classes = [MultiPartParser]

    def get_queryset(self):
        return (selectors.evidence_visible_to(self.request.user).select_related("criterion")
                .order_by("application_id", "uploaded_at", "pk"))

    def create(self, request, *args, **kwargs):
        upload = DocumentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        application = selectors.dossiers_for_page(request.user).filter(pk=data["application_id"]).select_related(
            "product__producer__unit").first()
        if application is None:
            raise serializers.ValidationError({"application_id": [_("Không có hồ sơ này trong phạm vi bạn được xem.")]})
        if not rules.can_prepare_dossier.test(request.user, application):
            raise PermissionDenied(_("Chỉ chủ thể (hoặc cán bộ địa phương lập hộ hồ sơ) mới thêm được tài liệu minh chứng."))
        criterion = None
        if data.get("criterion_code"):
            criterion = Criterion.objects.filter(sheet_id=application.sheet_id, code=data["criterion_code"]).first()
            if criterion is None:
                raise serializers.ValidationError({"criterion_code": [_("Tiêu chí này không có trên phiếu của hồ sơ.")]})
        evidence, created = services_evidence.evidence_add(application=application, uploaded_file=data["file"],
                                                           criterion=criterion, description=data.get("description", ""),
                                                           actor=request.user)
        return Response(DocumentSerializer(evidence).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
