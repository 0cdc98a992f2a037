"""Planned against actual, read: the published shifts of a team's people set against their
telephony state spans, per person and day, per month, live for today. Reads only (the access log
row for the people shown is the one write, as everywhere personal data is shown).

The figures and their definitions are in actual_timeline.py (adherence, conformance, exceptions)."""

import re
from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.context import AccessContext
from teenindus.audit.services import access_log_record
from teenindus.core.exceptions import ApplicationError, NotFound
from teenindus.core.localtime import local_midnight
from teenindus.org.models import Employee, Employment
from teenindus.telephony.models import AgentStateChange
from teenindus.workforce import scope
from teenindus.workforce.actual_timeline import DayFigures, PlannedShift, person_days
from teenindus.workforce.selectors_roster import published_plan

MAX_RANGE_DAYS = 31
ACTION = "working_time"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def includes(self, day: date) -> bool:
        return self.first <= day <= self.last


def _date(value: str, field_name: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ApplicationError(_("Give the date as YYYY-MM-DD (e.g. 2026-11-23)."), field=field_name) from exc


def period_from_query(query, *, today: date) -> Period:
    """`?day=` (one day) or `?from=&to=` (at most MAX_RANGE_DAYS days); today when neither."""
    if query.get("from") or query.get("to"):
        if not (query.get("from") and query.get("to")):
            field_name = "to" if query.get("from") else "from"
            raise ApplicationError(_("Give both the first and the last day."), field=field_name)
        first, last = _date(query["from"], "from"), _date(query["to"], "to")
        if last < first:
            raise ApplicationError(_("The last day is before the first day."), field="to")
        if (last - first).days + 1 > MAX_RANGE_DAYS:
            raise ApplicationError(_("Choose at most %(days)s days.") % {"days": MAX_RANGE_DAYS}, field="to")
        return Period(first, last)
    if query.get("day"):
        day = _date(query["day"], "day")
        return Period(day, day)
    return Period(today, today)


def month_from_query(query, *, today: date) -> Period:
    """`?month=YYYY-MM`, this month when not given."""
    text = (query.get("month") or "").strip()
    if not text:
        first = today.replace(day=1)
    else:
        match = _MONTH.match(text)
        if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
            raise ApplicationError(_("Give the month as YYYY-MM (e.g. 2026-11)."), field="month")
        first = date(int(match.group(1)), int(match.group(2)), 1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Period(first, following - timedelta(days=1))


# --- reading ----------------------------------------------------------------------------------


def _shifts(employee_ids, first: date, last: date) -> dict[int, list[PlannedShift]]:
    """Each person's shifts as last published (what they were told, not later edits) from the
    day before `first` (a night shift reaches into `first`) to the day after `last`."""
    before, after = first - timedelta(days=1), last + timedelta(days=1)
    plan = published_plan(first=before, last=after, employee_ids=employee_ids)
    names = [f.name for f in fields(PlannedShift)]  # a published shift has them all
    return {
        pk: [PlannedShift(**{n: getattr(s, n) for n in names}) for s in shifts] for pk, shifts in plan.items()
    }


def _spans(employee_ids, first: date, last: date) -> dict[int, list[tuple]]:
    """Each person's state spans that may reach into the days (and their shifts), as
    (state, started_at, ended_at or None)."""
    start = local_midnight(first - timedelta(days=1))
    end = local_midnight(last + timedelta(days=2))
    rows = (
        AgentStateChange.objects.filter(agent__employee_id__in=employee_ids, started_at__lt=end)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=start))
        .order_by("agent__employee_id", "started_at", "id")
        .values_list("agent__employee_id", "state", "started_at", "ended_at")
        .iterator(chunk_size=5000)
    )
    out: dict[int, list[tuple]] = defaultdict(list)
    for employee_id, state, started, ended in rows:
        out[employee_id].append((state, started, ended))
    return out


def employee_days(
    employee_ids, *, first: date, last: date, now: datetime | None = None
) -> dict[int, list[DayFigures]]:
    """{employee id: their days from `first` to `last`} (days with a shift or signed-in time),
    counted up to `now`. Writes nothing, logs nothing: callers that show it log it."""
    now = now or timezone.now()
    ids = list(employee_ids)
    shifts = _shifts(ids, first, last)
    spans = _spans(ids, first, last)
    return {
        pk: person_days(spans=spans.get(pk, []), shifts=shifts.get(pk, []), first=first, last=last, now=now)
        for pk in ids
    }


@dataclass
class Totals:
    """Sums over days, in seconds."""

    planned: float = 0.0
    scheduled: float = 0.0
    worked: float = 0.0
    signed_in: float = 0.0
    inside: float = 0.0
    outside: float = 0.0
    breaks: float = 0.0
    other_work: float = 0.0
    adherent: float = 0.0
    shift_elapsed: float = 0.0
    holiday: float = 0.0
    night: float = 0.0
    shifts: int = 0
    absent: int = 0
    exceptions: int = 0

    def add(self, row: DayFigures) -> None:
        self.planned += row.planned
        self.scheduled += row.scheduled
        self.worked += row.worked
        self.signed_in += row.signed_in
        self.inside += row.inside
        self.outside += row.outside
        self.breaks += row.breaks
        self.other_work += row.other_work
        self.adherent += row.adherent
        self.shift_elapsed += row.shift_elapsed
        self.exceptions += len(row.exceptions)
        if row.shift is not None:
            self.shifts += 1
            self.absent += row.absent
            self.night += row.shift.night_minutes * 60
            if row.shift.on_holiday:
                self.holiday += row.planned

    @property
    def difference(self) -> float:
        """Worked less scheduled (up to now): the balance of the working-time account."""
        return self.worked - self.scheduled

    @property
    def adherence(self) -> float | None:
        return self.adherent / self.shift_elapsed if self.shift_elapsed > 0 else None

    @property
    def conformance(self) -> float | None:
        return self.worked / self.scheduled if self.scheduled > 0 else None


@dataclass
class PersonRows:
    employee: Employee
    days: list[DayFigures]
    totals: Totals = field(default_factory=Totals)


@dataclass
class TeamActual:
    unit: object
    period: Period
    people: list[PersonRows]
    totals: Totals
    live: bool
    now: datetime


def _team_employee_ids(unit, first: date, last: date) -> set[int]:
    """Who held a position in the unit on any of the days, and who has a shift in its published
    rosters on them."""
    held = Employment.objects.filter(position__unit=unit, start_date__lte=last).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=first)
    )
    ids = set(held.values_list("employee_id", flat=True))
    return ids | set(published_plan(first=first, last=last, unit=unit))


def team_unit(user, unit_id):
    """The team when the user plans it; NotFound (a 404) otherwise."""
    unit = scope.unit_in_scope(user, unit_id)
    if unit is None:
        raise NotFound(_("No such team among those you plan."))
    return unit


def _people(ids, first: date, last: date, now: datetime) -> tuple[list[PersonRows], Totals]:
    days = employee_days(ids, first=first, last=last, now=now)
    employees = Employee.objects.filter(pk__in=[pk for pk, rows in days.items() if rows]).order_by(
        "last_name", "first_name", "pk"
    )
    people, all_totals = [], Totals()
    for employee in employees:
        person = PersonRows(employee=employee, days=days[employee.pk])
        for row in person.days:
            person.totals.add(row)
            all_totals.add(row)
        people.append(person)
    return people, all_totals


def _log(ctx: AccessContext, people: list[PersonRows]) -> None:
    if people:
        access_log_record(ctx=ctx, employee_ids=[p.employee.pk for p in people], action=ACTION)


def team_actual(
    *, ctx: AccessContext, user, unit_id: int, period: Period, now: datetime | None = None
) -> TeamActual:
    """Each person of a team the user plans, per day of the period: planned against actual (the
    people shown are logged). 404 (NotFound) for a team out of the user's scope."""
    unit = team_unit(user, unit_id)
    now = now or timezone.now()
    if period.days > MAX_RANGE_DAYS:
        raise ApplicationError(_("Choose at most %(days)s days.") % {"days": MAX_RANGE_DAYS}, field="to")
    ids = _team_employee_ids(unit, period.first, period.last)
    people, totals = _people(ids, period.first, period.last, now)
    _log(ctx, people)
    today = timezone.localdate(now)
    return TeamActual(unit, period, people, totals, live=period.includes(today), now=now)


def team_month(
    *, ctx: AccessContext, user, unit_id: int, month: Period, now: datetime | None = None
) -> TeamActual:
    """The month's totals per person of a team the user plans (the summarised working-time
    account): scheduled, worked, their difference, holiday and night hours."""
    return team_actual(ctx=ctx, user=user, unit_id=unit_id, period=month, now=now)


@dataclass
class OwnActual:
    employee: Employee | None
    period: Period
    person: PersonRows | None
    live: bool


def own_actual(*, ctx: AccessContext, user, month: Period, now: datetime | None = None) -> OwnActual:
    """The user's own month: their days and totals (their own data, still logged)."""
    now = now or timezone.now()
    employee = scope.own_employee(user)
    live = month.includes(timezone.localdate(now))
    if employee is None:
        return OwnActual(None, month, None, live)
    people, _totals = _people([employee.pk], month.first, month.last, now)
    _log(ctx, people)
    person = people[0] if people else PersonRows(employee=employee, days=[])
    return OwnActual(employee, month, person, live)
