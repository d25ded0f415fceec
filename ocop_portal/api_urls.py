"""The /api/v1/ router: composes the apps' API views at the top."""

from django.urls import path

from evaluations.api import CertificateViewSet
from ocop_portal import stats_api
from rewards.api import EntitlementViewSet, PayoutViewSet

app_name = "api"
urlpatterns = [
    path("stats/summary/", stats_api.StatsSummaryView.as_view(), name="stats-summary"),
    path("certificates/", CertificateViewSet.as_view({"get": "list"}), name="certificate-list"),
    path("certificates/<int:pk>/", CertificateViewSet.as_view({"get": "retrieve"}), name="certificate-detail"),
    path("entitlements/", EntitlementViewSet.as_view({"get": "list"}), name="entitlement-list"),
    path("entitlements/<int:pk>/", EntitlementViewSet.as_view({"get": "retrieve"}), name="entitlement-detail"),
    path("payouts/", PayoutViewSet.as_view({"get": "list"}), name="payout-list"),
    path("payouts/<int:pk>/", PayoutViewSet.as_view({"get": "retrieve"}), name="payout-detail"),
]
