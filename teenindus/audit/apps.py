from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "teenindus.audit"
    label = "audit"

    def ready(self) -> None:
        from teenindus.audit import subjects

        # The people the project had before the log had one subject shape. New apps register
        # their own person model in their own AppConfig.ready().
        subjects.register("customers.Customer")
        subjects.register("org.Employee")
