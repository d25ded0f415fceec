"""GET /api/v1/entitlements/[?year=2020] and /api/v1/payouts/[?year=2020] (and their details): what
producers are owed and the payout lines, read-only, scoped by the access layer
(`selectors.entitlements_visible_to`, `payouts_visible_to`: the province's money roles, the local
offices over the producer, the producer's own users). `year` is the year the entitlement became due
(the recognition decision's date; for 5★ the ministry's). Amounts are integers of VND."""

from django.contrib.auth.decorators import login_not_required
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from ocop_portal.core.api_filters import YearFilter
from producers.api import ProducerRefSerializer

from .models import Entitlement, Payout, PayoutEntry
from .selectors import entitlement_rows, entitlements_visible_to, payout_rows, payouts_visible_to


class ProductBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField(allow_null=True)


class BatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    number = serializers.CharField(help_text=_("Số quyết định khen thưởng (trống khi chưa phê duyệt)"))
    signed_on = serializers.DateField(allow_null=True)


class EntitlementSerializer(serializers.ModelSerializer):
    amount_vnd = serializers.IntegerField(help_text=_("Số tiền, số nguyên đồng"))
    status_label = serializers.CharField(source="get_status_display")
    event_label = serializers.CharField()
    product = ProductBriefSerializer(source="application.product")
    producer = ProducerRefSerializer(source="application.product.producer")
    certificate_number = serializers.CharField(source="certificate.number", default=None, allow_null=True)
    decision_number = serializers.CharField(source="decision.number", default=None, allow_null=True,
                                            help_text=_("Quyết định công nhận của tỉnh (trống với 5 sao do Bộ công nhận)"))
    ministry_decision_number = serializers.CharField(source="ministry_answer.decision_number", default=None, allow_null=True)
    payout_id = serializers.IntegerField(source="payout.id", default=None, allow_null=True)
    paid_on = serializers.DateField(allow_null=True, help_text=_("Ngày chi (khi đã chi)"))
    paid_reference = serializers.CharField(allow_null=True, help_text=_("Số chứng từ chi"))

    class Meta:
        model = Entitlement
        fields = ["id", "event", "event_label", "from_star", "star", "amount_vnd", "status", "status_label", "due_on",
                  "product", "producer", "certificate_number", "decision_number", "ministry_decision_number", "payout_id",
                  "paid_on", "paid_reference"]
        read_only_fields = fields


class EntrySerializer(serializers.ModelSerializer):
    amount_vnd = serializers.IntegerField()

    class Meta:
        model = PayoutEntry
        fields = ["kind", "attempt", "amount_vnd", "paid_on", "reference", "reason"]
        read_only_fields = fields


class PayoutSerializer(serializers.ModelSerializer):
    amount_vnd = serializers.IntegerField(help_text=_("Số tiền, số nguyên đồng"))
    status = serializers.CharField(source="entitlement.status", help_text=_("proposed, approved, paid"))
    entitlement_id = serializers.IntegerField()
    product = ProductBriefSerializer(source="entitlement.application.product")
    producer = ProducerRefSerializer(source="entitlement.application.product.producer")
    batch = BatchSerializer()
    paid_on = serializers.DateField(allow_null=True)
    paid_reference = serializers.CharField(allow_null=True)
    entries = EntrySerializer(many=True, help_text=_("Sổ chi trả: chi trả và bút toán đảo"))

    class Meta:
        model = Payout
        fields = ["id", "amount_vnd", "status", "entitlement_id", "product", "producer", "batch", "paid_on", "paid_reference",
                  "entries"]
        read_only_fields = fields


class EntitlementFilter(filters.FilterSet):
    year = YearFilter(field_name="due_on", lookup_expr="year", label=_("Năm phát sinh khoản thưởng"))

    class Meta:
        model = Entitlement
        fields = ["year", "status"]


class PayoutFilter(filters.FilterSet):
    year = YearFilter(field_name="entitlement__due_on", lookup_expr="year", label=_("Năm phát sinh khoản thưởng"))

    class Meta:
        model = Payout
        fields = ["year"]


class _ReadOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        # The API answers 401/403 in JSON itself: exempt from the pages' login redirect.
        return login_not_required(super().as_view(actions, **initkwargs))


@extend_schema_view(list=extend_schema(summary="Khoản được thưởng trong phạm vi được xem"),
                    retrieve=extend_schema(summary="Một khoản được thưởng"))
class EntitlementViewSet(_ReadOnly):
    """Read-only. Another territory's entitlement is 404 (as if it did not exist)."""

    serializer_class = EntitlementSerializer
    filterset_class = EntitlementFilter

    def get_queryset(self):
        return entitlement_rows(entitlements_visible_to(self.request.user)).select_related("ministry_answer").order_by("-due_on", "pk")


@extend_schema_view(list=extend_schema(summary="Khoản chi thưởng trong phạm vi được xem"),
                    retrieve=extend_schema(summary="Một khoản chi thưởng"))
class PayoutViewSet(_ReadOnly):
    """Read-only. Another territory's payout is 404."""

    serializer_class = PayoutSerializer
    filterset_class = PayoutFilter

    def get_queryset(self):
        return (payout_rows(payouts_visible_to(self.request.user)).prefetch_related("entries")
                .order_by("-batch__proposed_at", "pk"))
