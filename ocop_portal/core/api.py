"""The API's common layer: token authentication (scoped, expiring, revocable), throttling per
token, bounded pagination, the base view classes (territory roles only, explicit permissions),
optimistic concurrency (`ETag` / `If-Match`) and one error shape for every error:
{"error": {"code", "message", "details"}}."""

import hashlib
import json

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.settings import api_settings
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from . import access
from .api_auth import ApiTokenAuthentication
from .rules import is_superuser

# --- Errors -----------------------------------------------------------------------------------------


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = gettext_lazy("Đối tượng đã được người khác thay đổi từ lần đọc trước (ETag không khớp). "
                                  "Hãy đọc lại rồi gửi lại thay đổi.")
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = gettext_lazy("Cần gửi tiêu đề If-Match với ETag của lần đọc gần nhất để không ghi đè thay đổi của người khác.")
    default_code = "precondition_required"


def domain_error(exc):
    """A Django ValidationError raised by a service, as the API's 400 (field errors kept by field)."""
    if hasattr(exc, "error_dict"):
        return ValidationError({field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()},
                               code=getattr(exc, "code", None) or "invalid")
    error = ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [str(m) for m in exc.messages]})
    error.domain_code = getattr(exc, "code", None) or (exc.error_list[0].code if getattr(exc, "error_list", None) else None)
    return error


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = domain_error(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        code, message = getattr(exc, "domain_code", None) or "invalid", _("Dữ liệu gửi lên không hợp lệ.")
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        code, message = getattr(detail, "code", None) or getattr(exc, "default_code", "error"), str(detail or exc)
    response.data = {"error": {"code": code, "message": message, "details": response.data}}
    return response


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": _("Khóa API do tỉnh cấp, gửi dạng `Token <khóa>`.")}


# --- Base views -------------------------------------------------------------------------------------


class HasTerritoryRole(BasePermission):
    """The office API is for territory roles (local offices, provincial staff, approvers,
    finance) and superusers; a producer's user or a council member has none."""

    message = gettext_lazy("API này dành cho cán bộ địa phương và cấp tỉnh.")

    def has_permission(self, request, view):
        user = request.user
        return bool(is_superuser(user) or access.territory_units(user))


class ApiView(APIView):
    """Base of every API view. The API authenticates itself (token or session) and answers 401/403
    in JSON, so the views are exempt from the pages' login redirect; in exchange each view must
    state its own `permission_classes` (a test walks the URLs and checks)."""

    @classmethod
    def as_view(cls, **initkwargs):
        if "permission_classes" not in initkwargs and not any(
                "permission_classes" in vars(klass) for klass in cls.__mro__ if klass not in (ApiView, APIView)):
            raise ImproperlyConfigured(f"{cls.__name__} must state its permission_classes")
        return login_not_required(super().as_view(**initkwargs))


class OfficeViewSet(viewsets.GenericViewSet):
    """Base of the office API's resources: territory roles only; the queryset comes from the
    access layer's `…_visible_to(user)` so another unit's object is 404."""

    permission_classes = [IsAuthenticated, HasTerritoryRole]
    lookup_value_regex = r"[0-9]{1,10}"  # an id the database can hold: no server error for 10**30

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        return login_not_required(super().as_view(actions, **initkwargs))


def etag_of(data):
    """A strong ETag of a representation: any change a client can see changes it."""
    body = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode()
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


class ETagMixin:
    """`retrieve` answers with an `ETag`; `update`/`partial_update` (and the actions that call
    `check_if_match`) require `If-Match` with it: 428 without, 412 when the object changed since.
    The check and the write run in one transaction with the row locked."""

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = etag_of(response.data)
        return response

    def representation(self, instance):
        """What `retrieve` answers for the object (its ETag is computed from this)."""
        return self.serializer_class(instance, context=self.get_serializer_context()).data

    def respond_with(self, instance, code=status.HTTP_200_OK):
        """The object's representation after a write, with its new ETag."""
        return self.respond_data(self.representation(instance), code)

    @staticmethod
    def respond_data(data, code=status.HTTP_200_OK):
        from rest_framework.response import Response

        return Response(data, status=code, headers={"ETag": etag_of(data)})

    def check_if_match(self, instance, *, required=True):
        self.check_if_match_data(self.representation(instance), required=required)

    def check_if_match_data(self, data, *, required=True):
        """Refuse the write unless `If-Match` names the ETag of `data` (what the client would read now)."""
        header = self.request.headers.get("If-Match")
        if not header:
            if required:
                raise PreconditionRequired()
            return
        if header.strip() != "*" and etag_of(data) not in [tag.strip().removeprefix("W/") for tag in header.split(",")]:
            raise PreconditionFailed()

    def locked_object(self):
        """The object (404 for outsiders), re-read with its row locked for the rest of the transaction."""
        instance = self.get_object()
        locked = type(instance).objects.select_for_update().filter(pk=instance.pk).values_list("pk", flat=True).first()
        if locked is None:
            raise Http404
        instance.refresh_from_db()
        return instance


def atomic_write(func):
    """Run a write view in one transaction (If-Match check, service, read back)."""
    def wrapper(*args, **kwargs):
        with transaction.atomic():
            return func(*args, **kwargs)

    wrapper.__name__, wrapper.__doc__ = func.__name__, func.__doc__
    return wrapper
