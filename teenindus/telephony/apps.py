from django.apps import AppConfig


class TelephonyConfig(AppConfig):
    name = "teenindus.telephony"
    label = "telephony"

    def ready(self):
        from teenindus.telephony import tasks  # noqa: F401 - registers the periodic sweep
