from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "teenindus.contacts"
    label = "contacts"
