"""The team's workload (job description 003 point 3.9): per team and agent over a period, read
from what is recorded elsewhere, nothing stored. Reads only (the access log aside).

- Occupancy, signed-in hours and the seconds by state come from telephony's `agents_figures`
  (the state rollups plus the un-rolled tail, domain.md's definition: time handling contacts /
  (time handling + time available and idle)); the team's occupancy is the same figure over the
  team's summed seconds by state (telephony's own formula, not a second one).
- After-call work share = seconds in after-call work / (seconds on a call + in after-call work).
- Contacts per hour = contacts the agent recorded (any channel) / hours signed in; answered calls
  per hour likewise.
- Handle time by topic: the agent's contacts by topic; a contact linked to a handled call (its
  `call_id`) carries that call's talk + hold + after-call work.
- Open tickets: assigned to the agent and not closed; escalated by the agent and not closed.
- Evaluations: regular evaluations of the agent's contacts of the period.
- Forecast against actual, per team queue and day: the newest forecast covering the day, its
  values after the lead's adjustments (`selectors.forecast_adjusted`, the one reading), against the
  calls offered (telephony's `calls_stats`); error = (forecast − actual) / actual.
- Rostered against required, per 15-minute interval: the team's shifts as last published
  (`selectors_roster.published_plan`), without their breaks, against the staffing plan of the
  newest published roster covering the day (`agents_required`).

Proposals from these figures are made in `proposals_workload.py`."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Avg, Count, F, OuterRef, Subquery, Sum
from django.utils.translation import gettext as _

from teenindus.audit.context import AccessContext
from teenindus.audit.services import access_log_record
from teenindus.contacts.models import Contact, Topic
from teenindus.core.exceptions import ApplicationError, NotFound
from teenindus.org.models import Unit
from teenindus.quality.models import Evaluation
from teenindus.telephony import selectors as telephony
from teenindus.telephony.intervals import SLOT_SECONDS, split_by_slot
from teenindus.telephony.models import Agent, AgentState, Call
from teenindus.tickets.models import Ticket
from teenindus.tickets.moves import OPEN, State
from teenindus.workforce import scope
from teenindus.workforce.models import Forecast, Roster, StaffingInterval, TeamSettings
from teenindus.workforce.proposals_workload import STAFF_SHORT_MIN_AGENTS, proposals_make
from teenindus.workforce.selectors import forecast_adjusted
from teenindus.workforce.selectors_roster import PublishedShift, published_plan

MAX_DAYS = 92  # the longest period the page reads (about a quarter)
DEFAULT_WEEKS = 4  # without a period: the last 4 full weeks (Monday to Sunday)
ACTION = "workload"  # the access log's action for the page and the PDF


@dataclass(frozen=True)
class Period:
    first: date
    last: date  # inclusive

    @property
    def end(self) -> date:
        return self.last + timedelta(days=1)

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]


@dataclass
class AgentLoad:
    employee_id: int
    name: str
    has_agent: bool
    signed_in_hours: float = 0.0
    occupancy: float | None = None
    acw_share: float | None = None
    answered: int = 0
    calls_per_hour: float | None = None
    contacts: int = 0
    contacts_per_hour: float | None = None
    handle_seconds: float = 0.0
    handled_contacts: int = 0
    tickets_assigned: int = 0
    tickets_escalated: int = 0
    evaluations: int = 0
    mean_score: float | None = None
    states: dict = field(default_factory=dict)


@dataclass
class TopicLoad:
    topic: str
    contacts: int
    handled: int  # contacts linked to a handled call
    handle_seconds: float
    agent: str = ""

    @property
    def mean_handle_seconds(self) -> float | None:
        return round(self.handle_seconds / self.handled, 1) if self.handled else None


@dataclass
class QueueDay:
    queue: str
    day: date
    forecast: float | None  # None: no forecast covered the day
    actual: int
    service_level: float | None
    sl_base: int  # offered − short-abandoned

    @property
    def error(self) -> float | None:
        """(forecast − actual) / actual: negative when the forecast under-estimated."""
        if self.forecast is None or not self.actual:
            return None
        return round((self.forecast - self.actual) / self.actual, 4)


@dataclass
class StaffingDay:
    day: date
    required_hours: float
    rostered_hours: float
    short_hours: float  # agent-hours short, summed over the day's short intervals
    # slot → (required, rostered) for every interval with either
    slots: dict[int, tuple[float, float]] = field(default_factory=dict)


@dataclass
class Workload:
    unit: Unit
    period: Period
    settings: TeamSettings
    agents: list[AgentLoad]
    team: AgentLoad
    topics: list[TopicLoad]
    agent_topics: list[TopicLoad]
    queue_days: list[QueueDay]
    staffing: list[StaffingDay]
    proposals: list = field(default_factory=list)


# --- input ---------------------------------------------------------------------------------


def default_period(today: date) -> Period:
    """The last DEFAULT_WEEKS full weeks, Monday to Sunday, before the current week."""
    monday = today - timedelta(days=today.weekday())
    return Period(monday - timedelta(weeks=DEFAULT_WEEKS), monday - timedelta(days=1))


def _parse(raw: str, name: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise ApplicationError(_("Enter the date as YYYY-MM-DD, e.g. 2026-11-02."), field=name) from None


def workload_period(*, raw_from: str | None, raw_to: str | None, today: date) -> Period:
    """The period asked for (both days inclusive), or the default when neither is given."""
    if not (raw_from or "").strip() and not (raw_to or "").strip():
        return default_period(today)
    if not (raw_from or "").strip() or not (raw_to or "").strip():
        raise ApplicationError(_("Give both the first and the last day of the period."), field="from")
    first, last = _parse(raw_from, "from"), _parse(raw_to, "to")
    if last < first:
        raise ApplicationError(_("The last day is before the first day."), field="to")
    if (last - first).days + 1 > MAX_DAYS:
        raise ApplicationError(
            _("The period is at most %(days)s days long.") % {"days": MAX_DAYS}, field="to"
        )
    return Period(first, last)


def workload_unit(*, user, unit_id) -> Unit:
    """The team when the user plans it (workforce scope); NotFound otherwise."""
    unit = scope.unit_in_scope(user, unit_id)
    if unit is None:
        raise NotFound(_("No such team."), field="unit")
    return unit


# --- figures -------------------------------------------------------------------------------


def _occupancy(states: dict) -> float | None:
    """Telephony's occupancy of these seconds by state (its one definition)."""
    return telephony._figures(telephony._EMPTY, states)["occupancy"]


def _per_hour(count: int, hours: float) -> float | None:
    return round(count / hours, 2) if hours else None


def _acw_share(states: dict) -> float | None:
    handling = states.get(AgentState.ON_CALL, 0.0) + states.get(AgentState.ACW, 0.0)
    return round(states.get(AgentState.ACW, 0.0) / handling, 4) if handling else None


def _handle_time_subquery():
    handled = Call.objects.filter(call_id=OuterRef("call_id"), outcome="answered", ended_at__isnull=False)
    return Subquery(
        handled.annotate(t=F("talk_seconds") + F("hold_seconds") + F("acw_seconds")).values("t")[:1]
    )


def _topic_rows(user_ids: list[int], period: Period) -> list[tuple]:
    """(user_id, topic_id, contacts, handled contacts, handle seconds) of the users' contacts."""
    contacts = Contact.objects.filter(
        handled_by_id__in=user_ids, local_date__gte=period.first, local_date__lte=period.last
    ).annotate(handle=_handle_time_subquery())
    return list(
        contacts.values("handled_by_id", "topic_id")
        .annotate(n=Count("id"), handled=Count("handle"), seconds=Sum("handle"))
        .values_list("handled_by_id", "topic_id", "n", "handled", "seconds")
        .order_by()
    )


def _agent_loads(employees: list, period: Period) -> list[AgentLoad]:
    agents = {a.employee_id: a for a in Agent.objects.filter(employee__in=employees)}
    figures = {row["extension"]: row for row in telephony.agents_figures(start=period.first, end=period.end)}
    loads = []
    for employee in employees:
        agent = agents.get(employee.pk)
        load = AgentLoad(employee_id=employee.pk, name=str(employee), has_agent=agent is not None)
        row = figures.get(agent.extension) if agent else None
        if row:
            load.states = dict(row["states"])
            load.signed_in_hours = row["signed_in_hours"]
            load.occupancy = row["occupancy"]
            load.answered = row["answered"]
            load.acw_share = _acw_share(load.states)
        loads.append(load)
    return loads


def _people_figures(loads: list[AgentLoad], employees: list, period: Period) -> dict:
    """Contacts, handle time by topic, tickets and evaluations onto the loads; returns the
    topic rows {(employee_id, topic_id): [contacts, handled, seconds]}."""
    by_user = {e.user_id: e.pk for e in employees if e.user_id}
    by_employee = {load.employee_id: load for load in loads}
    topics: dict = {}
    for user_id, topic_id, n, handled, seconds in _topic_rows(list(by_user), period):
        load = by_employee[by_user[user_id]]
        load.contacts += n
        load.handled_contacts += handled
        load.handle_seconds += seconds or 0.0
        topics[(load.employee_id, topic_id)] = [n, handled, seconds or 0.0]
    assigned = Ticket.objects.filter(assignee_id__in=list(by_employee), state__in=sorted(OPEN))
    for employee_id, n in assigned.values_list("assignee_id").annotate(n=Count("id")).order_by():
        by_employee[employee_id].tickets_assigned = n
    owned = Ticket.objects.filter(owner_id__in=list(by_user)).exclude(state=State.CLOSED)
    for user_id, n in owned.values_list("owner_id").annotate(n=Count("id")).order_by():
        by_employee[by_user[user_id]].tickets_escalated = n
    evaluations = Evaluation.objects.filter(
        agent_id__in=list(by_user),
        kind=Evaluation.Kind.REGULAR,
        contact__local_date__gte=period.first,
        contact__local_date__lte=period.last,
    )
    for user_id, n, mean in (
        evaluations.values_list("agent_id").annotate(n=Count("id"), mean=Avg("score")).order_by()
    ):
        load = by_employee[by_user[user_id]]
        load.evaluations, load.mean_score = n, (round(float(mean), 1) if mean is not None else None)
    for load in loads:
        load.contacts_per_hour = _per_hour(load.contacts, load.signed_in_hours)
        load.calls_per_hour = _per_hour(load.answered, load.signed_in_hours)
    return topics


def _team_load(loads: list[AgentLoad]) -> AgentLoad:
    team = AgentLoad(employee_id=0, name=_("Team"), has_agent=True)
    states: dict = defaultdict(float)
    for load in loads:
        for state, seconds in load.states.items():
            states[state] += seconds
        team.signed_in_hours += load.signed_in_hours
        team.answered += load.answered
        team.contacts += load.contacts
        team.handled_contacts += load.handled_contacts
        team.handle_seconds += load.handle_seconds
        team.tickets_assigned += load.tickets_assigned
        team.tickets_escalated += load.tickets_escalated
        team.evaluations += load.evaluations
    team.states = dict(states)
    team.signed_in_hours = round(team.signed_in_hours, 2)
    team.occupancy = _occupancy(team.states) if team.states else None
    team.acw_share = _acw_share(team.states)
    team.contacts_per_hour = _per_hour(team.contacts, team.signed_in_hours)
    team.calls_per_hour = _per_hour(team.answered, team.signed_in_hours)
    return team


def _topics(rows: dict, loads: list[AgentLoad]) -> tuple[list[TopicLoad], list[TopicLoad]]:
    names = {t.pk: str(t) for t in Topic.objects.filter(pk__in={k[1] for k in rows}).select_related("parent")}
    people = {load.employee_id: load.name for load in loads}
    team: dict = defaultdict(lambda: [0, 0, 0.0])
    per_agent = []
    for (employee_id, topic_id), (n, handled, seconds) in rows.items():
        total = team[topic_id]
        total[0], total[1], total[2] = total[0] + n, total[1] + handled, total[2] + seconds
        per_agent.append(TopicLoad(names[topic_id], n, handled, seconds, agent=people[employee_id]))
    topics = [TopicLoad(names[t], n, h, s) for t, (n, h, s) in team.items()]
    topics.sort(key=lambda t: (-t.contacts, t.topic))
    per_agent.sort(key=lambda t: (t.agent, -t.contacts, t.topic))
    return topics, per_agent


def _queue_days(settings: TeamSettings, period: Period) -> list[QueueDay]:
    queues = list(settings.queues.all()) if settings.pk else []
    rows = []
    for queue in queues:
        actual = {
            date.fromisoformat(r["period_start"][:10]): r
            for r in telephony.calls_stats(start=period.first, end=period.end, granularity="day", queue=queue)
        }
        forecasts = list(
            Forecast.objects.filter(
                queue=queue, first_day__lte=period.last, last_day__gte=period.first
            ).order_by("-created_at", "-pk")
        )
        daily: dict[int, dict[date, float]] = {}
        for day in period.days:
            forecast = next((f for f in forecasts if f.first_day <= day <= f.last_day), None)
            value = None
            if forecast is not None:
                if forecast.pk not in daily:
                    sums: dict[date, float] = defaultdict(float)
                    for (d, _slot), (contacts, _aht) in forecast_adjusted(forecast).items():
                        sums[d] += contacts
                    daily[forecast.pk] = sums
                value = round(daily[forecast.pk].get(day, 0.0), 1)
            row = actual.get(day)
            if not value and not (row and row["offered"]):
                continue  # nothing forecast and nothing offered
            offered = row["offered"] if row else 0
            base = offered - row["short_abandoned"] if row else 0
            rows.append(
                QueueDay(str(queue), day, value, offered, row["service_level"] if row else None, base)
            )
    return rows


def _roster_for_days(unit: Unit, period: Period) -> dict[date, Roster]:
    rosters = list(
        Roster.objects.filter(
            unit=unit,
            status=Roster.Status.PUBLISHED,
            first_day__lte=period.last,
            first_day__gt=period.first - timedelta(weeks=4),  # a roster is at most 4 weeks long
        ).order_by("-published_at", "-created_at", "-pk")
    )
    chosen = {}
    for day in period.days:
        for roster in rosters:
            if roster.first_day <= day < roster.first_day + timedelta(weeks=roster.weeks):
                chosen[day] = roster
                break
    return chosen


def _staffing(unit: Unit, period: Period, short_min: float) -> list[StaffingDay]:
    """Per day of a published roster: required vs rostered agents per interval (breaks excluded;
    a part of an interval counts as that part of an agent)."""
    chosen = _roster_for_days(unit, period)
    days_of: dict[int, list[date]] = defaultdict(list)
    rosters = {}
    for day, roster in chosen.items():
        days_of[roster.pk].append(day)
        rosters[roster.pk] = roster
    result = []
    plan = published_plan(first=period.first - timedelta(days=1), last=period.last, unit=unit)
    for roster_id, days in days_of.items():
        roster = rosters[roster_id]
        required: dict[tuple[date, int], float] = {
            (d, s): float(n)
            for d, s, n in StaffingInterval.objects.filter(
                plan_id=roster.plan_id, local_date__in=days
            ).values_list("local_date", "slot", "agents_required")
        }
        rostered: dict[tuple[date, int], float] = defaultdict(float)
        shifts = (
            s for row in plan.values() for s in row if min(days) - timedelta(days=1) <= s.day <= max(days)
        )
        for shift in shifts:
            for d, s, seconds in _worked(shift):
                if d in days:
                    rostered[(d, s)] += seconds / SLOT_SECONDS
        for day in sorted(days):
            keys = {k for k in required if k[0] == day} | {k for k in rostered if k[0] == day}
            if not keys:
                continue  # nothing required and nobody rostered
            slots = {k[1]: (required.get(k, 0.0), round(rostered.get(k, 0.0), 4)) for k in keys}
            short = sum(r - w for r, w in slots.values() if r - w >= short_min)
            result.append(
                StaffingDay(
                    day,
                    required_hours=round(sum(r for r, _w in slots.values()) / 4, 2),
                    rostered_hours=round(sum(w for _r, w in slots.values()) / 4, 2),
                    short_hours=round(short / 4, 2),
                    slots=dict(sorted(slots.items())),
                )
            )
    result.sort(key=lambda d: d.day)
    return result


def _worked(shift: PublishedShift):
    """(day, slot, seconds) of the shift's working time, its break left out."""
    pieces = [(shift.starts_at, shift.ends_at)]
    if shift.break_starts_at and shift.break_minutes:
        pause_end = shift.break_starts_at + timedelta(minutes=shift.break_minutes)
        pieces = [(shift.starts_at, shift.break_starts_at), (pause_end, shift.ends_at)]
    for start, end in pieces:
        yield from split_by_slot(start, end)


def workload_report(*, ctx: AccessContext, unit: Unit, period: Period) -> Workload:
    """The team's workload over the period, with its proposals; logs the look at the named agents."""
    settings = TeamSettings.objects.filter(unit=unit).first() or TeamSettings(unit=unit)
    employees = list(scope.team_employees(unit))
    loads = _agent_loads(employees, period)
    topic_rows = _people_figures(loads, employees, period)
    topics, agent_topics = _topics(topic_rows, loads)
    report = Workload(
        unit=unit,
        period=period,
        settings=settings,
        agents=loads,
        team=_team_load(loads),
        topics=topics,
        agent_topics=agent_topics,
        queue_days=_queue_days(settings, period),
        staffing=_staffing(unit, period, STAFF_SHORT_MIN_AGENTS),
    )
    report.proposals = proposals_make(report)
    access_log_record(ctx=ctx, employee_ids=[load.employee_id for load in loads], action=ACTION)
    return report
