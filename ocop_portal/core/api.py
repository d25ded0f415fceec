"""One error shape for the whole API: {"error": {"code", "message", "details"}}."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        code, message = "invalid", _("Dữ liệu gửi lên không hợp lệ.")
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        code, message = getattr(detail, "code", None) or getattr(exc, "default_code", "error"), str(detail or exc)
    response.data = {"error": {"code": code, "message": message, "details": response.data}}
    return response


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
