from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "teenindus.surveys"
    verbose_name = _("Customer feedback")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from teenindus.surveys import tasks  # noqa: F401 - registers the periodic SMS requeue
