from collections.abc import Iterable

from django.db import models

from teenindus.audit.context import AccessContext
from teenindus.audit.models import AccessLog, ChangeEvent


def access_log_record(
    *, ctx: AccessContext, customer_ids: Iterable[int] = (), action: str, employee_ids: Iterable[int] = ()
) -> int:
    """Write one access-log row per person shown (customers, employees). Returns how many."""
    people = [("customer_id", pk) for pk in dict.fromkeys(customer_ids)]
    people += [("employee_id", pk) for pk in dict.fromkeys(employee_ids)]
    rows = [
        AccessLog(
            actor=ctx.actor,
            **{key: pk},
            view=ctx.view[:120],
            action=action,
            channel=ctx.channel,
            purpose=ctx.purpose,
        )
        for key, pk in people  # each person once per look, order kept
    ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)


def change_record(*, actor, instance: models.Model, event: str, changes: dict) -> ChangeEvent:
    """Record a write: actor, what entity, which event, and old → new values."""
    return ChangeEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        entity=instance._meta.label,
        entity_id=str(instance.pk),
        event=event,
        changes=changes,
    )


def diff(old: dict, new: dict) -> dict:
    """{field: [old, new]} for every field whose value changed (values as JSON-safe strings)."""
    out = {}
    for key, value in new.items():
        before = old.get(key)
        if before != value:
            out[key] = [_jsonable(before), _jsonable(value)]
    return out


def _jsonable(value):
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
