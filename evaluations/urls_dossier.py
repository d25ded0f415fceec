"""The producer's dossier: registration (Mẫu 01) and self-assessment (Mẫu 02). Namespace
`dossiers`, mounted at /dossiers/."""

from django.urls import path  # noqa: F401

app_name = "dossiers"
urlpatterns = []
