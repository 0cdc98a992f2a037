"""Which agent gets the next call of a queue: in rotation, never two calls to one agent.

An agent is claimed with a conditional UPDATE (…WHERE state = 'available'), so of two requests
that chose the same agent only one wins and the other takes the next candidate. On PostgreSQL
candidates are read with SELECT … FOR UPDATE SKIP LOCKED, so concurrent requests do not even
wait on each other's rows."""

from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.core.exceptions import ConflictError, ValidationFailed
from teenindus.telephony.models import Agent, AgentState, Queue, TelephonyEvent
from teenindus.telephony.states import agent_state_set

CANDIDATES = 8


def ring_timeouts_expire(*, now=None) -> list[str]:
    """Agents rung longer than the ring timeout go to 'missed'. Returns the calls to route again."""
    now = now or timezone.now()
    calls = []
    for agent in Agent.objects.filter(state=AgentState.RINGING, ringing_until__lt=now):
        calls.append(agent.current_call_id)
        at = max(agent.ringing_until, agent.state_since or agent.ringing_until)  # never before the ringing
        _record_noanswer(agent, at=at)
        agent_state_set(agent=agent, state=AgentState.MISSED, at=at, source="routing", enforce=False)
    return calls


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


def _ordered(queue: Queue, today):
    agents = Agent.objects.filter(skills__queue=queue, state=AgentState.AVAILABLE)
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
        return agents.order_by("skills__priority", today_calls, "idle_since", "pk")
    return agents.order_by("skills__priority", "idle_since", "pk")


def call_route(*, call_id: str, queue_name: str, caller: str = "") -> Agent:
    """Choose and claim an available agent for the call; ConflictError (409) when nobody is free."""
    if not call_id:
        raise ValidationFailed(_("This field is required."), field="call_id")
    queue = Queue.objects.filter(name=queue_name).first()
    if queue is None:
        raise ValidationFailed(_("Unknown queue: %(name)s.") % {"name": queue_name}, field="queue")
    now = timezone.now()
    ring_timeouts_expire(now=now)
    today = timezone.localdate(now)
    ring_until = now + timedelta(seconds=queue.ring_timeout_seconds)
    for _attempt in range(5):
        with transaction.atomic():
            candidates = _ordered(queue, today)
            if connection.features.has_select_for_update_skip_locked:
                # Lock exactly the best agent nobody else is claiming; locking more would hide
                # free agents from concurrent requests.
                chosen = list(candidates.select_for_update(skip_locked=True, of=("self",))[:1])
            else:
                chosen = list(candidates[:CANDIDATES])
            for agent in chosen:
                claimed = Agent.objects.filter(pk=agent.pk, state=AgentState.AVAILABLE).update(
                    state=AgentState.RINGING, current_call_id=call_id, ringing_until=ring_until
                )
                if claimed:  # else a concurrent request took this agent a moment ago
                    agent = agent_state_set(
                        agent=agent,
                        state=AgentState.RINGING,
                        at=now,
                        source="routing",
                        enforce=False,
                        call_id=call_id,
                    )
                    Queue.objects.filter(pk=queue.pk).update(last_agent=agent)
                    return agent
        if not chosen:
            break  # nobody available; otherwise all candidates were just taken: look again
    raise ConflictError(_("No agent is available in queue %(name)s.") % {"name": queue.name}, field="queue")
