"""GET /api/v1/stats/summary/?year=2020 — provincial staff see their province (with the provinces
it replaced in the 2025 reform), superusers all (or one, with ?province=<code>)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ocop_portal.core.models import AdministrativeUnit, Role, UnitLevel

from .stats import stats_summary


class IsProvincialStaff(BasePermission):
    message = _("Chỉ cán bộ cấp tỉnh mới xem được thống kê này.")

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (user.is_superuser or user.role == Role.PROVINCIAL_STAFF))


class SummaryQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=2018, max_value=2100, help_text=_("Năm của các đợt đánh giá"))
    province = serializers.CharField(required=False, max_length=10, help_text=_("Mã tỉnh (chỉ quản trị hệ thống)"))


_count = serializers.IntegerField
SummarySerializer = inline_serializer("StatsSummary", {
    "year": _count(),
    "producers": inline_serializer("StatsProducers", {
        "total": _count(), "enterprise": _count(), "cooperative": _count(), "cooperative_group": _count(),
        "farm": _count(), "household": _count(), "association": _count()}),
    "products": inline_serializer("StatsProducts", {
        "registered": _count(), "eligible": _count(), "ineligible": _count(), "scored": _count(), "not_achieved": _count(),
        "stars": serializers.DictField(child=_count()), "certificates": _count()}),
    "rewards": inline_serializer("StatsRewards", {"total_vnd": _count(), "paid_vnd": _count(), "payouts": _count()}),
})


class StatsSummaryView(APIView):
    permission_classes = [IsAuthenticated, IsProvincialStaff]

    @extend_schema(
        parameters=[OpenApiParameter("year", int, required=True), OpenApiParameter("province", str, required=False)],
        responses={200: SummarySerializer},
        summary="Thống kê tổng hợp theo năm",
    )
    def get(self, request):
        query = SummaryQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        province = self._province(request.user, query.validated_data.get("province"))
        scope = AdministrativeUnit.objects.lineage_ids(province) if province else None
        return Response(stats_summary(year=query.validated_data["year"], province_ids=scope))

    def _province(self, user, code):
        if user.is_superuser:
            if not code:
                return None
            unit = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, code=code).order_by("-valid_from").first()
            if unit is None:
                raise serializers.ValidationError({"province": [_("Không có tỉnh mã %(code)s.") % {"code": code}]})
            return unit
        if user.unit is None:
            raise PermissionDenied(_("Tài khoản chưa được gán tỉnh phụ trách."))
        province = user.unit.province
        if code and code not in set(AdministrativeUnit.objects.filter(
                pk__in=AdministrativeUnit.objects.lineage_ids(province)).values_list("code", flat=True)):
            raise PermissionDenied(_("Chỉ xem được số liệu của tỉnh mình."))
        return province
