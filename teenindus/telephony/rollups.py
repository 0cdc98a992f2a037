"""Per-slot rollups, rebuilt from the raw data of exactly the slots that changed.

Recomputing a slot (a few dozen calls at most) instead of adding deltas keeps the rollups equal
to the raw data whatever order events arrive in and however often an import is repeated.

Concurrency. A write (an event, a state change, routing) only appends a mark: CallSlotMark for
a call's slot, AgentStateMark for an agent's state spans. Appending never waits on another
writer, so no lock order between writers and rollups can deadlock. The sweep (the worker, every
few seconds) takes marks with DELETE … SKIP LOCKED and rebuilds what they name; a rebuild holds a
transaction-level advisory lock per (queue, day) or per agent, taken in sorted order, and reads
the raw data under it, so of two rebuilds of one slot the later one reads everything the earlier
one read and more: the last writer never writes a stale aggregate. A mark is deleted in the same
transaction as its rebuild; a mark committed after the sweep took its marks stays for the next
sweep. Reports read the rollups plus, for what is still marked, the same figures computed from
the raw data without writing (selectors.py).

On SQLite every transaction begins IMMEDIATE (settings): writers are serialised, no lock needed."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from teenindus.core.bulk import bulk_insert
from teenindus.telephony.intervals import local_midnight, split_by_slot
from teenindus.telephony.models import (
    AgentInterval,
    AgentStateChange,
    AgentStateInterval,
    AgentStateMark,
    Call,
    CallSlotMark,
    Queue,
    QueueDay,
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
    "withdrawn",
    "wait_answered",
    "max_wait",
    "handled",
    "handle_time",
]
# Advisory lock namespaces (the high bits of the 64-bit key).
LOCK_QUEUE_DAY = 0x7E11
LOCK_AGENT_STATES = 0x7E12
LOCK_CALL = 0x7E13
DAYS_PER_TRANSACTION = 200
AGENTS_PER_TRANSACTION = 200
MARKS_PER_TAKE = 5000


def slot_aggregates(queue: Queue | None = None) -> dict:
    """The sums of domain.md over calls. With a queue its thresholds are constants; without, each
    call is measured against its own queue's thresholds (a join)."""
    short_limit = queue.short_abandon_seconds if queue else F("queue__short_abandon_seconds")
    sl_limit = queue.sl_threshold_seconds if queue else F("queue__sl_threshold_seconds")
    answered = Q(outcome="answered")
    abandoned = Q(outcome="abandoned")
    short = abandoned & Q(wait_seconds__lte=short_limit)
    handled = answered & Q(ended_at__isnull=False)
    return {
        "offered": Count("id"),
        "answered": Count("id", filter=answered),
        "answered_in_sl": Count("id", filter=answered & Q(wait_seconds__lte=sl_limit)),
        "abandoned": Count("id", filter=abandoned & ~short),
        "short_abandoned": Count("id", filter=short),
        "timed_out": Count("id", filter=Q(outcome="timed_out")),
        "withdrawn": Count("id", filter=Q(outcome="withdrawn")),
        "wait_answered": Coalesce(Sum("wait_seconds", filter=answered), 0.0),
        "max_wait": Coalesce(Max("wait_seconds"), 0.0),
        "handled": Count("id", filter=handled),
        "handle_time": Coalesce(
            Sum(F("talk_seconds") + F("hold_seconds") + F("acw_seconds"), filter=handled), 0.0
        ),
    }


def advisory_lock(namespace: int, keys: Iterable[int]) -> None:
    """PostgreSQL: take transaction-level advisory locks on `keys`, in sorted order (two holders of
    overlapping sets then never wait on each other in a cycle). Elsewhere nothing: SQLite's
    IMMEDIATE transactions serialise writers already."""
    if connection.vendor != "postgresql":
        return
    ordered = sorted(set(keys))
    if not ordered:
        return
    with connection.cursor() as cursor:
        # One round trip; rows are locked in the subquery's (sorted) order.
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s::bigint * 4294967296 + k)"
            " FROM (SELECT unnest(%s::bigint[]) AS k ORDER BY 1) AS keys",
            [namespace, ordered],
        )


def _day_key(queue_id: int, day: date) -> int:
    return queue_id * 1_048_576 + day.toordinal()  # ordinals stay below 2**20 until the year 2870


def call_lock(call_id: str) -> None:
    """Serialise the refold of one call (its events are read and its row written under it)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s::bigint * 4294967296 + (hashtext(%s)::bigint & 4294967295))",
            [LOCK_CALL, call_id],
        )


# --- marks (writers) -------------------------------------------------------------------------


def call_slots_mark(keys: Iterable[SlotKey]) -> None:
    """Remember that these slots' call rollups need rebuilding (an INSERT that never waits)."""
    CallSlotMark.objects.bulk_create(
        [CallSlotMark(queue_id=q, local_date=d, slot=s) for q, d, s in sorted(set(keys))]
    )


def agent_state_mark_dirty(agent_id: int, since) -> None:
    """Remember that an agent's state rollups from `since` on need rebuilding."""
    AgentStateMark.objects.create(agent_id=agent_id, since=since)


def _take(model, columns: list[str], limit: int) -> list[tuple]:
    """Delete up to `limit` marks and return them. Marks another sweep holds are skipped (it
    rebuilds them); marks not yet committed are not seen and stay for the next sweep."""
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} ORDER BY id LIMIT %s "
                f"FOR UPDATE SKIP LOCKED) RETURNING {', '.join(columns)}",
                [limit],
            )
            return cursor.fetchall()
    rows = list(model.objects.order_by("id").values_list("id", *columns)[:limit])
    model.objects.filter(id__in=[r[0] for r in rows]).delete()
    return [r[1:] for r in rows]


# --- rebuilds --------------------------------------------------------------------------------


def call_intervals_refresh(keys: Iterable[SlotKey]) -> None:
    """Rebuild the queue and agent rollups of the given slots from the raw calls, a batch of
    (queue, day)s per transaction, each under its advisory lock."""
    by_day: dict[tuple[int, date], set[int]] = defaultdict(set)
    for queue_id, day, slot in keys:
        by_day[(queue_id, day)].add(slot)
    units = sorted(by_day)
    for start in range(0, len(units), DAYS_PER_TRANSACTION):
        batch = units[start : start + DAYS_PER_TRANSACTION]
        with transaction.atomic():
            _call_refresh_locked({unit: by_day[unit] for unit in batch})


def _call_refresh_locked(by_day: dict[tuple[int, date], set[int]]) -> None:
    advisory_lock(LOCK_QUEUE_DAY, (_day_key(q, d) for q, d in by_day))
    queues = Queue.objects.in_bulk({queue_id for queue_id, _ in by_day})
    queue_rows, agent_rows = [], []
    for (queue_id, day), slots in sorted(by_day.items()):
        queue = queues.get(queue_id)
        if queue is None:
            continue  # deleted meanwhile (its rollups went with it)
        calls = Call.objects.filter(queue_id=queue_id, local_date=day, slot__in=slots)
        aggregates = slot_aggregates(queue)
        queue_rows += [
            (queue_id, day, row["slot"], *(row[name] for name in FIGURES))
            for row in calls.values("slot").annotate(**aggregates).order_by()
        ]
        agent_rows += [
            (queue_id, row["agent_id"], day, row["slot"], *(row[name] for name in FIGURES))
            for row in calls.filter(agent__isnull=False)
            .values("slot", "agent_id")
            .annotate(**aggregates)
            .order_by()
        ]
        # Under the lock nobody else writes these slots: delete and insert is the whole rebuild.
        QueueInterval.objects.filter(queue_id=queue_id, local_date=day, slot__in=slots).delete()
        AgentInterval.objects.filter(queue_id=queue_id, local_date=day, slot__in=slots).delete()
    bulk_insert(QueueInterval, ["queue", "local_date", "slot", *FIGURES], queue_rows)
    bulk_insert(AgentInterval, ["queue", "agent", "local_date", "slot", *FIGURES], agent_rows)
    queue_days_rebuild([unit for unit in by_day if unit[0] in queues])


def queue_days_rebuild(units: list[tuple[int, date]]) -> None:
    """The QueueDay rows of these (queue, day)s, summed again from all of their QueueInterval
    rows. Called under the (queue, day) advisory locks that guard the intervals."""
    if not units:
        return
    days = Q()
    for queue_id, day in units:
        days |= Q(queue_id=queue_id, local_date=day)
    QueueDay.objects.filter(days).delete()
    sums = {name: Max(name) if name == "max_wait" else Sum(name) for name in FIGURES}
    rows = QueueInterval.objects.filter(days).values("queue_id", "local_date").annotate(**sums).order_by()
    bulk_insert(
        QueueDay,
        ["queue", "local_date", *FIGURES],
        [(row["queue_id"], row["local_date"], *(row[name] for name in FIGURES)) for row in rows],
    )


def agent_state_seconds(agent_days: Iterable[tuple[int, date]], *, spans=None) -> dict:
    """{(agent_id, day, slot, state): seconds} of the given agents' days, from their closed state
    spans (read here unless given as (agent_id, state, start, end)). Writes nothing."""
    wanted: dict[int, set[date]] = defaultdict(set)
    for agent_id, day in agent_days:
        wanted[agent_id].add(day)
    if not wanted:
        return {}
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
    return totals


def agent_state_intervals_refresh(agent_days: Iterable[tuple[int, date]], *, spans=None) -> None:
    """Rebuild the seconds by state of the given agents' days from their state spans, a batch of
    agents per transaction, each agent under its advisory lock. `spans` (agent_id, state, start,
    end) may be given when the caller holds every span of those days already (a first import)."""
    wanted: dict[int, set[date]] = defaultdict(set)
    for agent_id, day in agent_days:
        wanted[agent_id].add(day)
    agents = sorted(wanted)
    if spans is not None:
        by_agent = defaultdict(list)
        for span in spans:
            by_agent[span[0]].append(span)
    for start in range(0, len(agents), AGENTS_PER_TRANSACTION):
        batch = agents[start : start + AGENTS_PER_TRANSACTION]
        with transaction.atomic():
            advisory_lock(LOCK_AGENT_STATES, batch)
            held = None if spans is None else [s for agent_id in batch for s in by_agent[agent_id]]
            totals = agent_state_seconds(
                ((agent_id, day) for agent_id in batch for day in wanted[agent_id]), spans=held
            )
            for agent_id in batch:
                AgentStateInterval.objects.filter(
                    agent_id=agent_id, local_date__in=sorted(wanted[agent_id])
                ).delete()
            bulk_insert(
                AgentStateInterval,
                ["agent", "local_date", "slot", "state", "seconds"],
                ((a, day, slot, state, seconds) for (a, day, slot, state), seconds in totals.items()),
            )


def _local_day(moment) -> date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def _days_since(since, today: date) -> list[date]:
    first = timezone.localtime(since).date()
    return [date.fromordinal(o) for o in range(first.toordinal(), max(first, today).toordinal() + 1)]


# --- the sweep's part ------------------------------------------------------------------------


def call_intervals_flush() -> int:
    """Rebuild the call rollups of every marked slot. Returns how many slots."""
    done = 0
    while True:
        with transaction.atomic():
            keys = set(_take(CallSlotMark, ["queue_id", "local_date", "slot"], MARKS_PER_TAKE))
            if keys:
                by_day: dict[tuple[int, date], set[int]] = defaultdict(set)
                for queue_id, day, slot in keys:
                    by_day[(queue_id, day)].add(slot)
                _call_refresh_locked(by_day)
        done += len(keys)
        if len(keys) < MARKS_PER_TAKE // 2:
            return done


def agent_state_intervals_flush() -> int:
    """Rebuild the state rollups of every agent marked, from its earliest mark on. Returns how
    many agents."""
    done: set[int] = set()
    today = timezone.localdate()
    while True:
        with transaction.atomic():
            marks = _take(AgentStateMark, ["agent_id", "since"], MARKS_PER_TAKE)
            since: dict[int, object] = {}
            for agent_id, moment in marks:
                if agent_id not in since or moment < since[agent_id]:
                    since[agent_id] = moment
            if since:
                agents = sorted(since)
                advisory_lock(LOCK_AGENT_STATES, agents)
                # Through today, or the day the agent's last span ends if that is later (a phone
                # system's clock a little ahead at midnight): that day gets no other mark. A span
                # marks from its own start, so the spans since the earliest mark are enough (the
                # (agent, started_at) index; the sweep runs every few seconds).
                last_end = dict(
                    AgentStateChange.objects.filter(
                        agent_id__in=agents, started_at__gte=min(since.values()), ended_at__isnull=False
                    )
                    .values("agent_id")
                    .annotate(last=Max("ended_at"))
                    .values_list("agent_id", "last")
                )
                agent_days = [
                    (a, day)
                    for a in agents
                    for day in _days_since(since[a], max(today, _local_day(last_end.get(a)) or today))
                ]
                totals = agent_state_seconds(agent_days)
                for agent_id in agents:
                    first = timezone.localtime(since[agent_id]).date()
                    AgentStateInterval.objects.filter(agent_id=agent_id, local_date__gte=first).delete()
                bulk_insert(
                    AgentStateInterval,
                    ["agent", "local_date", "slot", "state", "seconds"],
                    ((a, day, slot, state, s) for (a, day, slot, state), s in totals.items()),
                )
        done.update(since)
        if len(marks) < MARKS_PER_TAKE // 2:
            return len(done)


# --- what reports add (read-only) ------------------------------------------------------------


def pending_call_slots() -> Exists:
    """Rollup rows (or calls) of slots still marked: left out of the rollups, recounted raw."""
    return Exists(
        CallSlotMark.objects.filter(
            queue_id=OuterRef("queue_id"), local_date=OuterRef("local_date"), slot=OuterRef("slot")
        )
    )


def pending_call_days() -> Exists:
    """Day rollups (or slot rows) of days with any slot still marked: their QueueDay is stale."""
    marks = CallSlotMark.objects.filter(queue_id=OuterRef("queue_id"), local_date=OuterRef("local_date"))
    return Exists(marks)


def pending_agents(marks=None) -> dict[int, date]:
    """{agent_id: first local day whose state rollups are out of date}, of the given marks (a
    queryset of AgentStateMark; all by default)."""
    marks = AgentStateMark.objects.all() if marks is None else marks
    return {
        agent_id: timezone.localtime(since).date()
        for agent_id, since in marks.values("agent_id")
        .annotate(since=Min("since"))
        .values_list("agent_id", "since")
    }


def pending_state_seconds(pending: dict[int, date], start: date, end: date) -> dict:
    """The state seconds of pending agents' days within [start, end), from the spans (no write)."""
    agent_days = [
        (agent_id, date.fromordinal(o))
        for agent_id, first in pending.items()
        for o in range(max(first, start).toordinal(), end.toordinal())
    ]
    return agent_state_seconds(agent_days)
