"""A hand-made team for the workload tests: its numbers are worked out in test_workload_figures.py.

The week of Monday 05.10.2026 (EEST, +03:00). Team "Kõnekeskus", queue "pensionid".
- Anna (agent 201): state rollups on 05.10: available 1 h, on a call 5 h, after-call work 1 h,
  break 0.5 h → occupancy 21600 / 25200 = 85.71 %, signed in 7.5 h, ACW share 1/6.
- Bert (agent 202): spans on 06.10 not rolled up yet (a mark): available 10:00–12:00, on a call
  12:00–13:00, after-call work 13:00–13:30 → occupancy 5400 / 12600 = 42.86 %, 3.5 h.
- Carl: in the team, no phone agent.
- Calls: 05.10 40 offered, 20 answered in 10 s and 20 in 60 s, all by Anna (SL 50 %); 06.10 25
  offered, all answered in 5 s by Bert (SL 100 %). Each answered call: talk 200, hold 10, ACW 30.
- Forecast (newest): 05.10 4 × 5 = 20 calls, +50 % for the day → 30; 06.10 4 × 6 = 24, +100 % on
  slot 40 → 30. An older forecast says 100 a day (not read).
- Staffing plan: 05.10 10:00–11:30 needs 3 agents, 11:30–12:00 needs 1. Published roster: Anna
  08:00–16:30 with a break 10:30–11:00, Bert 10:00–18:00 → 10:00–11:30 short by 1, 1, 2, 2, 1, 1.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from conftest import make_user
from teenindus.contacts.models import Contact, Topic
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.quality.models import Evaluation, EvaluationForm
from teenindus.telephony.models import (
    Agent,
    AgentSkill,
    AgentStateChange,
    AgentStateInterval,
    AgentStateMark,
    Call,
    Queue,
)
from teenindus.telephony.rollups import call_intervals_refresh
from teenindus.tickets.models import Category, SupportGroup, Ticket
from teenindus.workforce.models import (
    Forecast,
    ForecastAdjustment,
    ForecastInterval,
    Roster,
    Shift,
    StaffingInterval,
    StaffingPlan,
    TeamSettings,
)
from teenindus.workforce.tests.roster_helpers import publish_as_is

TZ = ZoneInfo("Europe/Tallinn")
MONDAY = date(2026, 10, 5)
TUESDAY = date(2026, 10, 6)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def slot_of(moment: datetime) -> int:
    return (moment.hour * 60 + moment.minute) // 15


def _states(agent: Agent, day: date, seconds_by_state: dict[str, int], first_slot: int = 32) -> None:
    """Rolled-up seconds, each state over whole consecutive slots (900 s each)."""
    slot = first_slot
    rows = []
    for state, seconds in seconds_by_state.items():
        while seconds > 0:
            part = min(900, seconds)
            rows.append(AgentStateInterval(agent=agent, local_date=day, slot=slot, state=state, seconds=part))
            seconds -= part
            slot += 1
    AgentStateInterval.objects.bulk_create(rows)


def _calls(queue: Queue, agent: Agent, day: date, waits: list[int], prefix: str) -> list[Call]:
    calls = []
    for i, wait in enumerate(waits):
        entered = at(day, 10) + timedelta(minutes=i)
        answered = entered + timedelta(seconds=wait)
        calls.append(
            Call(
                call_id=f"{prefix}-{i}",
                queue=queue,
                entered_at=entered,
                local_date=day,
                slot=slot_of(entered),
                outcome="answered",
                agent=agent,
                answered_at=answered,
                ended_at=answered + timedelta(seconds=240),
                wait_seconds=wait,
                talk_seconds=200,
                hold_seconds=10,
                acw_seconds=30,
            )
        )
    Call.objects.bulk_create(calls)
    call_intervals_refresh({(queue.pk, c.local_date, c.slot) for c in calls})
    return calls


def _forecast(queue: Queue, per_slot: dict[date, float], created: datetime) -> Forecast:
    forecast = Forecast.objects.create(
        queue=queue,
        first_day=MONDAY,
        last_day=MONDAY + timedelta(days=6),
        method="baseline",
        proposed_method="baseline",
    )
    Forecast.objects.filter(pk=forecast.pk).update(created_at=created)
    ForecastInterval.objects.bulk_create(
        ForecastInterval(forecast=forecast, local_date=day, slot=slot, contacts=value, aht_seconds=240)
        for day, value in per_slot.items()
        for slot in range(40, 44)
    )
    return forecast


def workload_world(users) -> dict:
    agency = Agency.objects.create(name="Amet")
    unit = Unit.objects.create(agency=agency, name="Kõnekeskus", kind="section")
    other = Unit.objects.create(agency=agency, name="Muu talitus", kind="section")
    lead_position = Position.objects.create(unit=unit, title="Talitusejuhataja", is_manager=True)
    position = Position.objects.create(unit=unit, title="Kliendinõustaja", manager=lead_position)
    lead = Employee.objects.create(first_name="Liis", last_name="Juht", user=users["teamlead"])
    Employment.objects.create(employee=lead, position=lead_position, start_date="2024-01-01")
    people = {}
    for key, first, last in (("anna", "Anna", "Aas"), ("bert", "Bert", "Berg"), ("carl", "Carl", "Cedr")):
        employee = Employee.objects.create(first_name=first, last_name=last, user=make_user(key))
        Employment.objects.create(employee=employee, position=position, start_date="2025-01-01")
        people[key] = employee
    stranger = Employee.objects.create(first_name="Sven", last_name="Võõras")
    Employment.objects.create(
        employee=stranger,
        position=Position.objects.create(unit=other, title="Nõustaja"),
        start_date="2025-01-01",
    )
    queue = Queue.objects.create(
        name="pensionid", title="Pensionid", sl_threshold_seconds=20, short_abandon_seconds=5
    )
    settings = TeamSettings.objects.create(unit=unit, target_sl_percent=80, max_occupancy_percent=85)
    settings.queues.set([queue])
    anna = Agent.objects.create(name="Anna Aas", extension="201", employee=people["anna"])
    bert = Agent.objects.create(name="Bert Berg", extension="202", employee=people["bert"])
    for agent in (anna, bert):
        AgentSkill.objects.create(agent=agent, queue=queue)
    _states(anna, MONDAY, {"available": 3600, "on_call": 18000, "acw": 3600, "break": 1800})
    for state, start, end in (
        ("available", at(TUESDAY, 10), at(TUESDAY, 12)),
        ("on_call", at(TUESDAY, 12), at(TUESDAY, 13)),
        ("acw", at(TUESDAY, 13), at(TUESDAY, 13, 30)),
        ("offline", at(TUESDAY, 13, 30), at(TUESDAY, 18)),
    ):
        AgentStateChange.objects.create(
            agent=bert, state=state, started_at=start, ended_at=end, source="test"
        )
    AgentStateMark.objects.create(agent=bert, since=at(TUESDAY, 10))
    monday_calls = _calls(queue, anna, MONDAY, [10] * 20 + [60] * 20, "mon")
    tuesday_calls = _calls(queue, bert, TUESDAY, [5] * 25, "tue")
    Call.objects.filter(call_id="mon-1").update(talk_seconds=300)  # handle time 340 s
    # Contacts: Anna 3 × Vanaduspension (2 linked to calls) and 1 × Toetused (linked), one more
    # outside the period; Bert 1 × Vanaduspension linked.
    parent = Topic.objects.create(name="Pensionid", code="pensionid")
    pension = Topic.objects.create(name="Vanaduspension", code="vanaduspension", parent=parent)
    benefit = Topic.objects.create(name="Toetused", code="toetused")

    def contact(user, topic, day, call=""):
        return Contact.objects.create(
            channel="phone",
            topic=topic,
            outcome="solved",
            handled_by=user,
            call_id=call,
            occurred_at=at(day, 11),
            local_date=day,
        )

    a_user, b_user = people["anna"].user, people["bert"].user
    first = contact(a_user, pension, MONDAY, monday_calls[0].call_id)
    contact(a_user, pension, MONDAY, monday_calls[1].call_id)
    contact(a_user, pension, MONDAY)
    contact(a_user, benefit, MONDAY, monday_calls[2].call_id)
    later = contact(a_user, pension, date(2026, 10, 12))
    contact(b_user, pension, TUESDAY, tuesday_calls[0].call_id)
    # Tickets: Anna escalated two (one closed), both assigned to Bert.
    group = SupportGroup.objects.create(name="Pensionid II", code="pensionid-ii")
    category = Category.objects.create(group=group, name="Arvutus", code="arvutus")
    for state in ("in_progress", "closed"):
        Ticket.objects.create(
            summary="Pension",
            description="…",
            group=group,
            category=category,
            owner=a_user,
            assignee=people["bert"],
            state=state,
            state_since=timezone.now(),
        )
    # Evaluations: one of Anna's contacts in the period (80 %), one outside it, a calibration score.
    form = EvaluationForm.objects.create(family=1, name="Kõne", created_by=users["teamlead"])
    for evaluated, kind, score in (
        (first, "regular", 80),
        (later, "regular", 60),
        (first, "calibration", 10),
    ):
        Evaluation.objects.create(
            form=form,
            contact=evaluated,
            agent=a_user,
            evaluator=users["senior"] if kind == "calibration" else users["teamlead"],
            kind=kind,
            month=evaluated.local_date.replace(day=1),
            score=score,
        )
    # Forecasts: an older one (not read) and the newest with a day and an interval adjustment.
    _forecast(queue, {MONDAY: 25, TUESDAY: 25}, at(MONDAY, 0) - timedelta(days=20))
    newest = _forecast(queue, {MONDAY: 5, TUESDAY: 6}, at(MONDAY, 0) - timedelta(days=10))
    day_adjustment = ForecastAdjustment.objects.create(
        forecast=newest, local_date=MONDAY, percent=50, reason="Kiri"
    )
    ForecastAdjustment.objects.create(
        forecast=newest, local_date=TUESDAY, slot=40, percent=100, reason="Kampaania"
    )
    # Staffing and the published roster.
    plan = StaffingPlan.objects.create(unit=unit, first_day=MONDAY, last_day=MONDAY + timedelta(days=6))
    StaffingInterval.objects.bulk_create(
        StaffingInterval(
            plan=plan,
            local_date=MONDAY,
            slot=slot,
            contacts=10,
            aht_seconds=240,
            agents_on_phones=required,
            agents_required=required,
            service_level=0.8,
            asa_seconds=10,
            occupancy=0.8,
        )
        for slot, required in [(s, 3) for s in range(40, 46)] + [(46, 1), (47, 1)]
    )
    roster = Roster.objects.create(
        unit=unit,
        first_day=MONDAY,
        weeks=1,
        plan=plan,
        status="published",
        publication=1,
        published_at=timezone.now(),
    )
    Shift.objects.create(
        roster=roster,
        employee=people["anna"],
        day=MONDAY,
        starts_at=at(MONDAY, 8),
        ends_at=at(MONDAY, 16, 30),
        break_starts_at=at(MONDAY, 10, 30),
        break_minutes=30,
    )
    Shift.objects.create(
        roster=roster, employee=people["bert"], day=MONDAY, starts_at=at(MONDAY, 10), ends_at=at(MONDAY, 18)
    )
    publish_as_is(roster)
    # A draft roster of the same week: its shifts count for nothing.
    draft = Roster.objects.create(unit=unit, first_day=MONDAY, weeks=1, plan=plan, status="solved")
    Shift.objects.create(
        roster=draft, employee=people["carl"], day=MONDAY, starts_at=at(MONDAY, 8), ends_at=at(MONDAY, 16)
    )
    return {
        "unit": unit,
        "other": other,
        "settings": settings,
        "queue": queue,
        "people": people,
        "roster": roster,
        "day_adjustment": day_adjustment,
        "stranger": stranger,
    }
