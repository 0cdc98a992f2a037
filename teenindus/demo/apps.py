from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "teenindus.demo"
    label = "demo"
