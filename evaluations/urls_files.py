"""Evidence files of dossiers and the producers' standing documents: upload, list, permission-
checked download. Namespace `files`, mounted at /files/."""

from django.urls import path

from . import views_files

app_name = "files"
urlpatterns = [
    path("dossiers/<int:pk>/", views_files.dossier_files, name="dossier-files"),
    path("dossiers/<int:pk>/evidence/", views_files.evidence_upload, name="evidence-upload"),
    path("dossiers/<int:pk>/standing/", views_files.standing_attach, name="standing-attach"),
    path("evidence/<int:pk>/", views_files.evidence_download, name="evidence-download"),
    path("evidence/<int:pk>/delete/", views_files.evidence_delete, name="evidence-delete"),
    path("producers/<int:pk>/documents/", views_files.documents, name="documents"),
    path("documents/<int:pk>/", views_files.standing_download, name="standing-download"),
    path("documents/<int:pk>/delete/", views_files.standing_delete, name="standing-delete"),
]
