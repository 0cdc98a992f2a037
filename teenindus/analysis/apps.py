from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "teenindus.analysis"
    verbose_name = _("Contact analysis")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from teenindus.analysis import tasks  # noqa: F401 - registers the monthly sending
