from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProducersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "producers"
    verbose_name = _("Chủ thể và sản phẩm")
