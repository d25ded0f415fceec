"""The portal's routes. Deny by default: `LoginRequiredMiddleware` sends anonymous visitors to the
login page for every view not marked `login_not_required`; the API's views authenticate
themselves (token or session) and each states its permission classes. Every route here is listed
in `tests/permission_matrix.py`; `tests/test_permission_matrix.py` fails on one that is not."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from ocop_portal import health, producer_home
from ocop_portal.core import views as core_views
from ocop_portal.core import views_documents, views_tokens

urlpatterns = [
    path("", core_views.home, name="home"),
    re_path(r"^healthz/?$", health.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("council/", include("evaluations.urls")),
    path("my/products/", producer_home.producer_home, name="producer-home"),
    path("producers/", include("producers.urls")),
    path("dossiers/", include("evaluations.urls_dossier")),
    path("files/", include("evaluations.urls_files")),
    path("dashboard/", include("ocop_portal.dashboard.urls")),
    path("rewards/", include("rewards.urls")),
    path("documents/<int:pk>/", views_documents.document_download, name="document-download"),
    path("documents/<int:pk>/status/", views_documents.document_status, name="document-status"),
    path("documents/<int:pk>/retry/", views_documents.document_retry, name="document-retry"),
    path("documents/", include("evaluations.urls_documents")),  # blank sheets; a decision's, a session's documents
    path("", include("evaluations.urls_public")),  # a certificate's verification page and the catalogue (public)
    path("api-tokens/", views_tokens.api_token_list, name="api-tokens"),
    path("api-tokens/new/", views_tokens.api_token_create, name="api-token-create"),
    path("api-tokens/<int:pk>/revoke/", views_tokens.api_token_revoke, name="api-token-revoke"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("ocop_portal.api_urls")),
    # The API's description is public (it reveals no data); the data itself needs a token.
    path("api/schema/", login_not_required(SpectacularAPIView.as_view(permission_classes=[])), name="schema"),
    path("api/docs/", login_not_required(SpectacularSwaggerView.as_view(url_name="schema", permission_classes=[])), name="api-docs"),
]
