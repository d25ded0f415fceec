"""Evidence files of dossiers and the producers' standing documents: upload, list, permission-
checked download. Namespace `files`, mounted at /files/."""

from django.urls import path  # noqa: F401

app_name = "files"
urlpatterns = []
