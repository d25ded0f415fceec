"""Read-only resources of the province's side: /api/v1/rounds/, /councils/ (with their members),
/sessions/ and /results/ (each with the council's explanation; a result exists only once the
session is closed). Scoped by the access layer: rounds and councils of the caller's province,
results of the caller's territory (`selectors.results_visible_to`); another's is 404."""

from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers

from ocop_portal.core.api import OfficeViewSet
from ocop_portal.core.api_filters import IntFilter, YearFilter
from ocop_portal.core.api_units import UnitRefSerializer
from producers.api import ProducerRefSerializer, ProductRefSerializer

from . import selectors
from .api_dossiers import RoundRefSerializer
from .models import Council, CouncilMember, CouncilSession, EvaluationRound, Result


class RoundSerializer(serializers.ModelSerializer):
    province = UnitRefSerializer(read_only=True)
    regulation = serializers.CharField(source="regulation.code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    applications = serializers.IntegerField(source="application_count", read_only=True, help_text=_("Số hồ sơ của đợt"))

    class Meta:
        model = EvaluationRound
        fields = ["id", "name", "year", "province", "regulation", "opens_on", "closes_on", "status", "status_label",
                  "spread_limit", "minimum_mode", "applications"]
        read_only_fields = fields


class RoundFilter(filters.FilterSet):
    year = YearFilter(field_name="year")

    class Meta:
        model = EvaluationRound
        fields = ["year", "status"]


@extend_schema_view(list=extend_schema(summary="Các đợt đánh giá"), retrieve=extend_schema(summary="Một đợt đánh giá"))
class RoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OfficeViewSet):
    serializer_class = RoundSerializer
    filterset_class = RoundFilter
    ordering_fields = ["year", "opens_on", "name"]

    def get_queryset(self):
        return (selectors.rounds_visible_to(self.request.user).select_related("province", "regulation")
                .annotate(application_count=Count("applications", distinct=True)).order_by("-year", "-opens_on", "pk"))


class MemberSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = CouncilMember
        fields = ["id", "full_name", "position", "role", "role_label", "voting"]
        read_only_fields = fields


class CouncilSerializer(serializers.ModelSerializer):
    province = UnitRefSerializer(read_only=True)
    members = MemberSerializer(many=True, read_only=True)

    class Meta:
        model = Council
        fields = ["id", "name", "province", "decision_number", "decision_date", "members"]
        read_only_fields = fields


class CouncilFilter(filters.FilterSet):
    year = YearFilter(field_name="sessions__round__year", distinct=True, label=_("Năm có phiên họp"))

    class Meta:
        model = Council
        fields = ["year"]


@extend_schema_view(list=extend_schema(summary="Các hội đồng đánh giá"), retrieve=extend_schema(summary="Một hội đồng"))
class CouncilViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OfficeViewSet):
    serializer_class = CouncilSerializer
    filterset_class = CouncilFilter
    ordering_fields = ["decision_date", "name"]

    def get_queryset(self):
        return (selectors.councils_visible_to(self.request.user).select_related("province")
                .prefetch_related(Prefetch("members", queryset=CouncilMember.objects.order_by("id")))
                .order_by("-decision_date", "pk"))


class SessionSerializer(serializers.ModelSerializer):
    council = serializers.SerializerMethodField()
    round = RoundRefSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    applications = serializers.IntegerField(source="application_count", read_only=True)

    class Meta:
        model = CouncilSession
        fields = ["id", "council", "round", "starts_on", "ends_on", "location", "status", "status_label", "closed_at",
                  "applications"]
        read_only_fields = fields

    def get_council(self, obj) -> dict:
        return {"id": obj.council_id, "name": obj.council.name}


class SessionFilter(filters.FilterSet):
    year = YearFilter(field_name="round__year")
    round = IntFilter(field_name="round_id")
    council = IntFilter(field_name="council_id")

    class Meta:
        model = CouncilSession
        fields = ["year", "round", "council", "status"]


@extend_schema_view(list=extend_schema(summary="Các phiên họp chấm điểm"), retrieve=extend_schema(summary="Một phiên họp"))
class SessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OfficeViewSet):
    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    ordering_fields = ["starts_on", "status"]

    def get_queryset(self):
        return (selectors.sessions_visible_to(self.request.user).select_related("council", "round")
                .annotate(application_count=Count("applications", distinct=True)).order_by("-starts_on", "pk"))


class ResultSerializer(serializers.ModelSerializer):
    application_id = serializers.IntegerField(read_only=True)
    receipt_number = serializers.CharField(source="application.receipt_number", read_only=True, allow_null=True)
    product = ProductRefSerializer(source="application.product", read_only=True)
    producer = ProducerRefSerializer(source="application.product.producer", read_only=True)
    round = RoundRefSerializer(source="session.round", read_only=True)
    session_id = serializers.IntegerField(read_only=True)
    score = serializers.DecimalField(max_digits=5, decimal_places=2, read_only=True, coerce_to_string=True)
    explanation = serializers.JSONField(read_only=True, help_text=_("Giải thích của hội đồng: điểm, khoảng điểm, chênh lệch, "
                                                                    "điểm tối thiểu, loại"))

    class Meta:
        model = Result
        fields = ["id", "application_id", "receipt_number", "product", "producer", "round", "session_id", "score", "band_star",
                  "star", "member_count", "spread", "spread_flagged", "knocked_out", "explanation", "created_at"]
        read_only_fields = fields


class ResultFilter(filters.FilterSet):
    year = YearFilter(field_name="session__round__year")
    star = IntFilter(field_name="star")
    application = IntFilter(field_name="application_id")
    session = IntFilter(field_name="session_id")

    class Meta:
        model = Result
        fields = ["year", "star", "application", "session"]


@extend_schema_view(list=extend_schema(summary="Kết quả đánh giá (sau khi phiên họp kết thúc), kèm giải thích"),
                    retrieve=extend_schema(summary="Một kết quả đánh giá"))
class ResultViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OfficeViewSet):
    serializer_class = ResultSerializer
    filterset_class = ResultFilter
    ordering_fields = ["score", "star", "created_at"]

    def get_queryset(self):
        return (selectors.results_visible_to(self.request.user)
                .select_related("application__product__product_set", "application__product__producer__unit", "session__round")
                .order_by("-session__round__year", "-score", "pk"))
