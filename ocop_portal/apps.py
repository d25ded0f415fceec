from django.apps import AppConfig


class OcopPortalConfig(AppConfig):
    """The top floor: composition across the three apps (demo seeding, statistics, navigation,
    the API router). It owns no models."""

    name = "ocop_portal"
    verbose_name = "OCOP"
