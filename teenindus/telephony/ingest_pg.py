"""The events' write path on PostgreSQL: the same steps as the portable path in services.py, in a
few statements, each prepared on the server once per connection.

Per stored event: the event (INSERT … ON CONFLICT DO NOTHING: a repeat is recognised by the
insert itself), the agent it names (interface or extension in one query, locked when the event
moves it), the call's advisory lock, the call's events, the call upserted with its slot marks in
one statement, and the agent's move (spans, agent row, marks, after-call work) in one statement.

Locks are taken in one order everywhere: event ids (the unique index, sorted in a batch), agent
rows (by id), then calls (advisory, by key). Agent rows are locked FOR NO KEY UPDATE (see
services.telephony_event_ingest)."""

import json
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg.types.json import Jsonb

from teenindus.core.exceptions import ValidationFailed
from teenindus.core.prepared import prepared_cursor
from teenindus.telephony import fold as folding
from teenindus.telephony.models import AgentState
from teenindus.telephony.moves import MOVES, ON_A_CALL, move_for, sql_states
from teenindus.telephony.rollups import LOCK_CALL

_INSERT_EVENTS = """
INSERT INTO telephony_telephonyevent (event_id, call_id, kind, at, queue, agent, data, source)
SELECT * FROM unnest(%(event_id)s::varchar[], %(call_id)s::varchar[], %(kind)s::varchar[],
    %(at)s::timestamptz[], %(queue)s::varchar[], %(agent)s::varchar[], %(data)s::jsonb[],
    %(source)s::varchar[])
ON CONFLICT (event_id) DO NOTHING
RETURNING event_id
"""
_AGENT_COLUMNS = "id, state, state_since, current_call_id, calls_day"
# The agent the phone system means: by the extension table, else by extension (services.agent_resolve).
_RESOLVE = (
    "COALESCE((SELECT agent_id FROM telephony_interface WHERE name = {ref}), "
    "(SELECT id FROM telephony_agent WHERE extension = {ext}))"
)
_FOR_CALL_SOURCES = sql_states(set().union(*(m.sources for m in MOVES.values() if m.for_call)))
_AGENTS_LOCK = (
    f"SELECT {_AGENT_COLUMNS} FROM telephony_agent WHERE id = ANY(%s) "
    f"OR (current_call_id = ANY(%s) AND state IN ({_FOR_CALL_SOURCES})) ORDER BY id FOR NO KEY UPDATE"
)
_AGENT_IDS = (
    "SELECT r.ref, "
    + _RESOLVE.format(ref="r.ref", ext="r.ext")
    + (" FROM unnest(%s::varchar[], %s::varchar[]) AS r(ref, ext)")
)
_CALL_LOCKS = (
    "SELECT pg_advisory_xact_lock(%s::bigint * 4294967296 + k) FROM "
    "(SELECT DISTINCT hashtext(c)::bigint & 4294967295 AS k FROM unnest(%s::varchar[]) AS c "
    "ORDER BY 1) AS keys"
)
_EVENTS = (
    "SELECT event_id, call_id, kind, at, queue, agent, data FROM telephony_telephonyevent WHERE call_id = %s"
)
_UPSERT_CALL = (
    """
WITH old AS (
    SELECT queue_id, local_date, slot FROM telephony_call WHERE call_id = %(call_id)s::varchar
), up AS (
    INSERT INTO telephony_call (call_id, queue_id, caller, entered_at, local_date, slot, outcome,
        agent_id, answered_at, ended_at, wait_seconds, talk_seconds, hold_seconds, acw_seconds,
        transferred)
    SELECT %(call_id)s::varchar, q.id, %(caller)s::varchar, %(entered_at)s::timestamptz,
        %(local_date)s::date, %(slot)s::smallint, %(outcome)s::varchar, """
    + _RESOLVE.format(ref="%(agent)s::varchar", ext="%(ext)s::varchar")
    + """,
        %(answered_at)s::timestamptz, %(ended_at)s::timestamptz, %(wait_seconds)s::float8,
        %(talk_seconds)s::float8, %(hold_seconds)s::float8, 0, %(transferred)s::boolean
    FROM telephony_queue q WHERE q.name = %(queue)s
    ON CONFLICT (call_id) DO UPDATE SET queue_id = EXCLUDED.queue_id, caller = EXCLUDED.caller,
        entered_at = EXCLUDED.entered_at, local_date = EXCLUDED.local_date, slot = EXCLUDED.slot,
        outcome = EXCLUDED.outcome, agent_id = EXCLUDED.agent_id,
        answered_at = EXCLUDED.answered_at, ended_at = EXCLUDED.ended_at,
        wait_seconds = EXCLUDED.wait_seconds, talk_seconds = EXCLUDED.talk_seconds,
        hold_seconds = EXCLUDED.hold_seconds, transferred = EXCLUDED.transferred
    RETURNING queue_id, local_date, slot, outcome
), marked AS (
    -- The call's old and new slot: their rollups are out of date (append-only marks).
    INSERT INTO telephony_callslotmark (queue_id, local_date, slot)
    SELECT queue_id, local_date, slot FROM up UNION SELECT queue_id, local_date, slot FROM old
)
SELECT outcome FROM up
"""
)
# states._apply in one statement: close the open span, open the new one, move the agent (and count
# an answered call), mark the closed span's state rollups; after-call work that ended goes to the
# agent's call it followed (states._attribute_after_call_work), whose slot is marked.
_MOVE = """
WITH closed AS (
    UPDATE telephony_agentstatechange SET ended_at = %(at)s
    WHERE agent_id = %(agent)s AND ended_at IS NULL
    RETURNING state, started_at
), opened AS (
    INSERT INTO telephony_agentstatechange (agent_id, state, reason, started_at, source)
    VALUES (%(agent)s, %(state)s, '', %(at)s, %(source)s)
), moved AS (
    UPDATE telephony_agent SET state = %(state)s, state_reason = '', state_since = %(at)s,
        idle_since = CASE WHEN %(available)s THEN %(at)s ELSE idle_since END,
        current_call_id = %(current_call)s,
        ringing_until = CASE WHEN %(ringing)s THEN ringing_until END,
        calls_today = CASE WHEN NOT %(count)s THEN calls_today
            WHEN calls_day = %(today)s THEN calls_today + 1 ELSE 1 END,
        calls_day = CASE WHEN %(count)s THEN %(today)s ELSE calls_day END,
        updated_at = %(now)s
    WHERE id = %(agent)s
), span_marked AS (
    INSERT INTO telephony_agentstatemark (agent_id, since)
    SELECT %(agent)s, MIN(started_at) FROM closed HAVING COUNT(*) > 0
), acw AS (
    SELECT c.id, c.queue_id, c.local_date, c.slot,
        EXTRACT(EPOCH FROM (%(at)s - last.started_at))::float8 AS seconds
    FROM (SELECT started_at FROM closed WHERE %(was_acw)s ORDER BY started_at DESC LIMIT 1) AS last
    CROSS JOIN LATERAL (
        SELECT id, queue_id, local_date, slot FROM telephony_call
        WHERE agent_id = %(agent)s AND ended_at <= last.started_at ORDER BY ended_at DESC LIMIT 1
    ) AS c
), acw_added AS (
    UPDATE telephony_call SET acw_seconds = telephony_call.acw_seconds + acw.seconds
    FROM acw WHERE telephony_call.id = acw.id
), acw_marked AS (
    INSERT INTO telephony_callslotmark (queue_id, local_date, slot)
    SELECT queue_id, local_date, slot FROM acw
)
SELECT 1
"""
_COUNT_ONLY = (
    "UPDATE telephony_agent SET calls_today = CASE WHEN calls_day = %(today)s THEN calls_today + 1 "
    "ELSE 1 END, calls_day = %(today)s WHERE id = %(agent)s"
)
_OUTCOMES = "SELECT call_id, outcome FROM telephony_call WHERE call_id = ANY(%s)"
_QUEUE_EXISTS = "SELECT 1 FROM telephony_queue WHERE name = %s"


def _data(value) -> dict:
    return json.loads(value) if isinstance(value, str | bytes) else value


def ingest(events: list[folding.Event], source: str) -> list[tuple[bool, str | None]]:
    """Store the events (in this order, in the caller's transaction) and apply each as
    services.telephony_event_ingest does. Returns (stored, its call's outcome after all of
    them) per event. A refused
    event raises ValidationFailed with extra["index"], its position (the caller's transaction
    rolls back: nothing is stored)."""
    with prepared_cursor() as cursor:
        inserted = _insert(cursor, events, source)
        fresh = []  # (index, event) stored now (a repeat, in the batch or before, is not applied)
        for index, event in enumerate(events):
            if event.event_id in inserted:
                inserted.discard(event.event_id)
                fresh.append((index, event))
        agent_ids = _agents_named(cursor, fresh)
        locked = _lock_agents(cursor, [e for _i, e in fresh], agent_ids)
        calls = sorted({event.call_id for _i, event in fresh})
        if calls:
            cursor.execute(_CALL_LOCKS, [LOCK_CALL, calls])
        # A call is folded once, at its first new event: every event of it in the batch is stored
        # already, so that fold is the call after the batch (and the agents' later moves, e.g.
        # after-call work, see it so).
        outcomes: dict[str, str | None] = {}
        now = timezone.now()
        for index, event in fresh:
            if event.call_id not in outcomes:
                outcomes[event.call_id] = _refold(cursor, event, index)
            agent_id = agent_ids.get(event.agent) if event.agent else None
            for agent in _to_move(event, agent_id, locked):
                _move(cursor, agent, event, now)
        repeated = {e.call_id for e in events} - set(outcomes)
        if repeated:
            cursor.execute(_OUTCOMES, [sorted(repeated)])
            outcomes.update(cursor.fetchall())
    applied = {index for index, _e in fresh}
    return [(index in applied, outcomes.get(e.call_id)) for index, e in enumerate(events)]


def _refused(message: str, field: str, index: int) -> ValidationFailed:
    return ValidationFailed(message, field=field, extra={"index": index})


def _insert(cursor, events: list[folding.Event], source: str) -> set[str]:
    # Sorted by event id: two batches sharing events wait on each other's ids in one order.
    rows = sorted(events, key=lambda e: e.event_id)
    cursor.execute(
        _INSERT_EVENTS,
        {
            "event_id": [e.event_id for e in rows],
            "call_id": [e.call_id for e in rows],
            "kind": [e.kind for e in rows],
            "at": [e.at for e in rows],
            "queue": [e.queue for e in rows],
            "agent": [e.agent for e in rows],
            "data": [Jsonb(e.data) for e in rows],
            "source": [source] * len(rows),
        },
    )
    return {row[0] for row in cursor.fetchall()}


def _agents_named(cursor, fresh: list[tuple[int, folding.Event]]) -> dict[str, int]:
    """{reference: agent id} of the agents the events name. Refused (422): an unknown agent, an
    offered event without a known queue, a missing field (the first such event's)."""
    queues: dict[str, int] = {}
    refs: dict[str, int] = {}
    for index, event in fresh:
        if event.kind == "offered":
            if not event.queue:
                raise _refused(_("This field is required."), "queue", index)
            queues.setdefault(event.queue, index)
        if event.kind in folding.NEEDS_AGENT and not event.agent:
            raise _refused(_("This field is required."), "agent", index)
        if event.agent:
            refs.setdefault(event.agent, index)
    for queue, index in queues.items():
        cursor.execute(_QUEUE_EXISTS, [queue])
        if cursor.fetchone() is None:
            raise _refused(_("Unknown queue: %(name)s.") % {"name": queue}, "queue", index)
    if not refs:
        return {}
    cursor.execute(_AGENT_IDS, [list(refs), [folding.interface_extension(r) for r in refs]])
    found = dict(cursor.fetchall())
    for ref, index in refs.items():
        if found.get(ref) is None:
            raise _refused(_("Unknown agent: %(name)s.") % {"name": ref}, "agent", index)
    return found


def _lock_agents(cursor, events: list[folding.Event], agent_ids: dict[str, int]) -> dict[int, list]:
    """Lock, in id order and in one statement, the agents the events may move: those they name,
    and for a move bound to a call (e.g. abandoned) those in its source states on that call.
    {id: [id, state, state_since, current_call_id, calls_day]}."""
    moving = [e for e in events if e.kind in MOVES]
    named = sorted({agent_ids[e.agent] for e in moving if e.agent})
    calls = sorted({e.call_id for e in moving if not e.agent and MOVES[e.kind].for_call})
    if not named and not calls:
        return {}
    cursor.execute(_AGENTS_LOCK, [named, calls])
    return {row[0]: list(row) for row in cursor.fetchall()}


def _to_move(event: folding.Event, agent_id: int | None, locked: dict[int, list]) -> list[list]:
    """The locked agents this event moves (as services._agents_to_move chooses them)."""
    if event.kind not in MOVES:
        return []
    if agent_id is not None:
        return [locked[agent_id]] if agent_id in locked else []
    move = MOVES[event.kind]
    if move.for_call:
        return [
            row for _id, row in sorted(locked.items()) if row[1] in move.sources and row[3] == event.call_id
        ]
    return []


def _refold(cursor, event: folding.Event, index: int) -> str | None:
    """Fold the event's call from all its events (its lock is held) and upsert it with its marks."""
    cursor.execute(_EVENTS, [event.call_id])
    folded = folding.fold([folding.Event(*row[:6], _data(row[6])) for row in cursor.fetchall()])
    if folded is None:
        return None
    values = folding.call_values(folded, queue_id=None, agent_id=None)  # the one column mapping
    del values["queue_id"], values["agent_id"]  # resolved by name in the statement itself
    cursor.execute(
        _UPSERT_CALL,
        {
            **values,
            "call_id": event.call_id,
            "queue": folded.queue,
            "agent": folded.agent or None,
            "ext": folding.interface_extension(folded.agent) if folded.agent else None,
        },
    )
    row = cursor.fetchone()
    if row is None:
        raise _refused(_("Unknown queue: %(name)s.") % {"name": folded.queue}, "queue", index)
    return row[0]


def _move(cursor, agent: list, event: folding.Event, now: datetime) -> None:
    """states.agent_move with trigger = the event's kind, on an agent row locked and read here;
    `agent` (id, state, state_since, current_call_id, calls_day) is kept up to date for the
    batch's next events."""
    agent_id, state, state_since, current_call, _calls_day = agent
    target = move_for(event.kind, state)
    if target is None or (MOVES[event.kind].for_call and current_call != event.call_id):
        return
    count = event.kind == "answered"
    today = timezone.localdate(event.at)
    if state_since and event.at < state_since:  # a late report of something already overtaken
        if count:
            cursor.execute(_COUNT_ONLY, {"agent": agent_id, "today": today})
            agent[4] = today
        return
    current_call = event.call_id if target in ON_A_CALL else ""
    cursor.execute(
        _MOVE,
        {
            "agent": agent_id,
            "at": event.at,
            "state": target,
            "source": "telephony",
            "available": target == AgentState.AVAILABLE,
            "ringing": target == AgentState.RINGING,
            "current_call": current_call,
            "count": count,
            "today": today,
            "now": now,
            "was_acw": state == AgentState.ACW,
        },
    )
    agent[1:4] = [target, event.at, current_call]
    if count:
        agent[4] = today
