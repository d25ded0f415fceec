"""The producer's dossier: registration (Mẫu 01) and self-assessment (Mẫu 02). Namespace
`dossiers`, mounted at /dossiers/."""

from django.urls import path

from . import views_dossier

app_name = "dossiers"
urlpatterns = [
    path("new/", views_dossier.register, name="register"),
    path("<int:pk>/", views_dossier.detail, name="detail"),
    path("<int:pk>/edit/", views_dossier.edit, name="edit"),
    path("<int:pk>/self-assessment/", views_dossier.self_assessment, name="self-assessment"),
    path("<int:pk>/self-assessment/general/", views_dossier.general_save, name="general-save"),
    path("<int:pk>/self-assessment/answer/", views_dossier.answer, name="answer"),
    path("<int:pk>/submit/", views_dossier.submit, name="submit"),
]
