from django.db.models.signals import post_migrate


def _sync_roles(sender, **kwargs) -> None:
    from teenindus.accounts.roles import roles_sync

    roles_sync()


def connect() -> None:
    post_migrate.connect(_sync_roles, dispatch_uid="teenindus.accounts.roles_sync")
