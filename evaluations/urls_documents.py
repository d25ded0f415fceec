"""The evaluations app's PDF documents: blank scoring sheets, a decision's PDF and certificates
in bulk, a session's minutes. Namespace `docs`, mounted at /documents/ (beside the core's
download, status and retry of one document)."""

from django.urls import path

from . import views_documents

app_name = "docs"
urlpatterns = [
    path("sheets/", views_documents.sheet_list, name="sheet-list"),
    path("sheets/<int:pk>/request/", views_documents.sheet_request, name="sheet-request"),
    path("decisions/<int:pk>/request/", views_documents.decision_request, name="decision-request"),
    path("decisions/<int:pk>/progress/", views_documents.decision_progress, name="decision-progress"),
    path("sessions/<int:pk>/minutes/request/", views_documents.minutes_request, name="minutes-request"),
]
