from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "teenindus.core"
    label = "core"
