"""The /api/v1/ router: composes the apps' API views at the top."""

from django.urls import path

from ocop_portal import stats_api

app_name = "api"
urlpatterns = [
    path("stats/summary/", stats_api.StatsSummaryView.as_view(), name="stats-summary"),
]
