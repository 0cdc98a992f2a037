"""Asterisk queue_log import into the same events, calls and agent states as the live API.

Each line becomes an event whose id is a hash of the line, so importing the same file again, or
a file that has grown, stores only what is new. Calls are folded with the same `fold` as live
events, and the rollups of every slot they touch are recomputed."""

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.db import transaction
from django.utils import timezone

from teenindus.telephony import fold as folding
from teenindus.telephony.intervals import slot_of
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
from teenindus.telephony.rollups import agent_state_intervals_refresh, call_intervals_refresh
from teenindus.telephony.services import FOLDED_FIELDS, interface_extension

CHUNK_LINES = 50_000
IN_BATCH = 900

# queue_log event -> (telephony event kind, {data name: field index}), for call events.
CALL_EVENTS = {
    "ENTERQUEUE": ("offered", {"caller": 1}),
    "CONNECT": ("answered", {"wait": 0, "ring": 2}),
    "COMPLETEAGENT": ("ended", {"wait": 0, "talk": 1}),
    "COMPLETECALLER": ("ended", {"wait": 0, "talk": 1}),
    "TRANSFER": ("transferred", {"wait": 2, "talk": 3}),
    "BLINDTRANSFER": ("transferred", {"wait": 2, "talk": 3}),
    "ATTENDEDTRANSFER": ("transferred", {"wait": 2, "talk": 3}),
    "ABANDON": ("abandoned", {"wait": 2}),
    "EXITWITHTIMEOUT": ("timeout", {"wait": 2}),
    "EXITEMPTY": ("exit", {"wait": 2}),
    "EXITWITHKEY": ("exit", {"wait": 3}),
    "RINGNOANSWER": ("noanswer", {"ring_ms": 0}),
}
# queue_log event -> agent state it leaves the agent in (None: the event only records)
AGENT_STATES = {
    "CONNECT": AgentState.ON_CALL,
    "COMPLETEAGENT": AgentState.AVAILABLE,
    "COMPLETECALLER": AgentState.AVAILABLE,
    "TRANSFER": AgentState.AVAILABLE,
    "BLINDTRANSFER": AgentState.AVAILABLE,
    "ATTENDEDTRANSFER": AgentState.AVAILABLE,
    "ADDMEMBER": AgentState.AVAILABLE,
    "REMOVEMEMBER": AgentState.OFFLINE,
    "PAUSE": AgentState.BREAK,
    "PAUSEALL": AgentState.BREAK,
    "UNPAUSE": AgentState.AVAILABLE,
    "UNPAUSEALL": AgentState.AVAILABLE,
    "AGENTLOGIN": AgentState.AVAILABLE,
    "AGENTLOGOFF": AgentState.OFFLINE,
}
RECORD_ONLY = {"QUEUESTART"}


@dataclass
class ImportReport:
    lines: int = 0
    new_events: int = 0
    known_events: int = 0
    calls: int = 0
    state_changes: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    unknown_events: Counter = field(default_factory=Counter)
    new_agents: list[str] = field(default_factory=list)
    new_queues: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "lines": self.lines,
            "new_events": self.new_events,
            "known_events": self.known_events,
            "calls": self.calls,
            "state_changes": self.state_changes,
            "errors": [{"line": n, "error": e} for n, e in self.errors],
            "unknown_events": dict(self.unknown_events),
            "new_agents": self.new_agents,
            "new_queues": self.new_queues,
        }


@dataclass
class _Line:
    number: int
    event_id: str
    at: datetime
    call_id: str
    queue: str
    agent: str
    verb: str
    data: list[str]


def _parse(number: int, raw: str) -> _Line:
    parts = raw.rstrip("\r\n").split("|")
    if len(parts) < 5:
        raise ValueError(f"expected at least 5 fields separated by '|', found {len(parts)}")
    epoch, call_id, queue, agent, verb = (p.strip() for p in parts[:5])
    try:
        at = datetime.fromtimestamp(float(epoch), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"the time '{epoch}' is not a Unix time") from None
    if not verb:
        raise ValueError("the event name is empty")
    digest = hashlib.blake2b(raw.strip().encode("utf-8", "replace"), digest_size=12).hexdigest()
    return _Line(number, "ql:" + digest, at, call_id, queue, agent, verb.upper(), parts[5:])


class _Resolver:
    """Queues and agents by the names the log uses, created when unknown (and reported)."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.queues = {q.name: q for q in Queue.objects.all()}
        self.agents: dict[str, Agent] = {i.name: i.agent for i in Interface.objects.select_related("agent")}
        self.by_extension = {a.extension: a for a in Agent.objects.all()}

    def queue(self, name: str) -> Queue | None:
        if not name or name.upper() == "NONE":
            return None
        if name not in self.queues:
            self.queues[name] = Queue.objects.create(name=name[:50], title=name)
            self.report.new_queues.append(name)
        return self.queues[name]

    def agent(self, ref: str) -> Agent | None:
        if not ref or ref.upper() == "NONE":
            return None
        if ref in self.agents:
            return self.agents[ref]
        extension = interface_extension(ref)
        agent = self.by_extension.get(extension)
        if agent is None:
            agent = Agent.objects.create(name=ref, extension=extension)
            self.by_extension[extension] = agent
            self.report.new_agents.append(ref)
        Interface.objects.get_or_create(name=ref, defaults={"agent": agent})
        self.agents[ref] = agent
        return agent


def _data(line: _Line, names: dict[str, int]) -> dict:
    out = {}
    for name, index in names.items():
        if index < len(line.data) and line.data[index] != "":
            out[name] = line.data[index]
    return out


def _existing_ids(ids: list[str]) -> set[str]:
    """Lines imported before: call events are stored as events, agent lines as state changes."""
    found = set()
    for start in range(0, len(ids), IN_BATCH):
        batch = ids[start : start + IN_BATCH]
        found.update(TelephonyEvent.objects.filter(event_id__in=batch).values_list("event_id", flat=True))
        found.update(
            AgentStateChange.objects.filter(source_ref__in=batch).values_list("source_ref", flat=True)
        )
    return found


def import_queue_log(lines: Iterable[str], *, progress: Callable[[int], None] | None = None) -> ImportReport:
    """Import queue_log lines; unreadable lines are reported with their number, never fatal."""
    report = ImportReport()
    resolver = _Resolver(report)
    touched_calls: set[str] = set()
    spans: dict[int, list[tuple[datetime, str, str, str]]] = defaultdict(list)
    chunk: list[_Line] = []
    for number, raw in enumerate(lines, start=1):
        report.lines = number
        if progress:
            progress(len(raw))
        if not raw.strip():
            continue
        try:
            chunk.append(_parse(number, raw))
        except ValueError as exc:
            report.errors.append((number, str(exc)))
        if len(chunk) >= CHUNK_LINES:
            _store_chunk(chunk, report, resolver, touched_calls, spans)
            chunk = []
    if chunk:
        _store_chunk(chunk, report, resolver, touched_calls, spans)
    _fold_calls(touched_calls, report)
    _apply_spans(spans, report)
    return report


@transaction.atomic
def _store_chunk(chunk, report, resolver, touched_calls, spans) -> None:
    known = _existing_ids([line.event_id for line in chunk])
    events = []
    seen = set()
    for line in chunk:
        if line.event_id in known or line.event_id in seen:
            report.known_events += 1
            continue
        seen.add(line.event_id)
        call_event = CALL_EVENTS.get(line.verb)
        state = AGENT_STATES.get(line.verb)
        if call_event is None and state is None and line.verb not in RECORD_ONLY:
            report.unknown_events[line.verb] += 1
            continue
        queue = resolver.queue(line.queue)
        agent = resolver.agent(line.agent)
        if call_event:
            if not line.call_id or line.call_id.upper() == "NONE":
                report.errors.append((line.number, f"{line.verb} without a call id"))
                continue
            if call_event[0] == "offered" and queue is None:
                report.errors.append((line.number, "ENTERQUEUE without a queue"))
                continue
            events.append(
                TelephonyEvent(
                    event_id=line.event_id,
                    call_id=line.call_id,
                    kind=call_event[0],
                    at=line.at,
                    queue=queue.name if queue else "",
                    agent=line.agent if agent else "",
                    data=_data(line, call_event[1]),
                    source="queue_log",
                )
            )
            touched_calls.add(line.call_id)
        if state and agent is not None:
            reason = line.data[0] if line.verb in ("PAUSE", "PAUSEALL") and line.data else ""
            spans[agent.pk].append((line.at, state, reason[:100], line.event_id))
            if line.verb == "ADDMEMBER" and queue is not None:
                AgentSkill.objects.get_or_create(agent=agent, queue=queue)
    TelephonyEvent.objects.bulk_create(events, batch_size=2000)
    report.new_events += len(events)


def _fold_calls(call_ids: set[str], report: ImportReport) -> None:
    if not call_ids:
        return
    queues = {q.name: q for q in Queue.objects.all()}
    agents = {i.name: i.agent_id for i in Interface.objects.all()}
    extensions = {a.extension: a.pk for a in Agent.objects.all()}
    ordered = sorted(call_ids)
    keys = set()
    for start in range(0, len(ordered), IN_BATCH):
        batch = ordered[start : start + IN_BATCH]
        events: dict[str, list[folding.Event]] = defaultdict(list)
        rows = TelephonyEvent.objects.filter(call_id__in=batch)
        for event_id, call_id, kind, at, queue, agent, data in rows.values_list(
            "event_id", "call_id", "kind", "at", "queue", "agent", "data"
        ):
            events[call_id].append(folding.Event(event_id, call_id, kind, at, queue, agent, data))
        for queue_id, day, slot in Call.objects.filter(call_id__in=batch).values_list(
            "queue_id", "local_date", "slot"
        ):
            keys.add((queue_id, day, slot))
        calls = []
        for call_id, call_events in events.items():
            folded = folding.fold(call_events)
            if folded is None:
                continue
            local_date, slot = slot_of(folded.entered_at)
            queue = queues[folded.queue]
            agent_id = None
            if folded.agent:
                agent_id = agents.get(folded.agent) or extensions.get(interface_extension(folded.agent))
            calls.append(
                Call(
                    call_id=call_id,
                    queue=queue,
                    caller=folded.caller[:40],
                    entered_at=folded.entered_at,
                    local_date=local_date,
                    slot=slot,
                    outcome=folded.outcome,
                    agent_id=agent_id,
                    answered_at=folded.answered_at,
                    ended_at=folded.ended_at,
                    wait_seconds=folded.wait_seconds,
                    talk_seconds=folded.talk_seconds,
                    hold_seconds=folded.hold_seconds,
                    transferred=folded.transferred,
                )
            )
            keys.add((queue.pk, local_date, slot))
        with transaction.atomic():
            Call.objects.bulk_create(
                calls,
                batch_size=1000,
                update_conflicts=True,
                unique_fields=["call_id"],
                update_fields=FOLDED_FIELDS,
            )
        report.calls += len(calls)
    call_intervals_refresh(keys)


def _apply_spans(spans: dict[int, list], report: ImportReport) -> None:
    """Write the agents' state spans: each lasts until the agent's next change."""
    agent_days = set()
    for agent_id, changes in spans.items():
        changes.sort()
        with transaction.atomic():
            earliest = changes[0][0]
            later_exists = AgentStateChange.objects.filter(
                agent_id=agent_id, started_at__gt=earliest
            ).exists()
            rows = [
                AgentStateChange(
                    agent_id=agent_id,
                    state=state,
                    reason=reason,
                    started_at=at,
                    ended_at=changes[i + 1][0] if i + 1 < len(changes) else None,
                    source="queue_log",
                    source_ref=ref,
                )
                for i, (at, state, reason, ref) in enumerate(changes)
            ]
            # Close the span that was open before these (a grown file continues where it ended).
            AgentStateChange.objects.filter(
                agent_id=agent_id, ended_at__isnull=True, started_at__lte=earliest
            ).update(ended_at=earliest)
            AgentStateChange.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
            if later_exists:
                _rechain(agent_id)
            report.state_changes += len(rows)
            last = AgentStateChange.objects.filter(agent_id=agent_id).order_by("-started_at", "-id").first()
            agent = Agent.objects.get(pk=agent_id)
            if agent.state_since is None or last.started_at >= agent.state_since:
                Agent.objects.filter(pk=agent_id).update(
                    state=last.state,
                    state_reason=last.reason,
                    state_since=last.started_at,
                    idle_since=last.started_at if last.state == AgentState.AVAILABLE else agent.idle_since,
                )
        for at, *_rest in changes:
            agent_days.add((agent_id, timezone.localtime(at).date()))
    if agent_days:
        # The day before each first change too: the span that was open then may have closed now.
        agent_days |= {(a, date.fromordinal(d.toordinal() - 1)) for a, d in agent_days}
        agent_state_intervals_refresh(agent_days)


def _rechain(agent_id: int) -> None:
    """Events arrived that fall between earlier ones: set every span's end to the next start."""
    spans = list(AgentStateChange.objects.filter(agent_id=agent_id).order_by("started_at", "id"))
    for current, following in zip(spans, spans[1:] + [None], strict=True):
        end = following.started_at if following else None
        if current.ended_at != end:
            current.ended_at = end
            current.save(update_fields=["ended_at"])
