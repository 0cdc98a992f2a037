"""Per-slot rollups, refreshed from the raw calls of exactly the slots that changed.

Recomputing a slot (a few dozen calls at most) instead of adding deltas keeps the rollups equal
to the raw data whatever order events arrive in and however often an import is repeated."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from teenindus.core.bulk import bulk_insert
from teenindus.telephony.intervals import local_midnight, split_by_slot
from teenindus.telephony.models import (
    AgentInterval,
    AgentStateChange,
    AgentStateDirty,
    AgentStateInterval,
    Call,
    Queue,
    QueueInterval,
)

SlotKey = tuple[int, date, int]  # (queue_id, local_date, slot)
FIGURES = [
    "offered",
    "answered",
    "answered_in_sl",
    "abandoned",
    "short_abandoned",
    "timed_out",
    "wait_answered",
    "max_wait",
    "handled",
    "handle_time",
]


def slot_aggregates(queue: Queue) -> dict:
    answered = Q(outcome="answered")
    abandoned = Q(outcome="abandoned")
    short = abandoned & Q(wait_seconds__lte=queue.short_abandon_seconds)
    handled = answered & Q(ended_at__isnull=False)
    return {
        "offered": Count("id"),
        "answered": Count("id", filter=answered),
        "answered_in_sl": Count("id", filter=answered & Q(wait_seconds__lte=queue.sl_threshold_seconds)),
        "abandoned": Count("id", filter=abandoned & ~short),
        "short_abandoned": Count("id", filter=short),
        "timed_out": Count("id", filter=Q(outcome="timed_out")),
        "wait_answered": Coalesce(Sum("wait_seconds", filter=answered), 0.0),
        "max_wait": Coalesce(Max("wait_seconds"), 0.0),
        "handled": Count("id", filter=handled),
        "handle_time": Coalesce(
            Sum(F("talk_seconds") + F("hold_seconds") + F("acw_seconds"), filter=handled), 0.0
        ),
    }


@transaction.atomic
def call_intervals_refresh(keys: Iterable[SlotKey]) -> None:
    """Recompute the queue and agent rollups of the given slots from the raw calls."""
    by_day: dict[tuple[int, date], set[int]] = defaultdict(set)
    for queue_id, day, slot in keys:
        by_day[(queue_id, day)].add(slot)
    queues = Queue.objects.in_bulk({queue_id for queue_id, _ in by_day})
    for (queue_id, day), slots in by_day.items():
        queue = queues[queue_id]
        calls = Call.objects.filter(queue_id=queue_id, local_date=day, slot__in=slots)
        aggregates = slot_aggregates(queue)
        queue_rows = [
            (queue_id, day, row["slot"], *(row[name] for name in FIGURES))
            for row in calls.values("slot").annotate(**aggregates).order_by()
        ]
        agent_rows = [
            (queue_id, row["agent_id"], day, row["slot"], *(row[name] for name in FIGURES))
            for row in calls.filter(agent__isnull=False)
            .values("slot", "agent_id")
            .annotate(**aggregates)
            .order_by()
        ]
        QueueInterval.objects.filter(queue_id=queue_id, local_date=day, slot__in=slots).delete()
        AgentInterval.objects.filter(queue_id=queue_id, local_date=day, slot__in=slots).delete()
        bulk_insert(QueueInterval, ["queue", "local_date", "slot", *FIGURES], queue_rows)
        bulk_insert(AgentInterval, ["queue", "agent", "local_date", "slot", *FIGURES], agent_rows)


@transaction.atomic
def agent_state_intervals_refresh(agent_days: Iterable[tuple[int, date]], *, spans=None) -> None:
    """Recompute the seconds by state of the given agents' days from their state spans (all agents
    in one read, one delete and one insert). `spans` (agent_id, state, start, end) may be given
    when the caller holds every span of those days already, as a first import does."""
    wanted: dict[int, set[date]] = defaultdict(set)
    for agent_id, day in agent_days:
        wanted[agent_id].add(day)
    if not wanted:
        return
    first = min(min(days) for days in wanted.values())
    last = max(max(days) for days in wanted.values())
    window_start = local_midnight(first)
    window_end = local_midnight(date.fromordinal(last.toordinal() + 1))
    if spans is None:
        spans = (
            AgentStateChange.objects.filter(
                agent_id__in=list(wanted), started_at__lt=window_end, ended_at__gt=window_start
            )
            .values_list("agent_id", "state", "started_at", "ended_at")
            .iterator(chunk_size=20000)
        )
    totals: dict[tuple[int, date, int, str], float] = defaultdict(float)
    for agent_id, state, started, ended in spans:
        if ended is None or ended <= window_start or started >= window_end:
            continue
        days = wanted[agent_id]
        for day, slot, seconds in split_by_slot(max(started, window_start), min(ended, window_end)):
            if day in days:
                totals[(agent_id, day, slot, state)] += seconds
    for agent_id, days in wanted.items():
        AgentStateInterval.objects.filter(agent_id=agent_id, local_date__in=sorted(days)).delete()
    bulk_insert(
        AgentStateInterval,
        ["agent", "local_date", "slot", "state", "seconds"],
        ((agent_id, day, slot, state, seconds) for (agent_id, day, slot, state), seconds in totals.items()),
    )


def agent_state_mark_dirty(agent_id: int, since) -> None:
    """Remember that an agent's state rollups from `since` on need recomputing (cheap, on every change)."""
    mark, created = AgentStateDirty.objects.get_or_create(agent_id=agent_id, defaults={"since": since})
    if not created and since < mark.since:
        AgentStateDirty.objects.filter(agent_id=agent_id, since__gt=since).update(since=since)


def agent_state_intervals_flush() -> int:
    """Recompute the state rollups of every agent marked dirty. Returns how many agents."""
    marks = list(AgentStateDirty.objects.all())
    if not marks:
        return 0
    today = timezone.localdate()
    agent_state_intervals_refresh(
        (mark.agent_id, date.fromordinal(day))
        for mark in marks
        for day in range(timezone.localtime(mark.since).date().toordinal(), today.toordinal() + 1)
    )
    for mark in marks:  # a mark moved earlier meanwhile stays for the next flush
        AgentStateDirty.objects.filter(agent_id=mark.agent_id, since=mark.since).delete()
    return len(marks)
