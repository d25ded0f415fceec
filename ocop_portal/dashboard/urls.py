"""The dashboards, mounted at /dashboard/ by ocop_portal/urls.py. Exports end in .xlsx or .csv."""

from django.urls import path, re_path

from . import views

app_name = "dashboard"

FMT = r"(?P<fmt>xlsx|csv)"

urlpatterns = [
    path("", views.overview, name="overview"),
    re_path(rf"^export\.{FMT}$", views.overview_export, name="overview-export"),
    path("targets/", views.targets, name="targets"),
    path("targets/<int:pk>/progress/", views.target_progress, name="target-progress"),
    path("council/", views.council, name="council"),
]
for key in ("producers", "applications", "certificates", "payouts"):
    urlpatterns += [
        path(f"{key}/", views.list_page, {"key": key}, name=key),
        re_path(rf"^{key}/export\.{FMT}$", views.list_export, {"key": key}, name=f"{key}-export"),
    ]
