"""/api/v1/webhooks/: an office registers the URL it wants told of its dossiers' moves (GET the
list, POST a new one: the secret is in that answer only), reads one, deactivates it (DELETE) and
reads its delivery log (/api/v1/webhooks/<id>/deliveries/). Territory roles only; another
territory's endpoint is 404."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from ocop_portal.core.access import get_visible_or_404
from ocop_portal.core.api import OfficeViewSet
from ocop_portal.core.api_units import UnitRefSerializer

from . import selectors, services
from .models import URL_MAX_LENGTH, WebhookDelivery, WebhookEndpoint


class WebhookEndpointSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "unit", "url", "description", "active", "created_at"]
        read_only_fields = fields


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(read_only=True, help_text=_(
        "Khóa ký HMAC-SHA256 của điểm nhận. Chỉ trả về một lần, khi đăng ký: hãy lưu lại."))

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]
        read_only_fields = fields


# The input of a registration: only these three fields are read (anything else is ignored).
class WebhookEndpointCreateSerializer(serializers.Serializer):
    unit = serializers.CharField(max_length=10, help_text=_("Mã đơn vị hành chính của cơ quan (trong địa bàn bạn phụ trách)"))
    url = serializers.CharField(max_length=URL_MAX_LENGTH, help_text=_("Địa chỉ nhận, https://"))
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class WebhookDeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = ["id", "event", "application_id", "status", "attempts", "last_status_code", "last_error", "created_at",
                  "next_attempt_at", "delivered_at", "payload"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="Các điểm nhận webhook trong địa bàn được xem"),
    create=extend_schema(summary="Đăng ký một điểm nhận webhook", request=WebhookEndpointCreateSerializer,
                         responses={201: WebhookEndpointCreatedSerializer, 400: OpenApiResponse(description=_("Dữ liệu không hợp lệ"))}),
    retrieve=extend_schema(summary="Một điểm nhận webhook"),
    destroy=extend_schema(summary="Ngừng gửi tới một điểm nhận (nhật ký gửi vẫn giữ)",
                          responses={204: OpenApiResponse(description=_("Đã ngừng gửi"))}),
)
class WebhookViewSet(OfficeViewSet):
    serializer_class = WebhookEndpointSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.endpoint_rows(selectors.endpoints_visible_to(self.request.user)).order_by("-created_at", "-pk")

    def get_object(self):
        return get_visible_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request):
        given = WebhookEndpointCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        endpoint, secret = services.webhook_endpoint_create(
            actor=request.user, unit_code=given.validated_data["unit"], url=given.validated_data["url"],
            description=given.validated_data["description"])
        return Response(WebhookEndpointCreatedSerializer(endpoint).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    def destroy(self, request, pk=None):
        services.webhook_endpoint_deactivate(endpoint=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Nhật ký gửi của một điểm nhận", responses=WebhookDeliverySerializer(many=True))
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        endpoint = self.get_object()
        page = self.paginate_queryset(WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-created_at", "-pk"))
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)
