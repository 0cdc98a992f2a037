from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "teenindus.people"
    label = "people"

    def ready(self):
        from teenindus.people import tasks  # noqa: F401 - registers the daily job
