"""The /api/v1/ router: composes the apps' API views at the top."""

from django.urls import path, register_converter
from rest_framework.routers import SimpleRouter

from evaluations.api import CertificateViewSet
from evaluations.api_dossiers import ApplicationViewSet, DocumentViewSet
from evaluations.api_rounds import CouncilViewSet, ResultViewSet, RoundViewSet, SessionViewSet
from ocop_portal import stats_api
from ocop_portal.core.api_units import UnitViewSet
from ocop_portal.webhooks.api import WebhookViewSet
from producers import api_imports
from producers.api import ProducerViewSet, ProductViewSet
from rewards.api import EntitlementViewSet, PayoutViewSet

# The office API's resources: names "<basename>-list", "<basename>-detail" and "<basename>-<action>".
router = SimpleRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("producers", ProducerViewSet, basename="producer")
router.register("products", ProductViewSet, basename="product")
router.register("applications", ApplicationViewSet, basename="application")
router.register("documents", DocumentViewSet, basename="document")
router.register("rounds", RoundViewSet, basename="round")
router.register("councils", CouncilViewSet, basename="council")
router.register("sessions", SessionViewSet, basename="session")
router.register("results", ResultViewSet, basename="result")



class IdConverter:
    """An object id in a path: up to 10 digits (a longer one is a 404, not a database overflow)."""

    regex = "[0-9]{1,10}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")

app_name = "api"
urlpatterns = [
    path("stats/summary/", stats_api.StatsSummaryView.as_view(), name="stats-summary"),
    path("certificates/", CertificateViewSet.as_view({"get": "list"}), name="certificate-list"),
    path("certificates/<id:pk>/", CertificateViewSet.as_view({"get": "retrieve"}), name="certificate-detail"),
    path("entitlements/", EntitlementViewSet.as_view({"get": "list"}), name="entitlement-list"),
    path("entitlements/<id:pk>/", EntitlementViewSet.as_view({"get": "retrieve"}), name="entitlement-detail"),
    path("payouts/", PayoutViewSet.as_view({"get": "list"}), name="payout-list"),
    path("payouts/<id:pk>/", PayoutViewSet.as_view({"get": "retrieve"}), name="payout-detail"),
    path("imports/producers/", api_imports.ProducersImportView.as_view(), name="import-producers"),
    path("imports/products/", api_imports.ProductsImportView.as_view(), name="import-products"),
    path("webhooks/", WebhookViewSet.as_view({"get": "list", "post": "create"}), name="webhook-list"),
    path("webhooks/<id:pk>/", WebhookViewSet.as_view({"get": "retrieve", "delete": "destroy"}), name="webhook-detail"),
    path("webhooks/<id:pk>/deliveries/", WebhookViewSet.as_view({"get": "deliveries"}), name="webhook-deliveries"),
]
urlpatterns += router.urls
