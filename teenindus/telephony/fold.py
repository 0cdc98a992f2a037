"""Fold a call's telephony events into the call's fields. Pure: the live API and the queue_log
import both use it, so a call reads the same whichever way its events arrived, in whatever order."""

from dataclasses import dataclass, field
from datetime import datetime

from teenindus.telephony.intervals import slot_of

KIND_ORDER = {
    "offered": 0,
    "ringing": 1,
    "noanswer": 2,
    "answered": 3,
    "hold": 4,
    "unhold": 5,
    "transferred": 6,
    "ended": 7,
    "abandoned": 8,
    "timeout": 9,
    "exit": 10,
    "withdrawn": 11,
    "did": 12,
}
NEEDS_AGENT = {"ringing", "noanswer", "answered"}  # kinds that must name the agent
FINAL_UNANSWERED = {
    "abandoned": "abandoned",
    "timeout": "timed_out",
    "exit": "exited",
    "withdrawn": "withdrawn",
}
# Kinds after which a queue entry takes no more events (a re-entry in the same queue is a new one).
CLOSING = {"ended", "transferred", *FINAL_UNANSWERED}


# The stored event's fields, in Event's order: TelephonyEvent rows read as Event(*values).
EVENT_FIELDS = ("event_id", "call_id", "kind", "at", "queue", "agent", "data")


@dataclass(slots=True)
class Event:
    event_id: str
    call_id: str
    kind: str
    at: datetime
    queue: str = ""
    agent: str = ""
    data: dict = field(default_factory=dict)


@dataclass(slots=True)
class FoldedCall:
    call_id: str
    queue: str
    caller: str
    entered_at: datetime
    outcome: str = "waiting"
    agent: str = ""
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    wait_seconds: float | None = None
    talk_seconds: float = 0.0
    hold_seconds: float = 0.0
    transferred: bool = False
    customer_call_id: str = ""
    entry: int = 1
    did: str = ""


def _seconds(value, default: float) -> float:
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        return default


def fold(events: list[Event]) -> FoldedCall | None:
    """The call as its events describe it; None until its 'offered' event has arrived."""
    ordered = sorted(events, key=lambda e: (e.at, KIND_ORDER.get(e.kind, 99)))
    offered = next((e for e in ordered if e.kind == "offered"), None)
    if offered is None:
        return None
    call = FoldedCall(
        call_id=offered.call_id,
        queue=offered.queue,
        caller=str(offered.data.get("caller", "")),
        entered_at=offered.at,
    )
    hold_started: datetime | None = None
    for event in ordered:
        since_entry = (event.at - call.entered_at).total_seconds()
        if event.kind == "answered" and call.answered_at is None:
            call.answered_at = event.at
            call.agent = event.agent
            call.outcome = "answered"
            call.wait_seconds = _seconds(event.data.get("wait"), max(0.0, since_entry))
        elif event.kind == "hold" and call.answered_at is not None:
            hold_started = event.at
        elif event.kind == "unhold" and hold_started is not None:
            call.hold_seconds += (event.at - hold_started).total_seconds()
            hold_started = None
        elif event.kind in ("ended", "transferred") and call.answered_at is not None:
            if hold_started is not None:
                call.hold_seconds += (event.at - hold_started).total_seconds()
                hold_started = None
            call.ended_at = event.at
            measured = (event.at - call.answered_at).total_seconds() - call.hold_seconds
            call.talk_seconds = _seconds(event.data.get("talk"), max(0.0, measured))
            call.transferred = call.transferred or event.kind == "transferred"
        elif event.kind in FINAL_UNANSWERED and call.answered_at is None:
            call.outcome = FINAL_UNANSWERED[event.kind]
            call.ended_at = event.at
            call.wait_seconds = _seconds(event.data.get("wait"), max(0.0, since_entry))
    return call


def fold_entries(events: list[Event]) -> list[FoldedCall]:
    """The queue calls of one customer's call, one per queue entry ('offered' event), in order.

    A call that times out of one queue and enters another (a failover destination) is two queue
    calls with the phone system's one call id: the first keeps that id, the n-th is `<id>#<n>`.
    Each event belongs to the earliest entry still open in the event's queue that had begun by
    then (else the latest entry of that queue, else the latest entry begun): the first queue's
    timeout and the second queue's entry may carry the same second. The dialled number (a 'did'
    event) belongs to every entry."""
    ordered = sorted(events, key=lambda e: (e.at, KIND_ORDER.get(e.kind, 99)))
    offers = [e for e in ordered if e.kind == "offered"]
    if not offers:
        return []
    did = next((str(e.data["did"]) for e in ordered if e.kind == "did" and e.data.get("did")), "")
    groups: list[list[Event]] = [[offer] for offer in offers]
    still_open = [True] * len(offers)
    for event in ordered:
        if event.kind in ("offered", "did"):
            continue
        begun = [i for i, offer in enumerate(offers) if offer.at <= event.at] or [0]
        same_queue = [i for i in begun if event.queue and offers[i].queue == event.queue]
        open_here = [i for i in same_queue if still_open[i]]
        index = open_here[0] if open_here else same_queue[-1] if same_queue else begun[-1]
        groups[index].append(event)
        if event.kind in CLOSING:
            still_open[index] = False
    raw = offers[0].call_id
    calls = []
    for number, group in enumerate(groups, start=1):
        call = fold(group)
        call.call_id = raw if number == 1 else f"{raw}#{number}"
        call.customer_call_id, call.entry, call.did = raw, number, did[:40]
        calls.append(call)
    return calls


def interface_extension(ref: str) -> str:
    """'PJSIP/201' -> '201', 'Local/201@from-queue/n' -> '201', '201' -> '201'."""
    tail = ref.split("/", 1)[1] if "/" in ref else ref
    for separator in ("@", "-", "/", ";"):
        tail = tail.split(separator, 1)[0]
    return tail


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


def call_values(folded: FoldedCall, *, queue_id: int, agent_id: int | None) -> dict:
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
