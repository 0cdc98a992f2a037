"""Telephony under concurrent writes (PostgreSQL): events, sweeps and dashboard reads at once."""

import random
import threading
from collections import defaultdict
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from teenindus.telephony import fold
from teenindus.telephony.intervals import SLOT_SECONDS, local_midnight, slot_of
from teenindus.telephony.models import (
    Agent,
    AgentInterval,
    AgentStateChange,
    AgentStateInterval,
    AgentStateMark,
    Call,
    CallSlotMark,
    Queue,
    QueueInterval,
    TelephonyEvent,
)
from teenindus.telephony.rollups import FIGURES, agent_state_seconds, slot_aggregates
from teenindus.telephony.routing import call_route
from teenindus.telephony.selectors import calls_stats, calls_stats_from_raw
from teenindus.telephony.sweep import telephony_sweep
from teenindus.telephony.tests.conftest import make_agent

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]
EVENTS = "/api/v1/telephony/events"


def _run(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung (a lock wait without end?)"


def _ringing_past_timeout(queue, extensions: list[str]) -> list[Agent]:
    agents = [make_agent(queue, ext) for ext in extensions]
    for n in range(len(agents)):
        call_route(call_id=f"ring-{n}", queue_name=queue.name)
    Agent.objects.filter(pk__in=[a.pk for a in agents]).update(
        ringing_until=timezone.now() - timedelta(seconds=1)
    )
    return agents


def _missed_spans(agent: Agent) -> int:
    return AgentStateChange.objects.filter(agent=agent, state="missed").count()


def test_concurrent_sweeps_expire_each_ring_timeout_once(queue):
    agents = _ringing_past_timeout(queue, ["301", "302", "303", "304"])
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def sweep() -> None:
        try:
            start.wait()
            telephony_sweep()
        except BaseException as exc:  # noqa: BLE001 - every failure counts
            errors.append(exc)
        finally:
            connections.close_all()

    _run([threading.Thread(target=sweep) for _ in range(6)])
    assert errors == []
    assert [_missed_spans(a) for a in agents] == [1] * len(agents)
    assert TelephonyEvent.objects.filter(kind="noanswer").count() == len(agents)
    assert not AgentStateMark.objects.exists() and not CallSlotMark.objects.exists()


def _recount_matches_rollups() -> None:
    """Every rollup equals a recount from the raw data, and nothing is missing or left over."""
    expected_queue, expected_agent = {}, {}
    for queue in Queue.objects.all():
        calls = Call.objects.filter(queue=queue)
        for row in calls.values("local_date", "slot").annotate(**slot_aggregates(queue)).order_by():
            expected_queue[(queue.pk, row["local_date"], row["slot"])] = tuple(row[f] for f in FIGURES)
        answered = calls.filter(agent__isnull=False).values("agent_id", "local_date", "slot")
        for row in answered.annotate(**slot_aggregates(queue)).order_by():
            key = (queue.pk, row["agent_id"], row["local_date"], row["slot"])
            expected_agent[key] = tuple(row[f] for f in FIGURES)
    rolled_queue = {
        (r[0], r[1], r[2]): tuple(r[3:])
        for r in QueueInterval.objects.values_list("queue_id", "local_date", "slot", *FIGURES)
    }
    rolled_agent = {
        (r[0], r[1], r[2], r[3]): tuple(r[4:])
        for r in AgentInterval.objects.values_list("queue_id", "agent_id", "local_date", "slot", *FIGURES)
    }
    assert rolled_queue == expected_queue
    assert rolled_agent == expected_agent
    days = {
        (a, timezone.localtime(t).date())
        for a, t in AgentStateChange.objects.values_list("agent_id", "started_at")
    }
    days |= {
        (a, timezone.localtime(t).date())
        for a, t in AgentStateChange.objects.filter(ended_at__isnull=False).values_list(
            "agent_id", "ended_at"
        )
    }
    expected_states = {k: round(v, 6) for k, v in agent_state_seconds(days).items()}
    rolled_states = {
        (a, d, s, st): round(sec, 6)
        for a, d, s, st, sec in AgentStateInterval.objects.values_list(
            "agent_id", "local_date", "slot", "state", "seconds"
        )
    }
    assert rolled_states == expected_states


def _calls_equal_their_folds() -> None:
    """Every call row is the fold of all its stored events (no update lost between two events)."""
    by_call = defaultdict(list)
    for row in TelephonyEvent.objects.values_list(*fold.EVENT_FIELDS):
        by_call[row[1]].append(fold.Event(*row))
    calls = {c.call_id: c for c in Call.objects.select_related("queue")}
    for call_id, events in by_call.items():
        folded = fold.fold(events)
        if folded is None:
            continue
        call = calls[call_id]
        got = (call.outcome, call.entered_at, call.answered_at, call.ended_at, call.wait_seconds)
        assert got == (
            folded.outcome,
            folded.entered_at,
            folded.answered_at,
            folded.ended_at,
            folded.wait_seconds,
        ), call_id
        assert (call.talk_seconds, call.hold_seconds, call.queue.name) == (
            folded.talk_seconds,
            folded.hold_seconds,
            folded.queue,
        ), call_id


@pytest.mark.parametrize("batched", [False, True], ids=["single", "batches"])
def test_storm_of_events_sweeps_and_reads(queue, phone_token, users, batched):
    """32 threads post the events of 96 calls in three slots (every fourth event twice, all out
    of order; one by one, or in batches of 1-6 through /events/batch) while two sweeps and two
    dashboard readers run. Nobody sees an error, every call equals the fold of its events, the
    rollups equal a recount, and each ring timeout gives one 'missed' span."""
    agents = [make_agent(queue, str(200 + n)) for n in range(24)]
    ring_queue = Queue.objects.create(name="ring")
    ringing = _ringing_past_timeout(ring_queue, ["401", "402", "403"])
    now = timezone.now()
    day, slot = slot_of(now)
    base = local_midnight(day) + timedelta(seconds=(slot + 1) * SLOT_SECONDS)  # after every state above
    rng = random.Random(8)
    events = []
    for n in range(96):
        call_id, agent = f"storm-{n}", agents[n % len(agents)].extension
        entered = base + timedelta(seconds=(n % 3) * SLOT_SECONDS + n)
        kinds = [("offered", 0, {"queue": "pensionid", "caller": f"55{n:05d}"})]
        if n % 5 == 4:
            kinds += [("abandoned", 3 + n % 7, {})]
        else:
            kinds += [("ringing", 2, {"agent": agent}), ("answered", 4 + n % 30, {"agent": agent})]
            kinds += [("ended", 200 + n, {"agent": agent})]
        for i, (kind, offset, extra) in enumerate(kinds):
            at = (entered + timedelta(seconds=offset)).isoformat()
            events.append({"event_id": f"{call_id}-{i}", "call_id": call_id, "type": kind, "at": at, **extra})
    events += events[::4]  # repeats
    rng.shuffle(events)
    batches = [events[i::32] for i in range(32)]

    errors: list[str] = []
    posting_done = threading.Event()
    start = threading.Barrier(32 + 4)
    lead = Client()
    lead.force_login(users["teamlead"])
    lead_cookie = lead.cookies

    def post(batch) -> None:
        client = Client(HTTP_AUTHORIZATION=f"Bearer {phone_token}")
        try:
            start.wait()
            sizes = random.Random(len(batch)).choices(range(1, 7), k=len(batch))
            bodies, at = [], 0
            for size in sizes if batched else []:
                bodies.append((EVENTS + "/batch", batch[at : at + size]))
                at += size
            for url, body in [b for b in bodies if b[1]] if batched else [(EVENTS, b) for b in batch]:
                response = client.post(url, body, content_type="application/json")
                if response.status_code != 200:
                    errors.append(f"{response.status_code} {response.content[:300]!r}")
        except BaseException as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            connections.close_all()

    def sweep() -> None:
        try:
            start.wait()
            while not posting_done.is_set():
                telephony_sweep()
        except BaseException as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            connections.close_all()

    def read() -> None:
        client = Client()
        client.cookies = lead_cookie
        query = {"start": day.isoformat(), "end": (day + timedelta(days=2)).isoformat(), "granularity": "15m"}
        try:
            start.wait()
            while not posting_done.is_set():
                for response in (
                    client.get("/api/v1/stats/calls", query),
                    client.get(reverse("telephony:dashboard_now")),
                ):
                    if response.status_code != 200:
                        errors.append(f"read {response.status_code}")
        except BaseException as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            connections.close_all()

    posters = [threading.Thread(target=post, args=(batch,)) for batch in batches]
    others = [threading.Thread(target=sweep) for _ in range(2)] + [
        threading.Thread(target=read) for _ in range(2)
    ]
    for thread in others:
        thread.start()
    _run(posters)
    posting_done.set()
    for thread in others:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in others)
    assert errors == []
    assert Call.objects.filter(call_id__startswith="storm-").count() == 96
    stored = TelephonyEvent.objects.filter(call_id__startswith="storm-").count()
    assert stored == len({e["event_id"] for e in events})  # each once, repeats ignored
    _calls_equal_their_folds()
    # Reports are exact before the last sweep (marks pending) and after it.
    span = {"start": day, "end": day + timedelta(days=2), "granularity": "15m"}
    before = calls_stats(**span)
    telephony_sweep()
    assert not CallSlotMark.objects.exists() and not AgentStateMark.objects.exists()
    assert calls_stats(**span) == before
    _recount_matches_rollups()
    keep = [f for f in before[0] if f not in ("occupancy", "utilisation")]
    assert [{k: r[k] for k in keep} for r in before if r["offered"]] == [
        {k: r[k] for k in keep} for r in calls_stats_from_raw(**span)
    ]
    assert [_missed_spans(a) for a in ringing] == [1, 1, 1]
