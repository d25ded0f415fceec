"""The classes DRF's settings name (authentication, throttling, pagination): kept apart from
`api.py` because DRF imports them while its own views module is still loading, so this module
imports nothing of DRF's views, generics or viewsets."""

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import SimpleRateThrottle

from . import access
from .models import ApiToken, RoleAssignment
from .services import api_key_hash, api_token_touch

# --- Authentication ---------------------------------------------------------------------------------


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <key>` (or `Bearer <key>`). Refused (401) when the key is unknown,
    revoked, expired or its user disabled. A token limited to a unit acts with its user's roles
    over that unit's subtree only."""

    keywords = (b"token", b"bearer")

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Tiêu đề Authorization phải có dạng “Token <khóa>”."))
        try:
            key = parts[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Khóa API không hợp lệ.")) from exc
        token = ApiToken.objects.select_related("user", "unit").filter(key_hash=api_key_hash(key)).first()
        now = timezone.now()
        if token is None or token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Khóa API không hợp lệ hoặc đã bị thu hồi."))
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("Khóa API đã hết hạn: hãy xin tỉnh cấp khóa mới."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Tài khoản của khóa API này đã bị khóa."))
        api_token_touch(token=token, now=now)
        if token.unit_id:
            narrow_to_unit(token.user, token.unit)
        return token.user, token

    def authenticate_header(self, request):
        return "Token"


def narrow_to_unit(user, unit):
    """Make the access layer see `user` as holding their territory roles over `unit`'s subtree
    only (for this request): each role whose unit covers `unit` is held over `unit`, a role over a
    unit inside `unit` is kept, every other is dropped."""
    narrowed = []
    for assignment in access.assignments(user):
        if unit.path.startswith(assignment.unit.path) or access.covers(user, unit, roles=(assignment.role,)):
            narrowed.append(RoleAssignment(user=user, role=assignment.role, unit=unit))
        elif assignment.unit.path.startswith(unit.path):
            narrowed.append(assignment)
    access.forget(user)
    access._cache(user)["assignments"] = narrowed


# --- Throttling and pagination ----------------------------------------------------------------------


class TokenRateThrottle(SimpleRateThrottle):
    """Requests per token (per user for a browser session), rate `DEFAULT_THROTTLE_RATES["token"]`."""

    scope = "token"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"t{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"u{request.user.pk}"
        else:
            ident = f"a{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class Pagination(PageNumberPagination):
    """`?page=` and `?page_size=` (at most 100)."""

    page_size_query_param = "page_size"
    max_page_size = 100
