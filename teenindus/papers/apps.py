from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PapersConfig(AppConfig):
    name = "teenindus.papers"
    verbose_name = _("Issued papers")
    default_auto_field = "django.db.models.BigAutoField"
