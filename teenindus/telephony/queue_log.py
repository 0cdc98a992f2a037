"""Asterisk queue_log import into the same events, calls and agent states as the live API.

Each line becomes an event whose id is a hash of the line, so importing the same file again, or
a file that has grown, stores only what is new. Calls are folded with the same `fold` as live
events, one queue call per queue entry (fold_entries), and the rollups of every slot they touch
are recomputed.

Asterisk names one member two ways unless `log_membername_as_agent` is set: ADDMEMBER,
REMOVEMEMBER and PAUSEALL carry the interface (SIP/1001), PAUSE and the call events the member
name (Sathish). A member name is paired with its agent by the extension table, by the agent's or
employee's name, or by the log itself (a PAUSEALL of one interface and a PAUSE of one name in the
same second); the names left are listed with their first and last line for the extension table
(agent_names.interface_map re-folds what was booked under a name when its mapping changes). An
agent's state open at the end of the log is closed at its last line and flagged."""

import gc
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from teenindus.core.bulk import bulk_insert
from teenindus.telephony import fold as folding
from teenindus.telephony.agent_names import (
    ENTRY_FIELDS,
    interface_map,
    is_placeholder,
    queue_log_lock,
    spans_rechain,
)
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
from teenindus.telephony.moves import QUEUE_LOG, queue_log_state
from teenindus.telephony.rollups import agent_state_intervals_refresh, call_intervals_refresh

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
    # method|target|holdtime|calltime|origpos (BRIDGE, APP); LINK names two channels: see _fields.
    "ATTENDEDTRANSFER": ("transferred", {"wait": 2, "talk": 3}),
    "ABANDON": ("abandoned", {"wait": 2}),
    "EXITWITHTIMEOUT": ("timeout", {"wait": 2}),
    "EXITEMPTY": ("exit", {"wait": 2}),
    "EXITWITHKEY": ("exit", {"wait": 3}),
    # position|origposition|waittime|info: the system took the caller out of the queue.
    "WITHDRAW": ("withdrawn", {"wait": 2}),
    "RINGNOANSWER": ("noanswer", {"ring_ms": 0}),
    # The dialled number, written before the call enters a queue (queue NONE).
    "DID": ("did", {"did": 0}),
}
ATTENDED_LINK = {"wait": 3, "talk": 4}  # LINK|channel1|channel2|holdtime|calltime|origpos
# queue_log event -> agent state it leaves the agent in: from the one table of moves.
AGENT_STATES = {verb: queue_log_state(verb) for verb in QUEUE_LOG}
# Asterisk's own verbs that change nothing Teenindus counts, ignored on purpose (and counted):
# a ring cancelled because another member answered or the caller left (RINGCANCELED), extra call
# information (INFO), a member hanging up during the announcement (AGENTDUMP: the caller's own
# line follows), penalty and ring-in-use settings, reloads and starts.
IGNORED = {
    "RINGCANCELED",
    "INFO",
    "AGENTDUMP",
    "PENALTY",
    "RINGINUSE",
    "CONFIGRELOAD",
    "QUEUESTART",
    "SYSCOMPAT",
}
PAUSE_ALL = {"PAUSEALL": True, "UNPAUSEALL": False}  # written with the interface
PAUSE_ONE = {"PAUSE": True, "UNPAUSE": False}  # written with the member name


@dataclass
class ImportReport:
    lines: int = 0
    new_events: int = 0
    known_events: int = 0
    duplicates: int = 0  # byte-identical repeats of a line earlier in the same file
    nul_lines: int = 0  # lines that carried NUL bytes (stripped, then read)
    calls: int = 0
    state_changes: int = 0
    cut_states: int = 0  # states open at the end of the log, closed at its last line
    errors: list[tuple[int, str]] = field(default_factory=list)
    unknown_events: Counter = field(default_factory=Counter)
    ignored_events: Counter = field(default_factory=Counter)
    new_agents: list[str] = field(default_factory=list)
    new_queues: list[str] = field(default_factory=list)
    paired: list[dict] = field(default_factory=list)  # {name, agent}: member names paired here
    unpaired: list[dict] = field(default_factory=list)  # {name, first_line, first, last_line, last}

    def as_dict(self) -> dict:
        return {
            "lines": self.lines,
            "new_events": self.new_events,
            "known_events": self.known_events,
            "duplicates": self.duplicates,
            "nul_lines": self.nul_lines,
            "calls": self.calls,
            "state_changes": self.state_changes,
            "cut_states": self.cut_states,
            "errors": [{"line": n, "error": e} for n, e in self.errors],
            "unknown_events": dict(self.unknown_events),
            "ignored_events": dict(self.ignored_events),
            "new_agents": self.new_agents,
            "new_queues": self.new_queues,
            "paired": self.paired,
            "unpaired": self.unpaired,
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
    text: str


def _parse(number: int, raw: str) -> _Line:
    raw = raw.rstrip("\r\n")
    parts = raw.split("|")
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
    event_id = f"ql:{int(at.timestamp()):010d}:{digest}"
    return _Line(number, event_id, at, call_id, queue, agent, verb.upper(), parts[5:], raw)


class _Resolver:
    """Queues and agents by the names the log uses, created when unknown (and reported)."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.queues = {q.name: q for q in Queue.objects.all()}
        self.agents: dict[str, Agent] = {i.name: i.agent for i in Interface.objects.select_related("agent")}
        everyone = list(Agent.objects.select_related("employee"))
        self.by_extension = {a.extension: a for a in everyone}
        self.by_name = _agents_by_name(everyone)
        self.skills = set(AgentSkill.objects.values_list("agent_id", "queue_id"))
        self.seen: set[str] = set()
        # ref -> [first (at, number, text), last (at, number, text)] of this file
        self.lines_of: dict[str, list[tuple]] = {}

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

    def note(self, ref: str, line: _Line) -> None:
        """Remember the first and last line that names `ref` (by time, then line number)."""
        seen = (line.at, line.number, line.text)
        known = self.lines_of.get(ref)
        if known is None:
            self.lines_of[ref] = [seen, seen]
        elif seen[:2] < known[0][:2]:
            known[0] = seen
        elif seen[:2] > known[1][:2]:
            known[1] = seen

    def agent(self, ref: str) -> Agent | None:
        if not ref or ref.upper() == "NONE":
            return None
        if ref in self.agents:
            return self.agents[ref]
        extension = interface_extension(ref)
        agent = self.by_extension.get(extension)
        if agent is None and "/" not in ref:
            # A member name: the agent or employee of that name, when there is exactly one.
            agent = self.by_name.get(_name_key(ref))
            if agent is not None:
                self.report.paired.append({"name": ref, "agent": str(agent)})
        if agent is None:
            agent = Agent.objects.create(name=ref, extension=extension)
            self.by_extension[extension] = agent
            if "/" in ref:
                self.report.new_agents.append(ref)
        Interface.objects.get_or_create(name=ref, defaults={"agent": agent})
        self.agents[ref] = agent
        return agent


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _agents_by_name(agents: list[Agent]) -> dict[str, Agent]:
    """{name: agent} by each agent's name, its employee's full name and first name; a name that
    fits more than one agent pairs with none."""
    found: dict[str, set[int]] = defaultdict(set)
    by_id = {a.pk: a for a in agents}
    for agent in agents:
        names = {agent.name}
        if agent.employee is not None:
            names |= {f"{agent.employee.first_name} {agent.employee.last_name}", agent.employee.first_name}
        for name in names:
            if name and "/" not in name:
                found[_name_key(name)].add(agent.pk)
    return {name: by_id[next(iter(ids))] for name, ids in found.items() if len(ids) == 1}


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
    """Import queue_log lines; unreadable lines are reported with their number, never fatal.
    One import at a time (PostgreSQL: a session advisory lock, also taken by interface_map)."""
    # A big file means millions of small acyclic objects: the cyclic collector would walk them
    # all again and again for nothing.
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        with queue_log_lock():
            return _import(lines, progress)
    finally:
        if gc_was_on:
            gc.enable()


@dataclass
class _Run:
    """What one import gathers beyond the stored lines."""

    touched_calls: dict = field(default_factory=lambda: defaultdict(list))
    spans: dict = field(default_factory=lambda: defaultdict(list))
    # (second, paused) -> (interfaces with PAUSEALL/UNPAUSEALL, names with PAUSE/UNPAUSE)
    pauses: dict = field(default_factory=lambda: defaultdict(lambda: (set(), set())))
    log_end: datetime | None = None


def _import(lines: Iterable[str], progress: Callable[[int], None] | None) -> ImportReport:
    report = ImportReport()
    resolver = _Resolver(report)
    # Events stored before this run are read back only for the calls this file touches.
    events_before = TelephonyEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    calls_before = Call.objects.exists()
    anything_before = bool(events_before) or AgentStateChange.objects.filter(source="queue_log").exists()
    run = _Run()
    chunk: list[_Line] = []
    for number, raw in enumerate(lines, start=1):
        report.lines = number
        if progress:
            progress(len(raw))
        if "\x00" in raw:  # a crash leaves NUL padding before (or inside) a line: read what is left
            raw = raw.replace("\x00", "")
            report.nul_lines += 1
        if not raw.strip():
            continue
        try:
            parsed = _parse(number, raw)
        except ValueError as exc:
            report.errors.append((number, str(exc)))
            continue
        chunk.append(parsed)
        if run.log_end is None or parsed.at > run.log_end:
            run.log_end = parsed.at
        if len(chunk) >= CHUNK_LINES:
            _store_chunk(chunk, report, resolver, run, check_known=anything_before)
            chunk = []
    if chunk:
        _store_chunk(chunk, report, resolver, run, check_known=anything_before)
    _fold_calls(run.touched_calls, report, resolver, events_before=events_before, calls_before=calls_before)
    _apply_spans(run, report, anything_before=anything_before)
    _pair_by_pauses(run, report, resolver)
    _list_names(report, resolver)
    return report


@transaction.atomic
def _store_chunk(chunk, report, resolver, run: _Run, *, check_known: bool) -> None:
    # A first import has nothing to compare with; a repeated line within the file is caught by
    # `seen` here and by the unique event id in the database.
    known = _existing_ids([line.event_id for line in chunk]) if check_known else set()
    events = []
    seen = resolver.seen
    for line in chunk:
        if line.event_id in seen:
            report.duplicates += 1
            continue
        seen.add(line.event_id)
        if line.verb in IGNORED:
            report.ignored_events[line.verb] += 1
            continue
        call_event = CALL_EVENTS.get(line.verb)
        state = AGENT_STATES.get(line.verb)
        if call_event is None and state is None:
            report.unknown_events[line.verb] += 1
            continue
        has_agent = line.agent and line.agent.upper() != "NONE"
        if has_agent:
            resolver.note(line.agent, line)
            _note_pause(run, line)
        if line.event_id in known:
            report.known_events += 1
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
                _data(line, _fields(line, call_event[1])),
            )
            events.append(event)
            run.touched_calls[line.call_id].append(event)
        if state and agent is not None:
            reason = line.data[0] if line.verb in ("PAUSE", "PAUSEALL") and line.data else ""
            if line.verb == "ADDMEMBER" and line.data and line.data[0].strip().upper() == "PAUSED":
                state = AgentState.BREAK  # added paused: on a break until UNPAUSE
            run.spans[agent.pk].append((line.at, state, reason[:100], line.event_id, line.agent[:120]))
            if line.verb == "ADDMEMBER" and queue is not None:
                resolver.skill(agent, queue)
    bulk_insert(
        TelephonyEvent,
        [*folding.EVENT_FIELDS, "source"],
        ((*(getattr(e, f) for f in folding.EVENT_FIELDS), "queue_log") for e in events),
    )  # lines stored before were filtered out above; the unique index refuses any other repeat
    report.new_events += len(events)


def _fields(line: _Line, names: dict[str, int]) -> dict[str, int]:
    """Where a verb's figures are: an attended transfer by LINK names two channels, not one."""
    if line.verb == "ATTENDEDTRANSFER" and line.data and line.data[0].strip().upper() == "LINK":
        return ATTENDED_LINK
    return names


def _note_pause(run: _Run, line: _Line) -> None:
    """Asterisk writes a pause of all queues as PAUSEALL with the interface, then PAUSE with the
    member name for each queue, in the same second."""
    second = int(line.at.timestamp())
    if line.verb in PAUSE_ALL and "/" in line.agent:
        run.pauses[(second, PAUSE_ALL[line.verb])][0].add(line.agent)
    elif line.verb in PAUSE_ONE and "/" not in line.agent:
        run.pauses[(second, PAUSE_ONE[line.verb])][1].add(line.agent)


def _pair_by_pauses(run: _Run, report: ImportReport, resolver: _Resolver) -> None:
    """Pair a member name with the interface whose pauses of all queues it always followed (one
    interface and one name in the second, never another interface): its spans and calls move to
    that interface's agent, as when an admin maps the name."""
    candidates: dict[str, set[str]] = defaultdict(set)
    for interfaces, names in run.pauses.values():
        if len(names) == 1 and interfaces:
            name = next(iter(names))
            candidates[name].add(next(iter(interfaces)) if len(interfaces) == 1 else "")
    for name, interfaces in sorted(candidates.items()):
        if len(interfaces) != 1 or "" in interfaces:
            continue
        interface = interfaces.pop()
        current, target = resolver.agents.get(name), resolver.agents.get(interface)
        if current is None or target is None or current.pk == target.pk:
            continue
        if not is_placeholder(current, name):
            continue  # mapped by someone: the extension table decides
        interface_map(name=name, agent=target, actor=None, log_end=run.log_end)
        resolver.agents[name] = target
        report.paired.append({"name": name, "agent": str(target)})


def _list_names(report: ImportReport, resolver: _Resolver) -> None:
    """Keep each name's first and last line on the extension table; list the member names still
    on an agent of their own (created for the name), for the admin to map."""
    for ref, (first, last) in sorted(resolver.lines_of.items()):
        interface = Interface.objects.select_related("agent").filter(name=ref).first()
        if interface is None:
            continue
        changed = []
        if interface.first_seen_at is None or first[0] < interface.first_seen_at:
            interface.first_seen_at, interface.first_line = first[0], first[2]
            changed += ["first_seen_at", "first_line"]
        if interface.last_seen_at is None or last[0] >= interface.last_seen_at:
            interface.last_seen_at, interface.last_line = last[0], last[2]
            changed += ["last_seen_at", "last_line"]
        if changed:
            interface.save(update_fields=changed)
        if "/" not in ref and is_placeholder(interface.agent, ref):
            report.unpaired.append(
                {
                    "name": ref,
                    "first_line": first[1],
                    "first": first[2],
                    "last_line": last[1],
                    "last": last[2],
                }
            )


def _fold_calls(
    touched: dict[str, list[folding.Event]],
    report: ImportReport,
    resolver: _Resolver,
    *,
    events_before: int,
    calls_before: bool,
) -> None:
    """Fold the touched calls (by the phone system's call id) into one queue call per entry."""
    if not touched:
        return
    ordered = sorted(touched)
    keys = set()
    fields = ["call_id", *FOLDED_FIELDS, "acw_seconds", *ENTRY_FIELDS]
    for start in range(0, len(ordered), IN_BATCH):
        batch = ordered[start : start + IN_BATCH]
        events = {call_id: list(touched[call_id]) for call_id in batch}
        if events_before:
            earlier = TelephonyEvent.objects.filter(call_id__in=batch, id__lte=events_before)
            for row in earlier.values_list(*folding.EVENT_FIELDS):
                events[row[1]].append(folding.Event(*row))
        if calls_before:
            before = Call.objects.filter(Q(call_id__in=batch) | Q(customer_call_id__in=batch))
            keys.update(before.values_list("queue_id", "local_date", "slot"))
        rows = []
        for call_events in events.values():
            for folded in folding.fold_entries(call_events):
                agent = resolver.agent(folded.agent)
                values = call_values(
                    folded, queue_id=resolver.queue(folded.queue).pk, agent_id=agent.pk if agent else None
                )
                rows.append(
                    (
                        folded.call_id,
                        *(values[f] for f in FOLDED_FIELDS),
                        0.0,
                        *(getattr(folded, f) for f in ENTRY_FIELDS),
                    )
                )
                keys.add((values["queue_id"], values["local_date"], values["slot"]))
        with transaction.atomic():
            # After-call work is not in a queue_log: an existing call keeps what it has.
            if calls_before:
                updated = [*FOLDED_FIELDS, *ENTRY_FIELDS]
                bulk_insert(Call, fields, rows, unique_fields=["call_id"], update_fields=updated)
            else:
                bulk_insert(Call, fields, rows)
        report.calls += len(rows)
    call_intervals_refresh(keys)


def _apply_spans(run: _Run, report: ImportReport, *, anything_before: bool) -> None:
    """Write the agents' state spans: each lasts until the agent's next change; the last one, if
    it is not offline, until the log's last line (flagged: the log ended, not the state)."""
    spans, log_end = run.spans, run.log_end
    rows = []
    rechain = []
    with transaction.atomic():
        for agent_id, changes in spans.items():
            changes.sort()
            earliest = changes[0][0]
            if anything_before:
                # A grown file continues where the last import ended: close the span left open
                # (or closed at that import's last line).
                if AgentStateChange.objects.filter(agent_id=agent_id, started_at__gt=earliest).exists():
                    rechain.append(agent_id)
                AgentStateChange.objects.filter(agent_id=agent_id, started_at__lte=earliest).filter(
                    Q(ended_at__isnull=True) | Q(cut_at_log_end=True)
                ).update(ended_at=earliest, cut_at_log_end=False)
            for i, (at, state, reason, ref, interface) in enumerate(changes):
                end, cut = (changes[i + 1][0], False) if i + 1 < len(changes) else (None, False)
                if end is None and state != AgentState.OFFLINE:
                    end, cut = max(log_end, at), True
                    report.cut_states += 1
                rows.append((agent_id, state, reason, at, end, "queue_log", ref, interface, cut))
        bulk_insert(
            AgentStateChange,
            [
                "agent",
                "state",
                "reason",
                "started_at",
                "ended_at",
                "source",
                "source_ref",
                "interface",
                "cut_at_log_end",
            ],
            rows,
        )  # lines stored before were filtered out when the file was read
        report.state_changes += len(rows)
        for agent_id in rechain:
            spans_rechain(agent_id, log_end)
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
        last = timezone.localtime(max(changes[-1][0], log_end)).date()
        # From the day before the first change (the span open then may have closed now) to the
        # log's last line (the span closed there).
        for ordinal in range(first.toordinal() - 1, last.toordinal() + 1):
            agent_days.add((agent_id, date.fromordinal(ordinal)))
    # On a first import the spans just written are all there is: no need to read them back.
    held = None if anything_before else [(r[0], r[1], r[3], r[4]) for r in rows]
    agent_state_intervals_refresh(agent_days, spans=held)
