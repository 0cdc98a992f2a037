"""Writes of core's own tables: the working-time calendar (read by core/worktime.py).

Every change bumps the calendar version under a row lock on WorkCalendarState (so concurrent
changes are serialised and each gets its own version) and schedules the `worktime.on_change`
hooks for after the commit. Core imports no other app, so the actor is recorded on the rows
(`changed_by`, username) rather than in audit's change log.
"""

from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.core.exceptions import NotFound, ValidationFailed
from teenindus.core.models import CalendarDay, OpeningHours, WorkCalendarState, hours_check
from teenindus.core.worktime import hooks_schedule


def _actor_name(actor) -> str:
    return (getattr(actor, "get_username", lambda: "")() or "")[:150]


def calendar_version_bump(*, actor) -> int:
    """Take the calendar's lock (its state row), bump the version, schedule the change hooks.
    Returns the new version. Called inside the changing service's transaction."""
    updated = WorkCalendarState.objects.filter(pk=1).update(
        version=F("version") + 1, changed_at=timezone.now(), changed_by=_actor_name(actor)
    )
    if not updated:  # the row was removed by hand: start it again (the migration seeds it)
        WorkCalendarState.objects.get_or_create(pk=1)
        return calendar_version_bump(actor=actor)
    hooks_schedule()
    return WorkCalendarState.objects.values_list("version", flat=True).get(pk=1)


def _hours(opens: time | None, closes: time | None, *, required: bool, field: str) -> None:
    try:
        hours_check(opens, closes, required=required)
    except ValidationError as error:
        raise ValidationFailed(error.messages[0], field=field) from None


@transaction.atomic
def opening_hours_set(*, actor, weekday: int, opens: time | None, closes: time | None) -> OpeningHours:
    """Set the opening hours of a weekday (0 = Monday); opens and closes both None = closed."""
    if weekday not in range(7):
        raise ValidationFailed(_("The weekday must be 0 (Monday) to 6 (Sunday)."), field="weekday")
    _hours(opens, closes, required=False, field="closes")
    current = OpeningHours.objects.filter(weekday=weekday).first()
    if current is not None and (current.opens, current.closes) == (opens, closes):
        return current  # nothing changes: no new version, no recompute
    calendar_version_bump(actor=actor)
    row, _created = OpeningHours.objects.update_or_create(
        weekday=weekday, defaults={"opens": opens, "closes": closes, "changed_by": _actor_name(actor)}
    )
    return row


@transaction.atomic
def calendar_day_set(
    *,
    actor,
    day: date,
    kind: str,
    opens: time | None = None,
    closes: time | None = None,
    note: str = "",
) -> CalendarDay:
    """Make `day` an extra day off (kind "closed") or a working day with the given hours (kind
    "open": an extra working day, or special hours that replace the day's usual ones)."""
    if kind == CalendarDay.CLOSED:
        opens = closes = None
    elif kind == CalendarDay.OPEN:
        _hours(opens, closes, required=True, field="closes")
    else:
        raise ValidationFailed(_("Choose whether the day is a day off or a working day."), field="kind")
    current = CalendarDay.objects.filter(day=day).first()
    if current is not None and (current.kind, current.opens, current.closes) == (kind, opens, closes):
        if current.note != note[:200]:
            current.note, current.changed_by = note[:200], _actor_name(actor)
            current.save(update_fields=["note", "changed_by", "updated_at"])
        return current  # the hours are the same: no new version, no recompute
    calendar_version_bump(actor=actor)  # under this lock no one else inserts the same day
    row, _created = CalendarDay.objects.update_or_create(
        day=day,
        defaults={
            "kind": kind,
            "opens": opens,
            "closes": closes,
            "note": note[:200],
            "changed_by": _actor_name(actor),
        },
    )
    return row


@transaction.atomic
def calendar_day_delete(*, actor, day: date) -> None:
    """The date follows the weekday table and the public holidays again."""
    calendar_version_bump(actor=actor)
    deleted, _rows = CalendarDay.objects.filter(day=day).delete()
    if not deleted:
        raise NotFound(_("The calendar has no exception for this date."), field="day")
