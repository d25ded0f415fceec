"""GET /api/v1/units/[?level=commune&parent=<code>&on=2026-01-01] — the administrative units
(public reference data: provinces, districts before 01/07/2025, communes), with their validity
across the reform and the units they replaced. Shared serializers of a unit for the apps' APIs."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers

from .api import OfficeViewSet
from .models import AdministrativeUnit, UnitLevel
from .selectors import units_visible_to


class UnitRefSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class UnitSerializer(serializers.ModelSerializer):
    parent = UnitRefSerializer(read_only=True, allow_null=True)
    predecessors = UnitRefSerializer(many=True, read_only=True, help_text=_("Các đơn vị được hợp nhất vào đơn vị này (2025)"))

    class Meta:
        model = AdministrativeUnit
        fields = ["id", "code", "name", "level", "parent", "valid_from", "valid_until", "predecessors"]
        read_only_fields = fields


class UnitFilter(filters.FilterSet):
    level = filters.ChoiceFilter(choices=UnitLevel.choices)
    parent = filters.CharFilter(field_name="parent__code", label=_("Mã đơn vị cấp trên"))
    code = filters.CharFilter(field_name="code")
    on = filters.DateFilter(method="filter_on", label=_("Còn hiệu lực vào ngày (YYYY-MM-DD)"))

    class Meta:
        model = AdministrativeUnit
        fields = ["level", "parent", "code", "on"]

    def filter_on(self, queryset, name, value):
        return queryset.valid_on(value)


@extend_schema_view(list=extend_schema(summary="Danh sách đơn vị hành chính"),
                    retrieve=extend_schema(summary="Một đơn vị hành chính"))
class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OfficeViewSet):
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    ordering_fields = ["code", "name", "level"]

    def get_queryset(self):
        return (units_visible_to(self.request.user).select_related("parent")
                .prefetch_related(Prefetch("predecessors", queryset=AdministrativeUnit.objects.order_by("code")))
                .order_by("path"))


def unit_by_code(code, *, day=None):
    """The unit with this official code valid on `day` (today), the newest first; None if none."""
    day = day or timezone.localdate()
    return AdministrativeUnit.objects.filter(code=code).valid_on(day).order_by("-valid_from", "level").first()
