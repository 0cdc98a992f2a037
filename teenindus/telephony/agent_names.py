"""The names a phone system gives an agent (the extension table), and re-folding what the
queue_log import booked under a name when the name is mapped to another agent.

Asterisk writes one member as its interface (SIP/1001) on ADDMEMBER/REMOVEMEMBER and as its member
name (Sathish) on pauses and calls. A name the import cannot pair gets an agent of its own (a
placeholder: no employee, named and numbered as the name). Mapping the name to the right agent
(`interface_map`: the admin's extension table, the import's own pairing, or the task) moves the
name's state spans to that agent, chains both agents' spans again, folds again the calls the
placeholder answered, marks the rollups of what changed (the sweep rebuilds them; reports add what
is marked, so figures are exact at once) and deletes the placeholder when nothing is left on it.

Concurrency: the import and every mapping take the one queue_log lock (PostgreSQL advisory lock:
a session lock for the length of an import, a transaction lock for a mapping), then the agents'
rows in id order; the interface row is read again under them. On SQLite every transaction is
IMMEDIATE: mappings are serialised, an import's chunks are separate transactions."""

from collections.abc import Iterable
from contextlib import contextmanager
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Max, Min, Q

from teenindus.audit.services import change_record
from teenindus.core.bulk import bulk_insert
from teenindus.telephony import fold as folding
from teenindus.telephony.fold import FOLDED_FIELDS, call_values, interface_extension
from teenindus.telephony.models import (
    Agent,
    AgentSkill,
    AgentState,
    AgentStateChange,
    Call,
    Interface,
    Queue,
    TelephonyEvent,
)
from teenindus.telephony.rollups import advisory_lock, agent_state_mark_dirty, call_slots_mark

# A queue call's columns that come from its queue entry (not in FOLDED_FIELDS: the live path
# folds one entry per call id and leaves them at their defaults).
ENTRY_FIELDS = ["customer_call_id", "entry", "did"]
LOCK_QUEUE_LOG = 0x7E14


@contextmanager
def queue_log_lock():
    """Hold the queue_log lock for a whole import (a session lock on PostgreSQL)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s::bigint * 4294967296)", [LOCK_QUEUE_LOG])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s::bigint * 4294967296)", [LOCK_QUEUE_LOG])


def is_placeholder(agent: Agent, name: str) -> bool:
    """The agent the import created for `name` because it could not pair it."""
    return agent.employee_id is None and agent.name == name and agent.extension == interface_extension(name)


@transaction.atomic
def interface_map(*, name: str, agent: Agent, actor=None, log_end: datetime | None = None) -> Interface:
    """Map the name `name` to `agent` in the extension table and re-fold what was booked under it.
    Mapping a name to the agent it has already changes nothing."""
    advisory_lock(LOCK_QUEUE_LOG, [0])
    interface = Interface.objects.select_for_update().filter(name=name).first()
    old_id = interface.agent_id if interface else None
    if old_id == agent.pk:
        return interface
    for pk in sorted({pk for pk in (old_id, agent.pk) if pk is not None}):
        Agent.objects.select_for_update(no_key=True).filter(pk=pk).first()
    interface = Interface.objects.select_for_update().filter(name=name).first()  # again, under the locks
    old_id = interface.agent_id if interface else None
    if old_id == agent.pk:
        return interface
    if interface is None:
        interface = Interface.objects.create(name=name, agent=agent)
    else:
        Interface.objects.filter(pk=interface.pk).update(agent=agent)
        interface.agent = agent
    change_record(
        actor=actor, instance=interface, event="interface.map", changes={"agent": [old_id, agent.pk]}
    )
    if old_id is None:
        return interface
    moved = AgentStateChange.objects.filter(agent_id=old_id, source="queue_log", interface=name)
    earliest = moved.aggregate(first=Min("started_at"))["first"]
    moved.update(agent=agent)
    end = _log_end([old_id, agent.pk], log_end)
    for agent_id in (old_id, agent.pk):
        changed = spans_rechain(agent_id, end)
        since = min(d for d in (changed, earliest) if d is not None) if (changed or earliest) else None
        if since is not None:
            agent_state_mark_dirty(agent_id, since)
        _state_from_spans(agent_id)
    answered = Call.objects.filter(agent_id=old_id).values_list("call_id", "customer_call_id")
    raw_ids = {customer or call_id for call_id, customer in answered}
    calls_refold(raw_ids)
    for queue_id, priority in AgentSkill.objects.filter(agent_id=old_id).values_list("queue_id", "priority"):
        AgentSkill.objects.get_or_create(agent=agent, queue_id=queue_id, defaults={"priority": priority})
    old = Agent.objects.get(pk=old_id)
    if (
        is_placeholder(old, name)
        and not old.interfaces.exists()
        and not AgentStateChange.objects.filter(agent_id=old_id).exists()
        and not Call.objects.filter(agent_id=old_id).exists()
    ):
        old.delete()  # nothing left on the agent the import made for the name
    return interface


def _log_end(agent_ids: list[int], given: datetime | None) -> datetime | None:
    """The last line of the log as these agents' imported spans know it."""
    spans = AgentStateChange.objects.filter(agent_id__in=agent_ids, source="queue_log")
    found = spans.aggregate(
        started=Max("started_at"), cut=Max("ended_at", filter=Q(cut_at_log_end=True))
    ).values()
    return max((moment for moment in (*found, given) if moment is not None), default=None)


def spans_rechain(agent_id: int, log_end: datetime | None) -> datetime | None:
    """Set every span's end to the agent's next start; the last one, if imported from a queue_log
    and not offline, ends at the log's last line (flagged), other last ones stay open. Returns the
    start of the earliest span changed (None: none was)."""
    spans = list(AgentStateChange.objects.filter(agent_id=agent_id).order_by("started_at", "id"))
    cut_before = [s.ended_at for s in spans if s.cut_at_log_end and s.ended_at is not None]
    log_end = max([*cut_before, *([log_end] if log_end else [])], default=None)
    earliest = None
    for current, following in zip(spans, [*spans[1:], None][: len(spans)], strict=True):
        if following is not None:
            end, cut = following.started_at, False
        elif current.source == "queue_log" and current.state != AgentState.OFFLINE and log_end:
            end, cut = max(log_end, current.started_at), True
        else:
            end, cut = None, False
        if (current.ended_at, current.cut_at_log_end) != (end, cut):
            current.ended_at, current.cut_at_log_end = end, cut
            current.save(update_fields=["ended_at", "cut_at_log_end"])
            earliest = current.started_at if earliest is None else min(earliest, current.started_at)
    return earliest


def _state_from_spans(agent_id: int) -> None:
    """The agent's state is that of its latest span (offline when it has none)."""
    last = AgentStateChange.objects.filter(agent_id=agent_id).order_by("-started_at", "-id").first()
    if last is None:
        Agent.objects.filter(pk=agent_id).update(state=AgentState.OFFLINE, state_reason="", state_since=None)
        return
    Agent.objects.filter(pk=agent_id).update(
        state=last.state, state_reason=last.reason, state_since=last.started_at
    )


def calls_refold(raw_ids: Iterable[str]) -> int:
    """Fold again, from all their stored events, the customer calls with these ids (one queue call
    per entry) with the extension table as it is now; the rollups of their old and new slots are
    marked. Returns how many queue calls were written."""
    raw_ids = sorted(set(raw_ids))
    if not raw_ids:
        return 0
    interfaces = dict(Interface.objects.values_list("name", "agent_id"))
    extensions = dict(Agent.objects.values_list("extension", "id"))
    queues = dict(Queue.objects.values_list("name", "id"))
    keys = set()
    rows = []
    for start in range(0, len(raw_ids), 2000):
        batch = raw_ids[start : start + 2000]
        before = Call.objects.filter(Q(call_id__in=batch) | Q(customer_call_id__in=batch))
        keys.update(before.values_list("queue_id", "local_date", "slot"))
        events: dict[str, list[folding.Event]] = {}
        for row in TelephonyEvent.objects.filter(call_id__in=batch).values_list(*folding.EVENT_FIELDS):
            events.setdefault(row[1], []).append(folding.Event(*row))
        for call_events in events.values():
            for folded in folding.fold_entries(call_events):
                ref = folded.agent
                agent_id = (interfaces.get(ref) or extensions.get(interface_extension(ref))) if ref else None
                values = call_values(folded, queue_id=queues[folded.queue], agent_id=agent_id)
                entry = (getattr(folded, f) for f in ENTRY_FIELDS)
                rows.append((folded.call_id, *(values[f] for f in FOLDED_FIELDS), 0.0, *entry))
                keys.add((values["queue_id"], values["local_date"], values["slot"]))
    # After-call work comes from agent states, not events: an existing call keeps what it has.
    bulk_insert(
        Call,
        ["call_id", *FOLDED_FIELDS, "acw_seconds", *ENTRY_FIELDS],
        rows,
        unique_fields=["call_id"],
        update_fields=[*FOLDED_FIELDS, *ENTRY_FIELDS],
    )
    call_slots_mark(keys)
    return len(rows)
