"""The producer's account pages: sign-up and email verification, the profile, its people, its
leaders' training, and the local office's confirmation of new producers."""

from django.urls import path  # noqa: F401

app_name = "producers"
urlpatterns = []
