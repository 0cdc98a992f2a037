from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "teenindus.customers"
    label = "customers"
