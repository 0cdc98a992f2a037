"""The phone system's integration API (routing, events) and the call statistics."""

from datetime import date
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import AwareDatetime

from teenindus.accounts.api_auth import require_perm
from teenindus.core.exceptions import NotFound, ValidationFailed
from teenindus.telephony import fold, routing, selectors, services
from teenindus.telephony.intervals import GRANULARITIES
from teenindus.telephony.models import Agent, AgentState, Queue
from teenindus.telephony.states import agent_state_set

router = Router(tags=["telephony"])
stats_router = Router(tags=["stats"])

EventType = Literal[
    "offered",
    "ringing",
    "noanswer",
    "answered",
    "transferred",
    "hold",
    "unhold",
    "ended",
    "abandoned",
    "timeout",
    "exit",
]


class RouteIn(Schema):
    call_id: str = Field(..., min_length=1, max_length=80)
    queue: str = Field(..., min_length=1, max_length=50)
    caller: str = Field("", max_length=40)


class RouteOut(Schema):
    agent: str
    extension: str


class EventIn(Schema):
    event_id: str = Field(..., min_length=1, max_length=80)
    call_id: str = Field(..., min_length=1, max_length=80)
    type: EventType
    at: AwareDatetime
    queue: str = Field("", max_length=50)
    agent: str = Field("", max_length=120, description="extension or interface (PJSIP/201)")
    caller: str = Field("", max_length=40)
    wait: float | None = Field(None, ge=0, description="seconds the caller waited, if the phone system knows")
    talk: float | None = Field(None, ge=0)


class EventOut(Schema):
    stored: bool
    call_id: str
    call_outcome: str | None


class StateIn(Schema):
    state: Literal[tuple(AgentState.values)]  # type: ignore[valid-type]
    reason: str = Field("", max_length=100)


class AgentOut(Schema):
    name: str
    extension: str
    state: str
    reason: str


@router.post("/route", response=RouteOut)
def route(request, payload: RouteIn):
    """Which agent gets this call: 200 {agent, extension}, or 409 when nobody is available."""
    require_perm(request, "telephony.route_call")
    agent = routing.call_route(call_id=payload.call_id, queue_name=payload.queue, caller=payload.caller)
    return RouteOut(agent=agent.name, extension=agent.extension)


@router.post("/events", response=EventOut)
def event(request, payload: EventIn):
    """One event of the phone system. A repeated event_id is accepted and ignored; events may
    arrive in any order."""
    require_perm(request, "telephony.add_telephonyevent")
    data = {
        k: v for k, v in {"caller": payload.caller, "wait": payload.wait, "talk": payload.talk}.items() if v
    }
    result = services.telephony_event_ingest(
        event=fold.Event(
            event_id=payload.event_id,
            call_id=payload.call_id,
            kind=payload.type,
            at=payload.at,
            queue=payload.queue,
            agent=payload.agent,
            data=data,
        )
    )
    return EventOut(
        stored=result.stored,
        call_id=payload.call_id,
        call_outcome=result.call.outcome if result.call else None,
    )


@router.post("/agents/{extension}/state", response=AgentOut)
def agent_state(request, extension: str, payload: StateIn):
    """Set an agent's state by hand (team lead) — only the moves an agent may make."""
    require_perm(request, "telephony.change_agent")
    agent = Agent.objects.filter(extension=extension).first()
    if agent is None:
        raise NotFound(_("Unknown agent: %(name)s.") % {"name": extension}, field="extension")
    agent = agent_state_set(
        agent=agent, state=payload.state, reason=payload.reason, source="api", actor=request.user
    )
    return AgentOut(name=agent.name, extension=agent.extension, state=agent.state, reason=agent.state_reason)


class StatsQuery(Schema):
    start: date
    end: date
    granularity: Literal[GRANULARITIES] = "day"  # type: ignore[valid-type]
    queue: str | None = None
    agent: str | None = Field(None, description="extension")


class StatsRow(Schema):
    period_start: str
    offered: int
    answered: int
    abandoned: int
    short_abandoned: int
    timed_out: int
    service_level: float | None
    asa_seconds: float | None
    aht_seconds: float | None
    max_wait_seconds: float
    abandon_rate: float | None
    occupancy: float | None
    utilisation: float | None


def stats_filters(query: StatsQuery) -> tuple[Queue | None, Agent | None]:
    if query.end <= query.start:
        raise ValidationFailed(_("The end must be after the start."), field="end")
    if (query.end - query.start).days > 400:
        raise ValidationFailed(_("Ask for at most 400 days at a time."), field="end")
    queue = agent = None
    if query.queue:
        queue = Queue.objects.filter(name=query.queue).first()
        if queue is None:
            raise ValidationFailed(_("Unknown queue: %(name)s.") % {"name": query.queue}, field="queue")
    if query.agent:
        agent = Agent.objects.filter(extension=query.agent).first()
        if agent is None:
            raise ValidationFailed(_("Unknown agent: %(name)s.") % {"name": query.agent}, field="agent")
    return queue, agent


@stats_router.get("/calls", response=list[StatsRow])
def call_stats(request, query: Query[StatsQuery]):
    """Call figures per period (SL = answered within T / (offered − short-abandoned)); end exclusive."""
    require_perm(request, "telephony.view_call_stats")
    queue, agent = stats_filters(query)
    return selectors.calls_stats(
        start=query.start, end=query.end, granularity=query.granularity, queue=queue, agent=agent
    )
