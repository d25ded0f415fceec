"""The /api/v1/ router: composes the apps' API views at the top."""

from django.urls import path

from evaluations.api import CertificateViewSet
from ocop_portal import stats_api

app_name = "api"
urlpatterns = [
    path("stats/summary/", stats_api.StatsSummaryView.as_view(), name="stats-summary"),
    path("certificates/", CertificateViewSet.as_view({"get": "list"}), name="certificate-list"),
    path("certificates/<int:pk>/", CertificateViewSet.as_view({"get": "retrieve"}), name="certificate-detail"),
]
