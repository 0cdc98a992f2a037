from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "teenindus.accounts"
    label = "accounts"

    def ready(self) -> None:
        from teenindus.accounts import signals

        signals.connect()
