from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "teenindus.people"
    label = "people"
