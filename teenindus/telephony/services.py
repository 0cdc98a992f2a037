"""Telephony writes: events from the phone system, the calls they fold into, agents."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.core.exceptions import ValidationFailed
from teenindus.telephony import fold as folding
from teenindus.telephony.intervals import slot_of
from teenindus.telephony.models import Agent, AgentState, Call, Interface, Queue, TelephonyEvent
from teenindus.telephony.rollups import call_intervals_refresh
from teenindus.telephony.states import agent_state_set

NEEDS_AGENT = {"ringing", "noanswer", "answered"}
# A call's columns that come from folding its events (after-call work comes from agent states).
FOLDED_FIELDS = [
    "queue_id",
    "caller",
    "entered_at",
    "local_date",
    "slot",
    "outcome",
    "agent_id",
    "answered_at",
    "ended_at",
    "wait_seconds",
    "talk_seconds",
    "hold_seconds",
    "transferred",
]


def call_values(folded: folding.FoldedCall, *, queue_id: int, agent_id: int | None) -> dict:
    """The folded call as column values (FOLDED_FIELDS), with its local date and slot."""
    local_date, slot = slot_of(folded.entered_at)
    return {
        "queue_id": queue_id,
        "caller": folded.caller[:40],
        "entered_at": folded.entered_at,
        "local_date": local_date,
        "slot": slot,
        "outcome": folded.outcome,
        "agent_id": agent_id,
        "answered_at": folded.answered_at,
        "ended_at": folded.ended_at,
        "wait_seconds": folded.wait_seconds,
        "talk_seconds": folded.talk_seconds,
        "hold_seconds": folded.hold_seconds,
        "transferred": folded.transferred,
    }


def interface_extension(ref: str) -> str:
    """'PJSIP/201' -> '201', 'Local/201@from-queue/n' -> '201', '201' -> '201'."""
    tail = ref.split("/", 1)[1] if "/" in ref else ref
    for separator in ("@", "-", "/", ";"):
        tail = tail.split(separator, 1)[0]
    return tail


def agent_resolve(ref: str) -> Agent | None:
    """The agent the phone system means: by the extension table, else by extension."""
    if not ref:
        return None
    mapped = Interface.objects.select_related("agent").filter(name=ref).first()
    if mapped:
        return mapped.agent
    return Agent.objects.filter(extension=interface_extension(ref)).first()


@dataclass
class IngestResult:
    stored: bool
    call: Call | None


def _validate(event: folding.Event) -> Agent | None:
    """Refuse an event naming an unknown queue or agent; the agent it moves, if any."""
    if event.kind == "offered":
        if not event.queue:
            raise ValidationFailed(_("This field is required."), field="queue")
        if not Queue.objects.filter(name=event.queue).exists():
            raise ValidationFailed(_("Unknown queue: %(name)s.") % {"name": event.queue}, field="queue")
    agent = None
    if event.kind in NEEDS_AGENT or event.agent:
        if not event.agent:
            raise ValidationFailed(_("This field is required."), field="agent")
        agent = agent_resolve(event.agent)
        if agent is None:
            raise ValidationFailed(_("Unknown agent: %(name)s.") % {"name": event.agent}, field="agent")
    return agent


@transaction.atomic
def telephony_event_ingest(*, event: folding.Event, source: str = "api") -> IngestResult:
    """Store one event (a repeated event_id is accepted and ignored), fold its call again from all
    of its events, and move the agent as the event says."""
    if TelephonyEvent.objects.filter(event_id=event.event_id).exists():
        return IngestResult(stored=False, call=Call.objects.filter(call_id=event.call_id).first())
    agent = _validate(event)
    try:
        with transaction.atomic():
            TelephonyEvent.objects.create(
                **{f: getattr(event, f) for f in folding.EVENT_FIELDS}, source=source
            )
    except IntegrityError:  # the same event, stored by a concurrent request
        return IngestResult(stored=False, call=Call.objects.filter(call_id=event.call_id).first())
    call = call_refold(event.call_id)
    if agent is not None:
        _move_agent(agent, event)
    elif event.kind == "abandoned":
        _release_ringing_agents(event)
    return IngestResult(stored=True, call=call)


def _move_agent(agent: Agent, event: folding.Event) -> None:
    target = {
        "ringing": AgentState.RINGING,
        "answered": AgentState.ON_CALL,
        "noanswer": AgentState.MISSED,
        "ended": AgentState.ACW,
        "transferred": AgentState.ACW,
    }.get(event.kind)
    if target is None:
        return
    agent_state_set(
        agent=agent, state=target, at=event.at, source="telephony", enforce=False, call_id=event.call_id
    )
    if event.kind == "answered":
        today = timezone.localdate(event.at)
        count = agent.calls_today + 1 if agent.calls_day == today else 1
        Agent.objects.filter(pk=agent.pk).update(calls_today=count, calls_day=today)


def _release_ringing_agents(event: folding.Event) -> None:
    for agent in Agent.objects.filter(state=AgentState.RINGING, current_call_id=event.call_id):
        agent_state_set(
            agent=agent, state=AgentState.AVAILABLE, at=event.at, source="telephony", enforce=False
        )


def call_refold(call_id: str) -> Call | None:
    """Fold a call from all its stored events and refresh the rollups of its old and new slot."""
    rows = TelephonyEvent.objects.filter(call_id=call_id).values_list(*folding.EVENT_FIELDS)
    events = [folding.Event(*row) for row in rows]
    folded = folding.fold(events)
    if folded is None:
        return None
    agent = agent_resolve(folded.agent) if folded.agent else None
    values = call_values(
        folded, queue_id=Queue.objects.get(name=folded.queue).pk, agent_id=agent.pk if agent else None
    )
    existing = Call.objects.filter(call_id=call_id).first()
    keys = {(values["queue_id"], values["local_date"], values["slot"])}
    if existing:
        keys.add((existing.queue_id, existing.local_date, existing.slot))
    call, _created = Call.objects.update_or_create(call_id=call_id, defaults=values)
    call_intervals_refresh(keys)
    return call
