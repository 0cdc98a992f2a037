"""Which agent gets the next call of a queue: in rotation, never two calls to one agent."""

from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.core.exceptions import ConflictError, ValidationFailed
from teenindus.core.prepared import prepared_cursor
from teenindus.telephony.models import Agent, Queue, TelephonyEvent
from teenindus.telephony.moves import MOVES, move_for, sql_states
from teenindus.telephony.states import agent_move, agent_state_set

CANDIDATES = 8


def ring_timeouts_expire(*, now=None) -> list[str]:
    """Agents rung longer than the ring timeout go to 'missed'. Returns the calls to route again.
    Safe to run from any number of sweeps at once: each agent is re-checked under its row lock."""
    now = now or timezone.now()
    candidates = (
        Agent.objects.filter(state__in=MOVES["ring_timeout"].sources, ringing_until__lt=now)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return [call_id for pk in candidates if (call_id := _expire_one(pk, now))]


@transaction.atomic
def _expire_one(agent_id: int, now) -> str | None:
    agent = Agent.objects.select_for_update(no_key=True).filter(pk=agent_id).first()
    # Another sweep, an answer or a hang-up may have come first: look again under the lock.
    if (
        agent is None
        or move_for("ring_timeout", agent.state) is None
        or agent.ringing_until is None
        or agent.ringing_until >= now
    ):
        return None
    call_id = agent.current_call_id
    at = max(agent.ringing_until, agent.state_since or agent.ringing_until)  # never before the ringing
    _record_noanswer(agent, at=at)
    agent_move(agent=agent, trigger="ring_timeout", at=at, source="routing", call_id=call_id)
    return call_id


def _record_noanswer(agent: Agent, *, at) -> None:
    TelephonyEvent.objects.get_or_create(
        event_id=f"route-noanswer:{agent.current_call_id}:{agent.pk}:{at.timestamp():.0f}",
        defaults={
            "call_id": agent.current_call_id,
            "kind": "noanswer",
            "at": at,
            "agent": agent.extension,
            "source": "routing",
        },
    )


# PostgreSQL: the whole decision in one statement (one round trip): find the queue by name,
# choose by its strategy, lock the chosen agent with SKIP LOCKED (concurrent requests each get a
# different agent without waiting), claim it, close and open its state spans, mark its state
# rollup out of date and remember it for round-robin.
_CLAIM_SQL_TEMPLATE = """
WITH q AS (
    SELECT id, strategy, ring_timeout_seconds, COALESCE(last_agent_id, 0) AS last_agent_id
    FROM telephony_queue WHERE name = %(queue)s
), chosen AS (
    SELECT a.id, q.id AS queue_id, q.ring_timeout_seconds FROM telephony_agent a
    JOIN telephony_agentskill s ON s.agent_id = a.id
    JOIN q ON s.queue_id = q.id
    WHERE a.state IN ({sources})
    ORDER BY
        s.priority,
        CASE WHEN q.strategy = 'round_robin' AND a.id <= q.last_agent_id THEN 1 ELSE 0 END,
        CASE WHEN q.strategy = 'fewest_calls' AND a.calls_day = %(today)s THEN a.calls_today ELSE 0 END,
        CASE WHEN q.strategy = 'round_robin' THEN NULL ELSE a.idle_since END ASC NULLS FIRST,
        a.id
    LIMIT 1
    FOR NO KEY UPDATE OF a SKIP LOCKED
), claimed AS (
    UPDATE telephony_agent a
    SET state = '{target}', state_reason = '', state_since = %(now)s, current_call_id = %(call)s,
        ringing_until = %(now)s + chosen.ring_timeout_seconds * interval '1 second',
        updated_at = %(now)s
    FROM chosen WHERE a.id = chosen.id
    RETURNING a.id, a.name, a.extension, a.employee_id, a.ringing_until, chosen.queue_id
), closed AS (
    UPDATE telephony_agentstatechange c SET ended_at = %(now)s
    FROM claimed WHERE c.agent_id = claimed.id AND c.ended_at IS NULL
    RETURNING c.agent_id, c.started_at
), opened AS (
    INSERT INTO telephony_agentstatechange (agent_id, state, reason, started_at, source)
    SELECT id, '{target}', '', %(now)s, 'routing' FROM claimed
), marked AS (
    -- The closed span's rollups are out of date: an append-only mark (waits on no one).
    INSERT INTO telephony_agentstatemark (agent_id, since)
    SELECT agent_id, MIN(started_at) FROM closed GROUP BY agent_id
), memory AS (
    -- Only round-robin needs the memory; writing it always would make every decision of a queue
    -- wait for the previous one's lock on this row.
    UPDATE telephony_queue SET last_agent_id = claimed.id
    FROM claimed WHERE telephony_queue.id = claimed.queue_id AND telephony_queue.strategy = 'round_robin'
)
SELECT id, name, extension, employee_id, ringing_until FROM claimed
"""
# The move is the table's (moves.MOVES["route"]): from which states an agent is claimed, into which.
_CLAIM_SQL = _CLAIM_SQL_TEMPLATE.format(
    sources=sql_states(MOVES["route"].sources), target=MOVES["route"].target
)


def _claim_postgresql(*, queue_name: str, call_id: str, now, today) -> Agent | None:
    # One statement (atomic on its own), prepared on the server once per connection: it is not
    # parsed and planned again for every call.
    with prepared_cursor() as cursor:
        cursor.execute(_CLAIM_SQL, {"queue": queue_name, "now": now, "call": call_id, "today": today})
        row = cursor.fetchone()
    if row is None:
        return None
    # The agent as the statement left it (not read again).
    return Agent(
        id=row[0],
        name=row[1],
        extension=row[2],
        employee_id=row[3],
        state=MOVES["route"].target,
        state_since=now,
        current_call_id=call_id,
        ringing_until=row[4],
    )


def _ordered(queue: Queue, today):
    agents = Agent.objects.filter(skills__queue=queue, state__in=MOVES["route"].sources)
    if queue.strategy == Queue.Strategy.ROUND_ROBIN:
        after_last = Case(
            When(pk__gt=queue.last_agent_id or 0, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return agents.order_by("skills__priority", after_last, "pk")
    if queue.strategy == Queue.Strategy.FEWEST_CALLS:
        today_calls = Case(
            When(calls_day=today, then="calls_today"), default=Value(0), output_field=IntegerField()
        )
        return agents.order_by("skills__priority", today_calls, F("idle_since").asc(nulls_first=True), "pk")
    return agents.order_by("skills__priority", F("idle_since").asc(nulls_first=True), "pk")


def call_route(*, call_id: str, queue_name: str, caller: str = "") -> Agent:
    """Choose and claim an available agent for the call; ConflictError (409) when nobody is free.
    Ring timeouts are the sweep's (ring_timeouts_expire): routing keeps no timer of its own."""
    if not call_id:
        raise ValidationFailed(_("This field is required."), field="call_id")
    now = timezone.now()
    today = timezone.localdate(now)
    if connection.vendor == "postgresql":
        agent = _claim_postgresql(queue_name=queue_name, call_id=call_id, now=now, today=today)
        if agent is not None:
            return agent
        queue = Queue.objects.filter(name=queue_name).first()
    else:
        queue = Queue.objects.filter(name=queue_name).first()
        if queue is not None:
            agent = _claim_portable(queue, call_id=call_id, now=now, today=today)
            if agent is not None:
                return agent
    if queue is None:
        raise ValidationFailed(_("Unknown queue: %(name)s.") % {"name": queue_name}, field="queue")
    raise ConflictError(_("No agent is available in queue %(name)s.") % {"name": queue.name}, field="queue")


def _claim_portable(queue: Queue, *, call_id: str, now, today) -> Agent | None:
    """Other databases: read candidates, then claim with a conditional UPDATE; of two requests
    that chose the same agent only one wins and the other takes the next candidate."""
    ring_until = now + timedelta(seconds=queue.ring_timeout_seconds)
    for _attempt in range(5):
        with transaction.atomic():
            chosen = list(_ordered(queue, today)[:CANDIDATES])
            for agent in chosen:
                claimed = Agent.objects.filter(pk=agent.pk, state__in=MOVES["route"].sources).update(
                    state=MOVES["route"].target, current_call_id=call_id, ringing_until=ring_until
                )
                if claimed:
                    agent = agent_state_set(
                        agent=agent,
                        state=MOVES["route"].target,
                        at=now,
                        source="routing",
                        enforce=False,
                        call_id=call_id,
                    )
                    Queue.objects.filter(pk=queue.pk).update(last_agent=agent)
                    return agent
        if not chosen:
            return None  # nobody available; otherwise all candidates were just taken: look again
    return None
