from django.apps import AppConfig


class TelephonyConfig(AppConfig):
    name = "teenindus.telephony"
    label = "telephony"
