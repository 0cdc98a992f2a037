"""Telephony writes: events from the phone system, the calls they fold into, agents."""

from dataclasses import dataclass

import psycopg
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.core.exceptions import ValidationFailed
from teenindus.telephony import fold as folding
from teenindus.telephony import ingest_pg
from teenindus.telephony.fold import NEEDS_AGENT, call_values, interface_extension
from teenindus.telephony.models import Agent, Call, Interface, Queue, TelephonyEvent
from teenindus.telephony.moves import MOVES
from teenindus.telephony.rollups import call_lock, call_slots_mark
from teenindus.telephony.states import agent_move


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
    call_outcome: str | None  # the call's outcome after the event (None until it was offered)


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


def telephony_event_ingest(*, event: folding.Event, source: str = "api") -> IngestResult:
    """Store one event (a repeated event_id is accepted and ignored), fold its call again from all
    of its events, and move the agent as the event says.

    Locks are taken in one order everywhere: the agents the event moves (rows, by id), then the
    call (an advisory lock on PostgreSQL: its events are read and its row written under it, so of
    two concurrent events of one call the second folds both). The rollups are only marked.
    Agent rows are locked FOR NO KEY UPDATE: the foreign-key checks of rows that name an agent
    (a call, a span), deferred to COMMIT, take KEY SHARE, which that lock does not block."""
    try:
        return telephony_events_ingest(events=[event], source=source)[0]
    except ValidationFailed as error:
        error.extra.pop("index", None)
        raise


def telephony_events_ingest(*, events: list[folding.Event], source: str = "api") -> list[IngestResult]:
    """Events in one transaction, each applied as telephony_event_ingest applies it, in the order
    given (a phone system's batch); each result carries its call's outcome after all of them.
    All or nothing: a refused event (ValidationFailed, with extra["index"] its position) stores
    none. On PostgreSQL the set-based path (ingest_pg) takes
    every lock first, in the one order.

    After-call work is added to a call other than the event's (the agent's previous one), whose
    row is not under the event's locks: two batches that each wrote one of two such calls and
    attribute after-call work to the other can deadlock. PostgreSQL then aborts one; it is run
    again (the whole transaction: nothing of it was kept, and a repeated event is ignored)."""
    attempts = 1 if connection.in_atomic_block else 3
    for attempt in range(attempts):
        try:
            return _events_ingest(events, source)
        except (OperationalError, psycopg.errors.DeadlockDetected) as error:
            codes = (getattr(error, "sqlstate", None), getattr(error.__cause__, "sqlstate", None))
            deadlock = "40P01" in codes
            if not deadlock or attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def _events_ingest(events: list[folding.Event], source: str) -> list[IngestResult]:
    if connection.vendor == "postgresql":
        return [IngestResult(stored, outcome) for stored, outcome in ingest_pg.ingest(events, source)]
    stored = []
    for index, event in enumerate(events):
        try:
            stored.append(_ingest_portable(event, source))
        except ValidationFailed as error:
            error.extra["index"] = index
            raise
    if len(events) == 1:
        return stored
    calls = Call.objects.filter(call_id__in={e.call_id for e in events})
    outcomes = dict(calls.values_list("call_id", "outcome"))
    return [IngestResult(r.stored, outcomes.get(e.call_id)) for e, r in zip(events, stored, strict=True)]


def _ingest_portable(event: folding.Event, source: str) -> IngestResult:
    """One event with the ORM (SQLite: IMMEDIATE transactions serialise the writers)."""
    if TelephonyEvent.objects.filter(event_id=event.event_id).exists():
        return IngestResult(stored=False, call_outcome=_outcome(event.call_id))
    agent = _validate(event)
    moved = _agents_to_move(event, agent)
    for pk in sorted(a.pk for a in moved):
        Agent.objects.select_for_update(no_key=True).filter(pk=pk).first()
    try:
        with transaction.atomic():
            TelephonyEvent.objects.create(
                **{f: getattr(event, f) for f in folding.EVENT_FIELDS}, source=source
            )
    except IntegrityError:  # the same event, stored by a concurrent request
        return IngestResult(stored=False, call_outcome=_outcome(event.call_id))
    call = call_refold(event.call_id)
    for target in moved:
        moved_agent = agent_move(
            agent=target, trigger=event.kind, at=event.at, source="telephony", call_id=event.call_id
        )
        if moved_agent is not None and event.kind == "answered":
            _count_answered(moved_agent, event)
    return IngestResult(stored=True, call_outcome=call.outcome if call else None)


def _outcome(call_id: str) -> str | None:
    return Call.objects.filter(call_id=call_id).values_list("outcome", flat=True).first()


def _agents_to_move(event: folding.Event, agent: Agent | None) -> list[Agent]:
    """The agents an event may move, per the table of moves (moves.MOVES)."""
    if event.kind not in MOVES:
        return []
    if agent is not None:
        return [agent]
    if MOVES[event.kind].for_call:  # e.g. an abandoned call frees whoever was ringing for it
        return list(Agent.objects.filter(state__in=MOVES[event.kind].sources, current_call_id=event.call_id))
    return []


def _count_answered(agent: Agent, event: folding.Event) -> None:
    today = timezone.localdate(event.at)
    if agent.calls_day == today:
        Agent.objects.filter(pk=agent.pk).update(calls_today=F("calls_today") + 1)
    else:
        Agent.objects.filter(pk=agent.pk).update(calls_today=1, calls_day=today)


def call_refold(call_id: str) -> Call | None:
    """Fold a call from all its stored events (under the call's lock) and mark the rollups of its
    old and new slot out of date."""
    call_lock(call_id)
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
    call_slots_mark(keys)
    return call
