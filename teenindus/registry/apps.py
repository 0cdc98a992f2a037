from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "teenindus.registry"
    verbose_name = _("Document register")
    default_auto_field = "django.db.models.BigAutoField"
