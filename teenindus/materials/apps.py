from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "teenindus.materials"
    verbose_name = _("Information materials")
    default_auto_field = "django.db.models.BigAutoField"
