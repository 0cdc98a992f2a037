"""Planned against actual as tables: the rows and columns of the CSV/XLSX downloads (written by
teenindus.core.exports) and the definitions that travel with them."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teenindus.core.exports import DATE, PERCENT, Column
from teenindus.workforce.actual_timeline import (
    EARLY_END_MINUTES,
    LATE_START_MINUTES,
    LONG_BREAK_MINUTES,
    UNSCHEDULED_MINUTES,
)

DEFINITION = gettext_lazy(
    "Adherence: the share of the shift (work time and scheduled break, up to now) spent in the "
    "scheduled activity: in work time the phone states (available, ringing, on a call, after-call "
    "work, missed), in the scheduled break the break state or signed out. Training and meetings in "
    "work time do not count as adherent (the roster schedules none), they are shown apart. "
    "Conformance: worked (signed in, less breaks) / scheduled (shift length less its break)."
)


def definition_text() -> str:
    return str(DEFINITION)


def exceptions_text() -> str:
    return _(
        "Exceptions: late start (more than %(late)s min), early end (more than %(early)s min), "
        "long break (more than the scheduled break + %(long)s min, in one go or in total), "
        "unscheduled work (more than %(unscheduled)s min outside the shifts on a day, also on a "
        "day without a shift), absent (no sign-in during a shift)."
    ) % {
        "late": LATE_START_MINUTES,
        "early": EARLY_END_MINUTES,
        "long": LONG_BREAK_MINUTES,
        "unscheduled": UNSCHEDULED_MINUTES,
    }


def _hours(seconds: float) -> float:
    return round(seconds / 3600, 2)


def _shift_text(shift) -> str:
    if shift is None:
        return ""
    start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
    return f"{start:%H:%M}–{end:%H:%M}"


def day_columns() -> list[Column]:
    return [
        Column("person", _("Person")),
        Column("day", _("Day"), DATE),
        Column("shift", _("Shift")),
        Column("scheduled", _("Scheduled (h)")),
        Column("signed_in_inside", _("Signed in within the shift (h)")),
        Column("signed_in_outside", _("Signed in outside the shifts (h)")),
        Column("breaks", _("Breaks (h)")),
        Column("other_work", _("Training and meetings (h)")),
        Column("worked", _("Worked (h)")),
        Column("adherence", _("Adherence"), PERCENT),
        Column("conformance", _("Conformance"), PERCENT),
        Column("exceptions", _("Exceptions")),
    ]


def day_rows(team) -> list[dict]:
    rows = []
    for person in team.people:
        for day in person.days:
            rows.append(
                {
                    "person": f"{person.employee.first_name} {person.employee.last_name}",
                    "day": day.day,
                    "shift": _shift_text(day.shift),
                    "scheduled": _hours(day.scheduled),
                    "signed_in_inside": _hours(day.inside),
                    "signed_in_outside": _hours(day.outside),
                    "breaks": _hours(day.breaks),
                    "other_work": _hours(day.other_work),
                    "worked": _hours(day.worked),
                    "adherence": day.adherence,
                    "conformance": day.conformance,
                    "exceptions": "; ".join(
                        f"{timezone.localtime(e.starts):%H:%M} {e.text}" for e in day.exceptions
                    ),
                }
            )
    return rows


def month_columns() -> list[Column]:
    return [
        Column("person", _("Person")),
        Column("planned", _("Scheduled in the period (h)")),
        Column("scheduled", _("Scheduled until now (h)")),
        Column("worked", _("Worked (h)")),
        Column("difference", _("Difference (h)")),
        Column("holiday", _("On public holidays (h)")),
        Column("night", _("Night work (h)")),
        Column("shifts", _("Shifts")),
        Column("absent", _("Shifts without sign-in")),
        Column("adherence", _("Adherence"), PERCENT),
        Column("conformance", _("Conformance"), PERCENT),
    ]


def month_rows(team) -> list[dict]:
    return [
        {
            "person": f"{p.employee.first_name} {p.employee.last_name}",
            "planned": _hours(p.totals.planned),
            "scheduled": _hours(p.totals.scheduled),
            "worked": _hours(p.totals.worked),
            "difference": _hours(p.totals.difference),
            "holiday": _hours(p.totals.holiday),
            "night": _hours(p.totals.night),
            "shifts": p.totals.shifts,
            "absent": p.totals.absent,
            "adherence": p.totals.adherence,
            "conformance": p.totals.conformance,
        }
        for p in team.people
    ]
