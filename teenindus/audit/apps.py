from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "teenindus.audit"
    label = "audit"
