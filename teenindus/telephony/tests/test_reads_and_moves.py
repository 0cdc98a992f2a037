"""Reports read without writing and stay exact while rollups are pending; one table of moves."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from teenindus.core.exceptions import ValidationFailed
from teenindus.telephony import fold
from teenindus.telephony.intervals import local_midnight
from teenindus.telephony.models import (
    Agent,
    AgentState,
    AgentStateInterval,
    AgentStateMark,
    Call,
    CallSlotMark,
    QueueDay,
)
from teenindus.telephony.moves import MANUAL, MOVES, QUEUE_LOG
from teenindus.telephony.queue_log import AGENT_STATES
from teenindus.telephony.routing import call_route
from teenindus.telephony.selectors import agents_figures, calls_stats, calls_stats_from_raw
from teenindus.telephony.services import telephony_event_ingest
from teenindus.telephony.states import agent_state_set
from teenindus.telephony.sweep import telephony_sweep
from teenindus.telephony.tests.conftest import make_agent

pytestmark = pytest.mark.django_db
WRITES = ("INSERT", "UPDATE", "DELETE")


def ingest(call_id: str, kind: str, at, **fields):
    telephony_event_ingest(
        event=fold.Event(event_id=f"{call_id}-{kind}", call_id=call_id, kind=kind, at=at, **fields)
    )


def _one_day_base(minutes: int = 15):
    """A start a few seconds ahead whose next `minutes` stay on one local day: near local midnight
    it is just after the midnight to come (the phone system may stamp ahead of our clock)."""
    base = timezone.now() + timedelta(seconds=5)
    if timezone.localtime(base + timedelta(minutes=minutes)).date() != timezone.localtime(base).date():
        base = local_midnight(timezone.localtime(base).date() + timedelta(days=1)) + timedelta(minutes=1)
    return base


def _a_morning(queue):
    """Two answered calls and an abandoned one; an agent with closed spans; nothing swept.
    Returns the local day they fall on."""
    agent = make_agent(queue, "201")
    base = _one_day_base()
    for n, (wait, talk) in enumerate([(8, 60), (25, 90)]):
        start = base + timedelta(minutes=3 * n)
        ingest(f"c{n}", "offered", start, queue="pensionid", data={"caller": "5550000"})
        ingest(f"c{n}", "ringing", start + timedelta(seconds=1), agent="201")
        ingest(f"c{n}", "answered", start + timedelta(seconds=wait), agent="201")
        ingest(f"c{n}", "ended", start + timedelta(seconds=wait + talk), agent="201")
        agent_state_set(
            agent=agent, state="available", at=start + timedelta(seconds=wait + talk + 20), source="test"
        )
    ingest("c9", "offered", base + timedelta(minutes=7), queue="pensionid")
    ingest("c9", "abandoned", base + timedelta(minutes=7, seconds=40))
    return timezone.localtime(base).date()


def _reads(client, day):
    span = {"start": day, "end": day + timedelta(days=2)}
    return (
        calls_stats(**span, granularity="15m"),
        calls_stats(**span, granularity="day"),
        agents_figures(**span),
        client.get("/api/v1/stats/calls", {**{k: v.isoformat() for k, v in span.items()}}).json(),
    )


def test_reports_never_write_and_are_exact_with_rollups_pending(queue, client_for):
    day = _a_morning(queue)
    assert CallSlotMark.objects.exists() and AgentStateMark.objects.exists()  # nothing rolled up yet
    client = client_for("teamlead")
    with CaptureQueriesContext(connection) as queries:
        pending = _reads(client, day)
        client.get(reverse("telephony:dashboard_now"))
        client.get(
            reverse("telephony:dashboard"),
            {"start": day.isoformat(), "end": (day + timedelta(days=2)).isoformat(), "granularity": "hour"},
        )
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES) and "telephony_" in q["sql"]
    ]
    assert writes == []
    assert CallSlotMark.objects.exists() and AgentStateMark.objects.exists()
    by_day = pending[1]
    assert [(r["offered"], r["answered"], r["abandoned"], r["service_level"]) for r in by_day] == [
        (3, 2, 1, 0.3333)
    ]
    assert by_day[0]["occupancy"] is not None and pending[2][0]["answered"] == 2
    telephony_sweep()
    assert not CallSlotMark.objects.exists() and not AgentStateMark.objects.exists()
    assert _reads(client, day) == pending  # the same figures once the worker has rolled them up
    keep = [k for k in by_day[0] if k not in ("occupancy", "utilisation")]
    raw = calls_stats_from_raw(start=day, end=day + timedelta(days=2), granularity="15m")
    assert [{k: r[k] for k in keep} for r in pending[0] if r["offered"]] == [
        {k: r[k] for k in keep} for r in raw
    ]


@pytest.mark.parametrize("state", list(MANUAL))
def test_hand_set_moves_follow_the_table(queue, state):
    agent = make_agent(queue, "201", available=False)
    for target in AgentState.values:
        Agent.objects.filter(pk=agent.pk).update(state=state, state_since=None)
        if target in MANUAL[state]:
            moved = agent_state_set(agent=agent, state=target, reason="Lõuna", source="test")
            assert moved.state == target
        else:
            with pytest.raises(ValidationFailed):
                agent_state_set(agent=agent, state=target, reason="Lõuna", source="test")


@pytest.mark.parametrize("kind", ["ringing", "answered", "noanswer", "ended", "transferred"])
def test_phone_events_move_agents_as_the_table_says(queue, kind):
    agent = make_agent(queue, "201")
    ingest("c1", "offered", timezone.now() + timedelta(seconds=1), queue="pensionid")
    ingest("c1", kind, timezone.now() + timedelta(seconds=2), agent="201")
    agent.refresh_from_db()
    assert agent.state == MOVES[kind].target


def test_routing_claims_from_the_tables_source_into_its_target(queue):
    available, on_break = make_agent(queue, "201"), make_agent(queue, "202")
    agent_state_set(agent=on_break, state="break", reason="Lõuna", source="test")
    assert AgentState.AVAILABLE in MOVES["route"].sources and AgentState.BREAK not in MOVES["route"].sources
    assert call_route(call_id="c1", queue_name="pensionid").pk == available.pk
    available.refresh_from_db()
    assert available.state == MOVES["route"].target


def test_abandon_frees_only_the_agent_ringing_for_that_call(queue):
    ringing, other = make_agent(queue, "201"), make_agent(queue, "202")
    ingest("c1", "offered", timezone.now() + timedelta(seconds=1), queue="pensionid")
    assert call_route(call_id="c1", queue_name="pensionid").pk in (ringing.pk, other.pk)
    ingest("c2", "offered", timezone.now() + timedelta(seconds=1), queue="pensionid")
    call_route(call_id="c2", queue_name="pensionid")
    ingest("c1", "abandoned", timezone.now() + timedelta(seconds=3))
    states = {a.current_call_id or "-": a.state for a in Agent.objects.all()}
    assert states == {"-": MOVES["abandoned"].target, "c2": AgentState.RINGING}


def test_queue_log_states_come_from_the_table():
    assert {verb: MOVES[trigger].target for verb, trigger in QUEUE_LOG.items()} == AGENT_STATES


def test_day_week_month_from_day_rollups_stay_exact_when_a_slot_of_the_day_is_marked(queue):
    """Reports by day, week and month read QueueDay; a day with a slot marked after the sweep is
    read from its slots and raw calls instead, and the sweep brings its day row up to date."""
    day = _a_morning(queue)
    telephony_sweep()

    def day_totals():
        return QueueDay.objects.aggregate(offered=Sum("offered"), answered=Sum("answered"))

    assert day_totals() == {"offered": 3, "answered": 2}

    def same_as_raw():
        span = {"start": day - timedelta(days=40), "end": day + timedelta(days=40)}
        for granularity in ("day", "week", "month"):
            rows = [r for r in calls_stats(**span, granularity=granularity) if r["offered"]]
            raw = calls_stats_from_raw(**span, granularity=granularity)
            keep = [k for k in raw[0] if k not in ("occupancy", "utilisation")]
            assert [{k: r[k] for k in keep} for r in rows] == [{k: r[k] for k in keep} for r in raw]
            assert sum(r["offered"] for r in rows) == Call.objects.count()

    same_as_raw()
    later = timezone.now() + timedelta(minutes=20)
    ingest("c20", "offered", later, queue="pensionid")
    ingest("c20", "abandoned", later + timedelta(seconds=50))
    assert CallSlotMark.objects.exists() and day_totals()["offered"] == 3  # stale until swept
    same_as_raw()
    telephony_sweep()
    assert day_totals() == {"offered": 4, "answered": 2}
    same_as_raw()


def test_a_span_ending_after_the_local_midnight_to_come_is_rolled_up_on_both_days(queue):
    """A phone system's clock ahead of ours closes a span on a day still to come: the sweep rolls
    up through the day the span ends (that day gets no mark of its own), not only through today."""
    agent = make_agent(queue, "201")
    later = timezone.localdate() + timedelta(days=2)
    first = local_midnight(later) - timedelta(minutes=10)
    agent_state_set(agent=agent, state="break", reason="lõuna", at=first, source="test")
    agent_state_set(agent=agent, state="offline", at=first + timedelta(minutes=25), source="test")
    telephony_sweep()
    seconds = dict(
        AgentStateInterval.objects.filter(agent=agent, state="break")
        .values("local_date")
        .annotate(total=Sum("seconds"))
        .values_list("local_date", "total")
    )
    assert seconds == {later - timedelta(days=1): 600.0, later: 900.0}
