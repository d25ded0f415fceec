"""/api/v1/producers/ and /api/v1/products/: the producers and products of the caller's territory
(`selectors.producers_visible_to`, `products_visible_to`; another unit's is 404). A local office
registers a producer on its behalf (confirmed at once by that office) and its products; a
producer's profile is changed with `If-Match` (its `ETag`), so two offices never overwrite each
other silently. Every write goes through `services`."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.exceptions import PermissionDenied

from ocop_portal.core import access
from ocop_portal.core.api import ETagMixin, OfficeViewSet
from ocop_portal.core.api_filters import IntFilter, YearFilter
from ocop_portal.core.api_units import UnitRefSerializer, unit_by_code
from ocop_portal.core.models import AdministrativeUnit

from . import rules, selectors, services
from .models import Gender, Producer, ProducerKind, Product, ProductSet

ERROR_RESPONSES = {400: OpenApiResponse(description=_("Dữ liệu không hợp lệ")),
                   404: OpenApiResponse(description=_("Không có trong phạm vi được xem"))}


class UnitCodeField(serializers.CharField):
    """A unit given by its official code (the unit valid today with that code)."""

    def run_validation(self, data=serializers.empty):
        code = super().run_validation(data)  # the code's own checks (required, length)
        if code in ("", None):
            return code
        unit = unit_by_code(code)
        if unit is None:
            raise serializers.ValidationError(_("Không có đơn vị hành chính mã %(code)s đang có hiệu lực.") % {"code": code})
        return unit

    def to_representation(self, value):
        return getattr(value, "code", value)


class ProducerSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    unit_code = UnitCodeField(write_only=True, max_length=10, help_text=_("Mã xã (hoặc huyện trước 01/07/2025) của chủ thể"))
    kind = serializers.ChoiceField(choices=ProducerKind.choices)
    representative_gender = serializers.ChoiceField(choices=Gender.choices)
    confirmed = serializers.SerializerMethodField(help_text=_("Đã được cán bộ địa phương xác nhận"))

    class Meta:
        model = Producer
        fields = ["id", "kind", "name", "registration_number", "unit", "unit_code", "address", "phone", "email",
                  "representative_name", "representative_gender", "representative_ethnicity", "representative_disabled",
                  "representative_title", "representative_address", "founded_on", "confirmed", "confirmed_at", "created_at"]
        read_only_fields = ["id", "unit", "confirmed", "confirmed_at", "created_at"]
        extra_kwargs = {"founded_on": {"required": False}}

    def get_confirmed(self, obj) -> bool:
        return obj.confirmed_at is not None


class ProducerUpdateSerializer(ProducerSerializer):
    class Meta(ProducerSerializer.Meta):
        extra_kwargs = {name: {"required": False} for name in ProducerSerializer.Meta.fields}


class ProducerFilter(filters.FilterSet):
    unit = filters.CharFilter(method="filter_unit", label=_("Mã đơn vị hành chính (cả các đơn vị bên dưới)"))
    kind = filters.ChoiceFilter(choices=ProducerKind.choices)
    registration_number = filters.CharFilter()
    confirmed = filters.BooleanFilter(field_name="confirmed_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Producer
        fields = ["unit", "kind", "registration_number", "confirmed"]

    def filter_unit(self, queryset, name, value):
        return queryset.filter(in_units(value, "unit"))


def in_units(code, field):
    """Rows whose `field` (a unit foreign key) lies under a unit with this code, on either map.
    Another territory's code simply finds nothing in a queryset already scoped to the caller."""
    q = access.NOTHING
    for path in AdministrativeUnit.objects.filter(code=code).values_list("path", flat=True):
        q |= Q(**{f"{field}__path__startswith": path})
    return q


@extend_schema_view(
    list=extend_schema(summary="Danh sách chủ thể trong địa bàn"),
    retrieve=extend_schema(summary="Một chủ thể (kèm ETag)", responses={200: ProducerSerializer, **ERROR_RESPONSES}),
    create=extend_schema(summary="Cán bộ địa phương đăng ký chủ thể thay chủ thể (được xác nhận ngay)",
                         responses={201: ProducerSerializer, **ERROR_RESPONSES}),
    partial_update=extend_schema(summary="Sửa hồ sơ chủ thể (cần If-Match)", request=ProducerUpdateSerializer,
                                 parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True)],
                                 responses={200: ProducerSerializer, 412: OpenApiResponse(description=_("ETag không khớp")),
                                            428: OpenApiResponse(description=_("Thiếu If-Match")), **ERROR_RESPONSES}),
)
class ProducerViewSet(ETagMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      mixins.UpdateModelMixin, OfficeViewSet):
    serializer_class = ProducerSerializer
    filterset_class = ProducerFilter
    ordering_fields = ["name", "registration_number", "created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.producers_visible_to(self.request.user).select_related("unit").order_by("name", "pk")

    def get_serializer_class(self):
        return ProducerUpdateSerializer if self.action == "partial_update" else ProducerSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        unit = data.pop("unit_code")
        serializer.instance = services.producer_register_by_office(actor=self.request.user, unit=unit, **data)

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            producer = self.locked_object()
            if not rules.can_edit_producer.test(request.user, producer):
                raise PermissionDenied(_("Bạn không sửa được hồ sơ chủ thể này."))
            self.check_if_match(producer)
            serializer = ProducerUpdateSerializer(producer, data=request.data, partial=True, context=self.get_serializer_context())
            serializer.is_valid(raise_exception=True)
            changes = dict(serializer.validated_data)
            if "unit_code" in changes:
                changes["unit"] = changes.pop("unit_code")
                if not access.covers(request.user, changes["unit"]):
                    raise serializers.ValidationError({"unit_code": [_("Địa bàn này không thuộc địa bàn bạn phụ trách.")]})
            producer = services.producer_update(producer=producer, actor=request.user, **changes)
        return self.respond_with(producer)


class ProductSetSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProductSet
        fields = ["number", "name"]
        read_only_fields = fields


class ProducerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    registration_number = serializers.CharField(read_only=True)
    unit = UnitRefSerializer(read_only=True)


class ProductRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    code = serializers.CharField(read_only=True, allow_null=True)
    product_set = ProductSetSerializer(read_only=True)


class ProductSerializer(serializers.ModelSerializer):
    producer = ProducerRefSerializer(read_only=True)
    producer_id = serializers.IntegerField(write_only=True)
    product_set = ProductSetSerializer(read_only=True)
    product_set_number = serializers.IntegerField(write_only=True, min_value=1, max_value=26,
                                                  help_text=_("Số bộ sản phẩm (1–26)"))

    class Meta:
        model = Product
        fields = ["id", "name", "description", "code", "producer", "producer_id", "product_set", "product_set_number",
                  "created_at"]
        read_only_fields = ["id", "code", "producer", "product_set", "created_at"]


class ProductFilter(filters.FilterSet):
    unit = filters.CharFilter(method="filter_unit", label=_("Mã đơn vị hành chính của chủ thể"))
    producer = IntFilter(field_name="producer_id")
    product_set = IntFilter(field_name="product_set__number")
    year = YearFilter(field_name="applications__round__year", distinct=True,
                                label=_("Năm có hồ sơ đăng ký đánh giá"))

    class Meta:
        model = Product
        fields = ["unit", "producer", "product_set", "year"]

    def filter_unit(self, queryset, name, value):
        return queryset.filter(in_units(value, "producer__unit"))


@extend_schema_view(
    list=extend_schema(summary="Danh sách sản phẩm trong địa bàn"),
    retrieve=extend_schema(summary="Một sản phẩm", responses={200: ProductSerializer, **ERROR_RESPONSES}),
    create=extend_schema(summary="Đăng ký sản phẩm cho một chủ thể trong địa bàn", responses={201: ProductSerializer, **ERROR_RESPONSES}),
)
class ProductViewSet(ETagMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, OfficeViewSet):
    serializer_class = ProductSerializer
    filterset_class = ProductFilter
    ordering_fields = ["name", "created_at", "code"]

    def get_queryset(self):
        return (selectors.products_visible_to(self.request.user)
                .select_related("producer__unit", "product_set").order_by("producer__name", "name", "pk"))

    def perform_create(self, serializer):
        data = serializer.validated_data
        user = self.request.user
        producer = selectors.producers_visible_to(user).filter(pk=data["producer_id"]).first()
        if producer is None:
            raise serializers.ValidationError({"producer_id": [_("Không có chủ thể này trong địa bàn bạn phụ trách.")]})
        if not rules.can_add_product.test(user, producer):
            raise PermissionDenied(_("Bạn không đăng ký được sản phẩm cho chủ thể này."))
        product_set = ProductSet.objects.filter(number=data["product_set_number"]).first()
        if product_set is None:
            raise serializers.ValidationError({"product_set_number": [_("Chưa có bộ sản phẩm số này.")]})
        serializer.instance = services.product_create(producer=producer, name=data["name"].strip(), product_set=product_set,
                                                      description=data.get("description", "").strip())
