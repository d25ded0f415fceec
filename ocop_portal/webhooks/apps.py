from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ocop_portal.webhooks"
    label = "webhooks"
    verbose_name = _("Webhook của địa phương")

    def ready(self):
        # Evaluations knows nothing of webhooks: it offers an explicit hook, and this app (top
        # floor) registers what a dossier's move means for it: a delivery to each office's URL.
        from evaluations import hooks

        from . import services

        hooks.on_application_status_changed(services.on_application_status_changed)
