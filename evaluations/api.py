"""GET /api/v1/certificates/[?year=2020] and /api/v1/certificates/<id>/ — the certificates the
user may see (`selectors.certificates_visible_to`), read-only, with their true status today, the
public verification link (where the QR code leads) and the link of the latest PDF."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from ocop_portal.core.api_filters import YearFilter
from producers.api import ProducerRefSerializer, ProductRefSerializer

from .models import Certificate, CertificateStatus
from .selectors import certificates_visible_to
from .selectors_certificates import certificate_state, latest_pdfs


class CertificateFilter(filters.FilterSet):
    year = YearFilter(field_name="issued_on", lookup_expr="year", label=_("Năm cấp giấy chứng nhận"))

    class Meta:
        model = Certificate
        fields = ["year"]


class DecisionSerializer(serializers.Serializer):
    number = serializers.CharField()
    signed_on = serializers.DateField()


class CertificateSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField(help_text=_("Trạng thái thực tế hôm nay: valid, expired, revoked, superseded"))
    status_label = serializers.SerializerMethodField()
    ended_on = serializers.SerializerMethodField(help_text=_("Ngày đầu tiên giấy chứng nhận không còn hiệu lực"))
    product = ProductRefSerializer(source="result.application.product")
    producer = ProducerRefSerializer(source="result.application.product.producer")
    decision = DecisionSerializer()
    superseded_by = serializers.CharField(source="superseded_by.number", default=None, allow_null=True,
                                          help_text=_("Số giấy chứng nhận thay thế"))
    verification_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = ["id", "number", "star", "status", "status_label", "issued_on", "valid_until", "extended_until", "ended_on",
                  "revocation_reason", "revocation_decision", "superseded_by", "product", "producer", "decision",
                  "verification_url", "pdf_url"]
        read_only_fields = fields

    def _state(self, obj):
        return certificate_state(obj, self.context["today"])

    def get_status(self, obj) -> str:
        return self._state(obj).status

    def get_status_label(self, obj) -> str:
        return str(CertificateStatus(self._state(obj).status).label)

    def get_ended_on(self, obj) -> str | None:
        ended = self._state(obj).ended_on
        return ended.isoformat() if ended else None

    def get_verification_url(self, obj) -> str:
        return settings.PORTAL_BASE_URL + reverse("verify", kwargs={"code": obj.verification_code})

    def get_pdf_url(self, obj) -> str | None:
        document = self.context["pdfs"].get(obj.pk)
        return settings.PORTAL_BASE_URL + reverse("document-download", kwargs={"pk": document.pk}) if document else None


@extend_schema_view(
    list=extend_schema(summary="Danh sách giấy chứng nhận OCOP trong phạm vi được xem"),
    retrieve=extend_schema(summary="Một giấy chứng nhận OCOP"),
)
class CertificateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Read-only. Another territory's certificate is 404 (as if it did not exist)."""

    permission_classes = [IsAuthenticated]
    serializer_class = CertificateSerializer
    filterset_class = CertificateFilter

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        # The API answers 401/403 in JSON itself: exempt from the pages' login redirect.
        return login_not_required(super().as_view(actions, **initkwargs))

    def get_queryset(self):
        return (certificates_visible_to(self.request.user)
                .select_related("result__application__product__product_set", "result__application__product__producer__unit",
                                "decision", "superseded_by")
                .order_by("-issued_on", "number"))

    def get_serializer(self, *args, **kwargs):
        rows = args[0] if args else None
        ids = [rows.pk] if isinstance(rows, Certificate) else [c.pk for c in rows or []]
        kwargs.setdefault("context", self.get_serializer_context())
        kwargs["context"].update(today=timezone.localdate(), pdfs=latest_pdfs(ids) if ids else {})
        return self.serializer_class(*args, **kwargs)
