"""Asterisk queue_log import into the same events, calls and agent states as the live API.

Each line becomes an event whose id is a hash of the line, so importing the same file again, or
a file that has grown, stores only what is new. Calls are folded with the same `fold` as live
events, and the rollups of every slot they touch are recomputed."""

import gc
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.db import connection, transaction
from django.utils import timezone

from teenindus.core.bulk import bulk_insert
from teenindus.telephony import fold as folding
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
from teenindus.telephony.services import FOLDED_FIELDS, call_values, interface_extension

CHUNK_LINES = 50_000
IN_BATCH = 5000

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


@dataclass(slots=True)
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
    epoch, call_id, queue, agent, verb = parts[:5]
    if " " in raw:  # rare: spaces around fields
        epoch, call_id, queue, agent, verb = (p.strip() for p in parts[:5])
    try:
        at = datetime.fromtimestamp(float(epoch), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"the time '{epoch}' is not a Unix time") from None
    if not verb:
        raise ValueError("the event name is empty")
    # The line's time first, then a hash of the whole line: unique for the line's content, and in
    # time order, so the unique indexes grow at their end instead of at random places.
    digest = hashlib.blake2b(raw.strip().encode("utf-8", "replace"), digest_size=10).hexdigest()
    return _Line(
        number, f"ql:{int(at.timestamp()):010d}:{digest}", at, call_id, queue, agent, verb.upper(), parts[5:]
    )


class _Resolver:
    """Queues and agents by the names the log uses, created when unknown (and reported)."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.queues = {q.name: q for q in Queue.objects.all()}
        self.agents: dict[str, Agent] = {i.name: i.agent for i in Interface.objects.select_related("agent")}
        self.by_extension = {a.extension: a for a in Agent.objects.all()}
        self.skills = set(AgentSkill.objects.values_list("agent_id", "queue_id"))
        self.seen: set[str] = set()

    def skill(self, agent: Agent, queue: Queue) -> None:
        if (agent.pk, queue.pk) not in self.skills:
            AgentSkill.objects.get_or_create(agent=agent, queue=queue)
            self.skills.add((agent.pk, queue.pk))

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
    if connection.vendor == "postgresql":
        # One array parameter instead of thousands of placeholders for the driver to bind.
        with connection.cursor() as cursor:
            cursor.execute("SELECT event_id FROM telephony_telephonyevent WHERE event_id = ANY(%s)", [ids])
            found.update(row[0] for row in cursor.fetchall())
            cursor.execute(
                "SELECT source_ref FROM telephony_agentstatechange WHERE source_ref = ANY(%s)", [ids]
            )
            found.update(row[0] for row in cursor.fetchall())
        return found
    for start in range(0, len(ids), IN_BATCH):
        batch = ids[start : start + IN_BATCH]
        found.update(TelephonyEvent.objects.filter(event_id__in=batch).values_list("event_id", flat=True))
        found.update(
            AgentStateChange.objects.filter(source_ref__in=batch).values_list("source_ref", flat=True)
        )
    return found


def import_queue_log(lines: Iterable[str], *, progress: Callable[[int], None] | None = None) -> ImportReport:
    """Import queue_log lines; unreadable lines are reported with their number, never fatal."""
    # A big file means millions of small acyclic objects: the cyclic collector would walk them
    # all again and again for nothing.
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        return _import(lines, progress)
    finally:
        if gc_was_on:
            gc.enable()


def _import(lines: Iterable[str], progress: Callable[[int], None] | None) -> ImportReport:
    report = ImportReport()
    resolver = _Resolver(report)
    # Events stored before this run are read back only for the calls this file touches.
    events_before = TelephonyEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    calls_before = Call.objects.exists()
    anything_before = bool(events_before) or AgentStateChange.objects.filter(source="queue_log").exists()
    touched_calls: dict[str, list[folding.Event]] = defaultdict(list)
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
            _store_chunk(chunk, report, resolver, touched_calls, spans, check_known=anything_before)
            chunk = []
    if chunk:
        _store_chunk(chunk, report, resolver, touched_calls, spans, check_known=anything_before)
    _fold_calls(touched_calls, report, resolver, events_before=events_before, calls_before=calls_before)
    _apply_spans(spans, report, anything_before=anything_before)
    return report


@transaction.atomic
def _store_chunk(chunk, report, resolver, touched_calls, spans, *, check_known: bool) -> None:
    # A first import has nothing to compare with; a repeated line within the file is caught by
    # `seen` here and by the unique event id in the database.
    known = _existing_ids([line.event_id for line in chunk]) if check_known else set()
    events = []
    seen = resolver.seen
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
            event = folding.Event(
                line.event_id,
                line.call_id,
                call_event[0],
                line.at,
                queue.name if queue else "",
                line.agent if agent else "",
                _data(line, call_event[1]),
            )
            events.append(event)
            touched_calls[line.call_id].append(event)
        if state and agent is not None:
            reason = line.data[0] if line.verb in ("PAUSE", "PAUSEALL") and line.data else ""
            spans[agent.pk].append((line.at, state, reason[:100], line.event_id))
            if line.verb == "ADDMEMBER" and queue is not None:
                resolver.skill(agent, queue)
    bulk_insert(
        TelephonyEvent,
        [*folding.EVENT_FIELDS, "source"],
        ((*(getattr(e, f) for f in folding.EVENT_FIELDS), "queue_log") for e in events),
    )  # lines stored before were filtered out above; the unique index refuses any other repeat
    report.new_events += len(events)


def _fold_calls(
    touched: dict[str, list[folding.Event]],
    report: ImportReport,
    resolver: _Resolver,
    *,
    events_before: int,
    calls_before: bool,
) -> None:
    if not touched:
        return
    ordered = sorted(touched)
    keys = set()
    fields = ["call_id", *FOLDED_FIELDS, "acw_seconds"]
    for start in range(0, len(ordered), IN_BATCH):
        batch = ordered[start : start + IN_BATCH]
        events = {call_id: list(touched[call_id]) for call_id in batch}
        if events_before:
            earlier = TelephonyEvent.objects.filter(call_id__in=batch, id__lte=events_before)
            for row in earlier.values_list(*folding.EVENT_FIELDS):
                events[row[1]].append(folding.Event(*row))
        if calls_before:
            for queue_id, day, slot in Call.objects.filter(call_id__in=batch).values_list(
                "queue_id", "local_date", "slot"
            ):
                keys.add((queue_id, day, slot))
        rows = []
        for call_id, call_events in events.items():
            folded = folding.fold(call_events)
            if folded is None:
                continue
            agent = resolver.agent(folded.agent)
            values = call_values(
                folded, queue_id=resolver.queue(folded.queue).pk, agent_id=agent.pk if agent else None
            )
            rows.append((call_id, *(values[f] for f in FOLDED_FIELDS), 0.0))
            keys.add((values["queue_id"], values["local_date"], values["slot"]))
        with transaction.atomic():
            # After-call work is not in a queue_log: an existing call keeps what it has.
            if calls_before:
                bulk_insert(Call, fields, rows, unique_fields=["call_id"], update_fields=FOLDED_FIELDS)
            else:
                bulk_insert(Call, fields, rows)
        report.calls += len(rows)
    call_intervals_refresh(keys)


def _apply_spans(spans: dict[int, list], report: ImportReport, *, anything_before: bool) -> None:
    """Write the agents' state spans: each lasts until the agent's next change."""
    rows = []
    rechain = []
    with transaction.atomic():
        for agent_id, changes in spans.items():
            changes.sort()
            earliest = changes[0][0]
            if anything_before:
                # A grown file continues where the last import ended: close the span left open.
                if AgentStateChange.objects.filter(agent_id=agent_id, started_at__gt=earliest).exists():
                    rechain.append(agent_id)
                AgentStateChange.objects.filter(
                    agent_id=agent_id, ended_at__isnull=True, started_at__lte=earliest
                ).update(ended_at=earliest)
            rows += [
                (
                    agent_id,
                    state,
                    reason,
                    at,
                    changes[i + 1][0] if i + 1 < len(changes) else None,
                    "queue_log",
                    ref,
                )
                for i, (at, state, reason, ref) in enumerate(changes)
            ]
        bulk_insert(
            AgentStateChange,
            ["agent", "state", "reason", "started_at", "ended_at", "source", "source_ref"],
            rows,
        )  # lines stored before were filtered out when the file was read
        report.state_changes += len(rows)
        for agent_id in rechain:
            _rechain(agent_id)
        for agent in Agent.objects.filter(pk__in=list(spans)):
            last = AgentStateChange.objects.filter(agent_id=agent.pk).order_by("-started_at", "-id").first()
            if agent.state_since is None or last.started_at >= agent.state_since:
                Agent.objects.filter(pk=agent.pk).update(
                    state=last.state,
                    state_reason=last.reason,
                    state_since=last.started_at,
                    idle_since=last.started_at if last.state == AgentState.AVAILABLE else agent.idle_since,
                )
    agent_days = set()
    for agent_id, changes in spans.items():
        first = timezone.localtime(changes[0][0]).date()
        last = timezone.localtime(changes[-1][0]).date()
        # From the day before the first change (the span open then may have closed now).
        for ordinal in range(first.toordinal() - 1, last.toordinal() + 1):
            agent_days.add((agent_id, date.fromordinal(ordinal)))
    # On a first import the spans just written are all there is: no need to read them back.
    held = None if anything_before else [(r[0], r[1], r[3], r[4]) for r in rows]
    agent_state_intervals_refresh(agent_days, spans=held)


def _rechain(agent_id: int) -> None:
    """Events arrived that fall between earlier ones: set every span's end to the next start."""
    spans = list(AgentStateChange.objects.filter(agent_id=agent_id).order_by("started_at", "id"))
    for current, following in zip(spans, spans[1:] + [None], strict=True):
        end = following.started_at if following else None
        if current.ended_at != end:
            current.ended_at = end
            current.save(update_fields=["ended_at"])
