"""The phone system's integration API (routing, events) and the call statistics."""

from datetime import UTC, date, datetime
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import AfterValidator, AwareDatetime
from pydantic_core import PydanticCustomError

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


EARLIEST, LATEST = datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)


def _plausible_time(at: datetime) -> datetime:
    # Years outside timestamptz once in UTC (0001, 9999) were a 500 from the database.
    if not EARLIEST <= at < LATEST:
        raise PydanticCustomError("time_out_of_range", "time out of range")
    return at


class EventIn(Schema):
    event_id: str = Field(..., min_length=1, max_length=80)
    call_id: str = Field(..., min_length=1, max_length=80)
    type: EventType
    at: Annotated[AwareDatetime, AfterValidator(_plausible_time)]
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
    result = services.telephony_event_ingest(event=_event(payload))
    return {"stored": result.stored, "call_id": payload.call_id, "call_outcome": result.call_outcome}


MAX_BATCH = 500


@router.post("/events/batch", response=list[EventOut])
def events_batch(request, payload: list[EventIn]):
    """Up to 500 events in one request (a JSON list), each treated as POST /events treats it, in
    the order given, in one transaction: all or none (a refused event stores none; its `field`
    is prefixed with its position, e.g. "3.agent"). The answer lists the events in the same
    order, each with its call's outcome after the whole batch."""
    require_perm(request, "telephony.add_telephonyevent")
    if not payload:
        raise ValidationFailed(_("Send at least one event."), field="body")
    if len(payload) > MAX_BATCH:
        message = _("Send at most %(count)s events at a time.") % {"count": MAX_BATCH}
        raise ValidationFailed(message, field="body")
    try:
        results = services.telephony_events_ingest(events=[_event(e) for e in payload])
    except ValidationFailed as error:
        index = error.extra.pop("index", None)
        if index is not None:
            error.field = f"{index}.{error.field}"
        raise
    return [
        {"stored": r.stored, "call_id": e.call_id, "call_outcome": r.call_outcome}
        for e, r in zip(payload, results, strict=True)
    ]


def _event(payload: EventIn) -> fold.Event:
    data = {
        k: v for k, v in {"caller": payload.caller, "wait": payload.wait, "talk": payload.talk}.items() if v
    }
    return fold.Event(
        event_id=payload.event_id,
        call_id=payload.call_id,
        kind=payload.type,
        at=payload.at,
        queue=payload.queue,
        agent=payload.agent,
        data=data,
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
    withdrawn: int
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
