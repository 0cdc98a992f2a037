from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "teenindus.org"
    label = "org"
