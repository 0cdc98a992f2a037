from collections.abc import Iterable

from django.db import models

from teenindus.audit.context import AccessContext
from teenindus.audit.models import CUSTOMER, EMPLOYEE, AccessLog, ChangeEvent
from teenindus.audit.subjects import as_subject, is_registered


def access_log_record(
    *,
    ctx: AccessContext,
    action: str,
    subjects: Iterable = (),
    customer_ids: Iterable[int] = (),
    employee_ids: Iterable[int] = (),
) -> int:
    """Write one access-log row per person shown. Returns how many.

    `subjects`: model instances of a registered kind (see audit.subjects) or (label, pk) pairs.
    `customer_ids` / `employee_ids`: the same for customers and employees, by id (kept for the
    callers written before the log had one subject shape)."""
    people = [as_subject(subject) for subject in subjects]
    people += [(CUSTOMER, int(pk)) for pk in customer_ids]
    people += [(EMPLOYEE, int(pk)) for pk in employee_ids]
    for subject_type, _pk in people:
        if not is_registered(subject_type):
            raise ValueError(
                f"{subject_type} is not a registered access-log subject (audit.subjects.register)"
            )
    rows = [
        AccessLog(
            actor=ctx.actor,
            subject_type=subject_type,
            subject_id=pk,
            view=ctx.view[:120],
            action=action,
            channel=ctx.channel,
            purpose=ctx.purpose,
        )
        for subject_type, pk in dict.fromkeys(people)  # each person once per look, order kept
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
