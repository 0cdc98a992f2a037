"""Reads of the roster area: the roster problem built from the database (people, contracted hours,
absences, requests, skills, templates, requirement, holidays), the roster grid and its coverage for
the planner, and the published shifts an agent sees.

What agents see is the last publication's snapshot (`RosterPublication.shifts`); what the planner
sees and edits are the `Shift` rows. A Shift row that differs from the snapshot is an unpublished
change."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.context import AccessContext
from teenindus.audit.services import access_log_record
from teenindus.core import charts
from teenindus.core.calendar import is_working_day, public_holidays
from teenindus.core.exceptions import NotFound
from teenindus.core.ids import id_ok
from teenindus.core.worktime import SHORTENED_BY, SHORTENED_DAYS
from teenindus.org.models import Employment
from teenindus.people.models import Absence
from teenindus.telephony.models import AgentSkill
from teenindus.workforce import scope
from teenindus.workforce.models import (
    SLOT_MINUTES,
    SLOTS_PER_DAY,
    DayOffRequest,
    Roster,
    RosterPublication,
    Shift,
    ShiftTemplate,
    StaffingInterval,
    StaffingPlan,
    TeamSettings,
)
from teenindus.workforce.problem import Assignment, Person, Problem, ShiftOption
from teenindus.workforce.rule_texts import rule_label, why_text

DEFAULT_TOLERANCE_HOURS = Decimal(8)
MY_SHIFTS_PAST_DAYS = 14


FULL_TIME_HOURS = 40  # the full working time a week (ECA § 43): the shortening is pro rata


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def roster_days(roster: Roster) -> list[date]:
    return [roster.first_day + timedelta(days=i) for i in range(roster.weeks * 7)]


def team_people(unit, *, on: date, days: int = 1) -> list[tuple]:
    """(employee, weekly hours, day indexes employed) of the people holding a position in the unit
    on any of the `days` days from `on`, by name; not the head of the unit (the lead plans the
    roster, not on it). Someone who joins or leaves within the period is rostered only on the days
    of their employment; someone holding two positions in it counts with the larger contract."""
    last = on + timedelta(days=days - 1)
    hours: dict[int, Decimal] = {}
    employed: dict[int, set[int]] = defaultdict(set)
    staff = (
        Employment.objects.filter(position__unit=unit, position__is_manager=False, start_date__lte=last)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("employee")
    )
    people = {}
    for employment in staff:
        key = employment.employee_id
        people[key] = employment.employee
        hours[key] = max(employment.weekly_hours, hours.get(key, Decimal(0)))
        start = max(employment.start_date, on)
        end = min(employment.end_date or last, last)
        employed[key].update(range((start - on).days, (end - on).days + 1))
    ordered = sorted(people.values(), key=lambda e: (e.last_name, e.first_name, e.pk))
    return [(e, hours[e.pk], frozenset(employed[e.pk])) for e in ordered]


def option_for(template: ShiftTemplate) -> ShiftOption:
    return ShiftOption(
        key=str(template.pk),
        start=template.starts.hour * 60 + template.starts.minute,
        length=template.length_minutes,
        break_minutes=template.break_minutes,
    )


def _required(plan: StaffingPlan, first_day: date, days: int) -> tuple[tuple[int, ...], ...]:
    grid = [[0] * SLOTS_PER_DAY for _ in range(days)]
    rows = StaffingInterval.objects.filter(
        plan=plan, local_date__gte=first_day, local_date__lt=first_day + timedelta(days=days)
    ).values_list("local_date", "slot", "agents_required")
    for day, slot, agents in rows:
        if slot < SLOTS_PER_DAY:
            grid[(day - first_day).days][slot] = agents
    return tuple(tuple(row) for row in grid)


def holidays_between(first_day: date, days: int) -> frozenset[int]:
    """Day indexes of the Estonian public holidays in the period (the one calendar's list)."""
    out = set()
    for i in range(days):
        day = first_day + timedelta(days=i)
        if day in public_holidays(day.year):
            out.add(i)
    return frozenset(out)


def norm_minutes(day: date, weekly: Decimal) -> float:
    """The day's share of the working-time norm of a contract of `weekly` hours (Employment
    Contracts Act § 46 and the Public Holidays Act): a fifth of the weekly hours on a working day
    (Monday to Friday, not a public holiday), nothing on a weekend or public holiday, and three
    hours less, pro rata, on the working day before Independence Day, Victory Day, Christmas Eve
    and New Year's Day. Summed over a period it is the hours the contract owes in it."""
    if not is_working_day(day):
        return 0.0
    minutes = float(weekly) / 5 * 60
    if (day.month, day.day) in SHORTENED_DAYS:
        minutes -= SHORTENED_BY.total_seconds() / 60 * float(weekly) / FULL_TIME_HOURS
    return max(0.0, minutes)


def roster_problem(roster: Roster, *, time_limit: float = 30.0) -> Problem:
    """The roster as the solver and the rule check read it, from the database as it is now."""
    days = roster.weeks * 7
    first, last = roster.first_day, roster.first_day + timedelta(days=days - 1)
    people = team_people(roster.unit, on=first, days=days)
    ids = [employee.pk for employee, _hours, _employed in people]
    team = TeamSettings.objects.filter(unit=roster.unit).first()
    tolerance = int((team.hours_tolerance if team else DEFAULT_TOLERANCE_HOURS) * 60)

    absent: dict[int, set[int]] = defaultdict(set)
    for employee_id, start, end in Absence.objects.filter(
        employee_id__in=ids, start_date__lte=last, end_date__gte=first
    ).values_list("employee_id", "start_date", "end_date"):
        for i in range((max(start, first) - first).days, (min(end, last) - first).days + 1):
            absent[employee_id].add(i)
    requested: dict[int, set[int]] = defaultdict(set)
    for employee_id, day in DayOffRequest.objects.filter(
        employee_id__in=ids, day__gte=first, day__lte=last
    ).values_list("employee_id", "day"):
        requested[employee_id].add((day - first).days)
    skills: dict[int, list[str]] = defaultdict(list)
    for employee_id, queue in (
        AgentSkill.objects.filter(agent__employee_id__in=ids)
        .order_by("priority", "queue__name")
        .values_list("agent__employee_id", "queue__name")
    ):
        skills[employee_id].append(queue)

    persons = []
    for employee, weekly, employed in people:
        # Days outside the employment owe nothing and get no shift, as an approved absence's.
        absent[employee.pk].update(i for i in range(days) if i not in employed)
        # An approved absence takes its day's share of the norm off the period.
        minutes = sum(
            norm_minutes(first + timedelta(days=i), weekly)
            for i in range(days)
            if i not in absent[employee.pk]
        )
        persons.append(
            Person(
                key=employee.pk,
                name=str(employee),
                contracted=max(0, int(round(minutes))),
                tolerance=tolerance,
                unavailable=frozenset(absent[employee.pk]),
                requested_off=frozenset(requested[employee.pk]),
                skills=tuple(skills[employee.pk]),
            )
        )
    templates = sorted(roster.templates.all(), key=lambda t: (t.starts, t.length_minutes, t.pk))
    return Problem(
        first_day=first,
        days=days,
        tz=settings.TIME_ZONE,
        people=tuple(persons),
        options=tuple(option_for(t) for t in templates),
        required=_required(roster.plan, first, days),
        holidays=holidays_between(first, days),
        time_limit=time_limit,
    )


def shift_assignments(roster: Roster, shifts=None) -> list[Assignment]:
    """The roster's Shift rows as the rule check reads them."""
    rows = shifts if shifts is not None else roster.shifts.all()
    return [
        Assignment(
            person=s.employee_id,
            day=(s.day - roster.first_day).days,
            option=str(s.template_id) if s.template_id else "",
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            break_starts_at=s.break_starts_at,
            break_minutes=s.break_minutes,
        )
        for s in rows
    ]


# ---- labels and snapshots -------------------------------------------------------------------


def times_label(starts_at: datetime, ends_at: datetime) -> str:
    tz = _tz()
    return f"{starts_at.astimezone(tz):%H:%M}–{ends_at.astimezone(tz):%H:%M}"


def shift_snapshot(shift: Shift) -> dict:
    return {
        "employee": shift.employee_id,
        "day": shift.day.isoformat(),
        "starts_at": shift.starts_at.isoformat(),
        "ends_at": shift.ends_at.isoformat(),
        "break_minutes": shift.break_minutes,
        "break_starts_at": shift.break_starts_at.isoformat() if shift.break_starts_at else None,
        "on_holiday": shift.on_holiday,
        "night_minutes": shift.night_minutes,
        "template": shift.template_id,
    }


def snapshot_label(entry: dict | None) -> str | None:
    if entry is None:
        return None
    return times_label(datetime.fromisoformat(entry["starts_at"]), datetime.fromisoformat(entry["ends_at"]))


def snapshot_key(entry: dict) -> tuple[int, str]:
    return entry["employee"], entry["day"]


def last_publication(roster: Roster) -> RosterPublication | None:
    if not roster.publication:
        return None
    return RosterPublication.objects.filter(roster=roster, number=roster.publication).first()


def unpublished_changes(roster: Roster) -> set[tuple[int, str]]:
    """(employee id, ISO day) where the Shift rows differ from the last publication (empty when
    never published: then everything is unpublished and the page says so)."""
    publication = last_publication(roster)
    if publication is None:
        return set()
    published = {snapshot_key(e): snapshot_label(e) for e in publication.shifts}
    current = {
        (s.employee_id, s.day.isoformat()): times_label(s.starts_at, s.ends_at) for s in roster.shifts.all()
    }
    return {key for key in published.keys() | current.keys() if published.get(key) != current.get(key)}


# ---- the planner's pages --------------------------------------------------------------------


def rosters_in_scope(user, *, unit_id=None):
    rows = Roster.objects.select_related("unit", "plan").order_by("-first_day", "-created_at")
    ids = scope.unit_ids_in_scope(user)
    if ids is not None:
        rows = rows.filter(unit_id__in=ids)
    if unit_id is not None:
        rows = rows.filter(unit_id=unit_id)
    return rows


def roster_get(*, user, roster_id) -> Roster:
    """The roster when its team is in the user's scope, else NotFound."""
    if not id_ok(roster_id):
        raise NotFound(_("No such roster."))
    roster = rosters_in_scope(user).filter(pk=roster_id).first()
    if roster is None:
        raise NotFound(_("No such roster."))
    return roster


def templates_of(unit, *, active_only: bool = False):
    rows = ShiftTemplate.objects.filter(unit=unit)
    return rows.filter(active=True) if active_only else rows


def plans_of(unit):
    return StaffingPlan.objects.filter(unit=unit).order_by("-created_at")


@dataclass
class Cell:
    day: date
    shift: Shift | None = None
    label: str = ""
    changed: bool = False
    absent: bool = False
    requested_off: bool = False
    holiday: bool = False


@dataclass
class GridRow:
    employee_id: int
    name: str
    cells: list[Cell]
    planned_minutes: int = 0
    contracted_minutes: int = 0
    tolerance_minutes: int = 0

    @property
    def outside_tolerance(self) -> bool:
        return abs(self.planned_minutes - self.contracted_minutes) > self.tolerance_minutes


@dataclass
class DayCoverage:
    day: date
    chart: str
    short: list[dict] = field(default_factory=list)


def slot_label(slot: int) -> str:
    minutes = slot * SLOT_MINUTES
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def covered_slots(shifts, first_day: date, days: int) -> list[list[int]]:
    """covered[d][s]: people working (not on break) in local slot s of day d, from Shift rows."""
    tz = _tz()
    covered = [[0] * SLOTS_PER_DAY for _ in range(days)]
    step = timedelta(minutes=SLOT_MINUTES)
    for s in shifts:
        brk_from = s.break_starts_at
        brk_to = brk_from + timedelta(minutes=s.break_minutes) if brk_from else None
        at = s.starts_at
        while at < s.ends_at:
            if not (brk_from and brk_from <= at < brk_to):
                local = at.astimezone(tz)
                d = (local.date() - first_day).days
                if 0 <= d < days:
                    covered[d][(local.hour * 60 + local.minute) // SLOT_MINUTES] += 1
            at += step
    return covered


def _coverage(problem: Problem, covered: list[list[int]]) -> list[DayCoverage]:
    out = []
    for d in range(problem.days):
        required, have = problem.required[d], covered[d]
        busy = [s for s in range(SLOTS_PER_DAY) if required[s] or have[s]]
        day = problem.first_day + timedelta(days=d)
        if not busy:
            out.append(DayCoverage(day=day, chart=""))
            continue
        first, last = busy[0] - busy[0] % 4, min(SLOTS_PER_DAY - 1, busy[-1] + 3 - busy[-1] % 4)
        slots = range(first, last + 1)
        chart = charts.bar_chart(
            day.strftime("%d.%m.%Y"),
            [slot_label(s) if s % 4 == 0 else "" for s in slots],
            [(_("Required"), [required[s] for s in slots]), (_("Rostered"), [have[s] for s in slots])],
            unit=_("agents"),
        )
        short = [
            {
                "slot": slot_label(s),
                "required": required[s],
                "covered": have[s],
                "missing": required[s] - have[s],
            }
            for s in slots
            if have[s] < required[s]
        ]
        out.append(DayCoverage(day=day, chart=chart, short=short))
    return out


def roster_failure(*, ctx: AccessContext, roster: Roster) -> dict:
    """Why a roster could not be solved: the rule, the person it names and the reason (which may
    state their contracted hours), logged as a look at that person."""
    result = roster.result or {}
    if result.get("person_ids"):
        access_log_record(ctx=ctx, employee_ids=result["person_ids"], action="roster_failure")
    person = result.get("person", "")
    return {
        "rule_label": rule_label(result.get("rule", "")),
        "person": person,
        # Rosters that failed before the reason was kept as figures show the stored English text.
        "why": why_text(person, result.get("params") or {}) or roster.problem,
    }


def roster_grid(*, ctx: AccessContext, roster: Roster) -> dict:
    """Person × day with shift times, marks and unpublished changes, hours against the contract,
    and the coverage per day (logged: it names the team's people)."""
    problem = roster_problem(roster)
    shifts = list(roster.shifts.select_related("employee", "template"))
    by_key = {(s.employee_id, s.day): s for s in shifts}
    changed = unpublished_changes(roster)
    days = roster_days(roster)
    people = {p.key: p for p in problem.people}
    names = {p.key: p.name for p in problem.people}
    for s in shifts:
        names.setdefault(s.employee_id, str(s.employee))
    rows = []
    for employee_id, name in names.items():
        person = people.get(employee_id)
        cells = []
        planned = 0
        for i, day in enumerate(days):
            shift = by_key.get((employee_id, day))
            if shift:
                planned += int((shift.ends_at - shift.starts_at).total_seconds() // 60) - shift.break_minutes
            cells.append(
                Cell(
                    day=day,
                    shift=shift,
                    label=times_label(shift.starts_at, shift.ends_at) if shift else "",
                    changed=(employee_id, day.isoformat()) in changed,
                    absent=bool(person and i in person.unavailable),
                    requested_off=bool(person and i in person.requested_off),
                    holiday=i in problem.holidays,
                )
            )
        rows.append(
            GridRow(
                employee_id=employee_id,
                name=name,
                cells=cells,
                planned_minutes=planned,
                contracted_minutes=person.contracted if person else 0,
                tolerance_minutes=person.tolerance if person else 0,
            )
        )
    if rows:
        access_log_record(ctx=ctx, employee_ids=sorted(names), action="shifts")
    coverage = _coverage(problem, covered_slots(shifts, roster.first_day, problem.days))
    return {
        "days": days,
        "holidays": {days[i] for i in problem.holidays},
        "rows": rows,
        "coverage": coverage,
        "short_total": sum(len(c.short) for c in coverage),
        "changed": changed,
        "templates": list(roster.templates.all()),
    }


# ---- the agent's own shifts -----------------------------------------------------------------


@dataclass(frozen=True)
class PublishedShift:
    employee_id: int
    day: date
    starts_at: datetime
    ends_at: datetime
    break_starts_at: datetime | None
    break_minutes: int
    on_holiday: bool
    night_minutes: int
    unit: str

    @property
    def label(self) -> str:
        return times_label(self.starts_at, self.ends_at)


def _published_entry(entry: dict, unit: str) -> PublishedShift:
    starts_at, ends_at = datetime.fromisoformat(entry["starts_at"]), datetime.fromisoformat(entry["ends_at"])
    brk = entry.get("break_starts_at")
    if brk:
        break_starts_at = datetime.fromisoformat(brk)
    else:  # publications before 2026-11-23 kept no break start: the solver puts it mid-shift
        length = timedelta(minutes=entry["break_minutes"])
        break_starts_at = starts_at + (ends_at - starts_at - length) / 2 if length else None
    return PublishedShift(
        employee_id=entry["employee"],
        day=date.fromisoformat(entry["day"]),
        starts_at=starts_at,
        ends_at=ends_at,
        break_starts_at=break_starts_at,
        break_minutes=entry["break_minutes"],
        on_holiday=entry["on_holiday"],
        night_minutes=entry["night_minutes"],
        unit=unit,
    )


def published_plan(
    *, first: date, last: date, employee_ids=None, unit=None
) -> dict[int, list[PublishedShift]]:
    """{employee id: shifts by start} between the days as last published: each roster's last
    publication snapshot, so edits not yet published are neither seen by the agent nor counted as
    planned. Where two published rosters hold a person's day, the one published last. Limited to
    `employee_ids` and/or the rosters of `unit`."""
    rosters = Roster.objects.filter(
        publication__gt=0, first_day__lte=last, first_day__gt=first - timedelta(weeks=4)
    ).select_related("unit")
    if unit is not None:
        rosters = rosters.filter(unit=unit)
    wanted = None if employee_ids is None else set(employee_ids)
    chosen: dict[tuple[int, date], PublishedShift] = {}
    for roster in rosters.order_by("published_at", "pk"):  # later publications overwrite
        publication = last_publication(roster)
        for entry in publication.shifts if publication else ():
            if wanted is not None and entry["employee"] not in wanted:
                continue
            day = date.fromisoformat(entry["day"])
            if first <= day <= last:
                chosen[(entry["employee"], day)] = _published_entry(entry, roster.unit.name)
    out: dict[int, list[PublishedShift]] = defaultdict(list)
    for shift in sorted(chosen.values(), key=lambda s: s.starts_at):
        out[shift.employee_id].append(shift)
    return out


def published_shifts(employee, *, first: date, last: date) -> list[PublishedShift]:
    """The employee's shifts between the days as last published, by start."""
    if employee is None:
        return []
    return published_plan(first=first, last=last, employee_ids=[employee.pk]).get(employee.pk, [])


def my_shifts(user) -> dict:
    """The signed-in person's published shifts: upcoming (to the end of the rosters published) and
    the last two weeks."""
    today = timezone.localdate()
    employee = scope.own_employee(user)
    rows = published_shifts(
        employee, first=today - timedelta(days=MY_SHIFTS_PAST_DAYS), last=today + timedelta(days=60)
    )
    return {
        "employee": employee,
        "upcoming": [s for s in rows if s.day >= today],
        "past": [s for s in rows if s.day < today],
    }


def my_days_off(user) -> list[DayOffRequest]:
    employee = scope.own_employee(user)
    if employee is None:
        return []
    return list(DayOffRequest.objects.filter(employee=employee, day__gte=timezone.localdate()))


def planner_rosters_pending(user, *, limit: int = 10) -> list[Roster]:
    """Rosters of the user's teams solved but never published, or that could not be solved."""
    if not user.has_perm(scope.PLAN):
        return []
    rows = rosters_in_scope(user).filter(status__in=[Roster.Status.SOLVED, Roster.Status.FAILED])
    return list(rows[:limit])
