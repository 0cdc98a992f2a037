from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "teenindus.core"
    label = "core"

    def ready(self):
        from django_tasks.signals import task_finished, task_started

        from teenindus.core import observability, tasks  # noqa: F401 - registers core's periodic jobs

        task_started.connect(observability.task_started, dispatch_uid="teenindus-task-started")
        task_finished.connect(observability.task_finished, dispatch_uid="teenindus-task-finished")

        from teenindus.core.startpage import startpage_discover

        startpage_discover()  # every app's startpage.py registers its start-page providers
