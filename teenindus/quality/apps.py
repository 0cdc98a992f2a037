from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "teenindus.quality"
    verbose_name = _("Contact quality")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from teenindus.quality import tasks  # noqa: F401 - registers the monthly sampling job
