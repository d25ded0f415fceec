"""One error shape for the whole API: {"error": {"code", "message", "details"}}."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
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
