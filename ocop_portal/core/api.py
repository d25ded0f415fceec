"""One error shape for the whole API: {"error": {"code", "message", "details"}}."""

from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    code = getattr(exc, "default_code", "error")
    message = data.get("detail", "") if isinstance(data, dict) else ""
    response.data = {"error": {"code": getattr(message, "code", code), "message": str(message) or str(exc), "details": data}}
    return response
