"""Public pages (no login): a certificate's verification page, where its QR code leads, and the
catalogue of the products rated today. Mounted at the site's root by `ocop_portal/urls.py`; the
form to type a code is `evaluations:certificate-lookup` (in `evaluations/urls.py`, where the
navigation looks for it)."""

from django.urls import path

from . import views_public

urlpatterns = [
    path("verify/<str:code>/", views_public.verify, name="verify"),
    path("catalogue/", views_public.catalogue, name="catalogue"),
]
