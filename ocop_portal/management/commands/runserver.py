from django.contrib.staticfiles.management.commands.runserver import Command as StaticfilesRunserver
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError

from ocop_portal.serving import require_secret_key


class Command(StaticfilesRunserver):
    """Django's development server (serving static files), which refuses to start without
    SECRET_KEY when DEBUG is off."""

    def handle(self, *args, **options):
        try:
            require_secret_key()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        return super().handle(*args, **options)
