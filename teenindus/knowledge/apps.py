from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "teenindus.knowledge"
    verbose_name = _("Guides")
    default_auto_field = "django.db.models.BigAutoField"
