"""GET /api/v1/stats/summary/?year=2020[&unit=<code>] — the statistics of any unit the user may
see: a province (with the province it replaced in the 2025 reform), a district before the reform,
a commune after it (with the communes merged into it). Without `unit`, the user's own territory;
a superuser without `unit` sees the whole country."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from ocop_portal.core import access
from ocop_portal.core.api import ApiView
from ocop_portal.core.models import AdministrativeUnit
from ocop_portal.core.rules import can_view_unit_statistics, is_superuser

from .stats import stats_summary


class HasStatisticsRole(BasePermission):
    """Statistics are for territory roles (provincial staff, local officers, approvers, finance);
    a producer's user or a council member has none."""

    message = _("Chỉ cán bộ cấp tỉnh, cán bộ địa phương, lãnh đạo phê duyệt và kế toán mới xem được thống kê.")

    def has_permission(self, request, view):
        user = request.user
        return bool(is_superuser(user) or access.territory_units(user))


class SummaryQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=2018, max_value=2100, help_text=_("Năm của các đợt đánh giá"))
    unit = serializers.CharField(required=False, max_length=10, help_text=_("Mã đơn vị hành chính (tỉnh, huyện hoặc xã)"))
    province = serializers.CharField(required=False, max_length=10, help_text=_("Mã tỉnh (tên cũ của tham số unit)"))


_count = serializers.IntegerField
SummarySerializer = inline_serializer("StatsSummary", {
    "year": _count(),
    "unit": inline_serializer("StatsUnit", {"code": serializers.CharField(), "name": serializers.CharField(),
                                            "level": serializers.CharField()}, allow_null=True),
    "producers": inline_serializer("StatsProducers", {
        "total": _count(), "enterprise": _count(), "cooperative": _count(), "cooperative_group": _count(),
        "farm": _count(), "household": _count(), "association": _count()}),
    "products": inline_serializer("StatsProducts", {
        "registered": _count(), "eligible": _count(), "ineligible": _count(), "scored": _count(), "not_achieved": _count(),
        "stars": serializers.DictField(child=_count()), "certificates": _count()}),
    "rewards": inline_serializer("StatsRewards", {"total_vnd": _count(), "paid_vnd": _count(), "payouts": _count()}),
})


class StatsSummaryView(ApiView):
    permission_classes = [IsAuthenticated, HasStatisticsRole]

    @extend_schema(
        parameters=[OpenApiParameter("year", int, required=True), OpenApiParameter("unit", str, required=False),
                    OpenApiParameter("province", str, required=False, deprecated=True)],
        responses={200: SummarySerializer},
        summary="Thống kê tổng hợp theo năm và địa bàn",
    )
    def get(self, request):
        query = SummaryQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        code = query.validated_data.get("unit") or query.validated_data.get("province")
        user = request.user
        if code:
            unit = self._visible_unit(user, code)
            paths = [u.path for u in self._lineage(unit)]
        elif user.is_superuser:
            unit, paths = None, None
        else:
            units = access.territory_units(user)
            unit, paths = units[0] if len(units) == 1 else self._broadest(units), [u.path for u in units]
        summary = stats_summary(year=query.validated_data["year"], unit_paths=paths)
        summary["unit"] = {"code": unit.code, "name": unit.name, "level": unit.level} if unit else None
        return Response(summary)

    @staticmethod
    def _visible_unit(user, code):
        """The newest unit with this code that the user may see; 404 otherwise, so that an outsider
        cannot tell a unit outside their territory from one that does not exist."""
        for unit in AdministrativeUnit.objects.filter(code=code).order_by("-valid_from", "level"):
            if can_view_unit_statistics(user, unit):
                return unit
        raise Http404(_("Không có đơn vị mã %(code)s trong phạm vi bạn được xem.") % {"code": code})

    @staticmethod
    def _lineage(unit):
        ids = AdministrativeUnit.objects.lineage_ids(unit)
        return [unit] if ids == {unit.pk} else list(AdministrativeUnit.objects.filter(pk__in=ids))

    @staticmethod
    def _broadest(units):
        """The unit that names the territory: the highest level, the newest."""
        order = {"province": 0, "district": 1, "commune": 2}
        return sorted(units, key=lambda u: (order[u.level], -(u.valid_from.toordinal() if u.valid_from else 0)))[0]
