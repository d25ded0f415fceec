"""A server started with DEBUG off must have a SECRET_KEY (sessions and CSRF sign with it)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MESSAGE = "SECRET_KEY is not set and DEBUG is off: set SECRET_KEY (or DEBUG=true on a developer's machine) to serve."


def require_secret_key():
    if settings.DEBUG:
        return
    try:
        settings.SECRET_KEY  # noqa: B018  (Django refuses an empty key when it is read)
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(MESSAGE) from exc
