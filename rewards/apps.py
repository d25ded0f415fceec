from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RewardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rewards"
    verbose_name = _("Khen thưởng")

    def ready(self):
        # Evaluations knows nothing of money: it offers explicit hooks, and rewards registers here
        # what issuing a decision (entitlements of its certificates) and the ministry's 5★ answer
        # (the 5★ entitlement) mean for it. The reward decision joins the core's PDF registry.
        from evaluations import hooks

        from . import documents, services

        hooks.on_certificates_issued(services.on_certificates_issued)
        hooks.on_ministry_answer(services.on_ministry_answer)
        documents.register_kinds()
