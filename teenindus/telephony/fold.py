"""Fold a call's telephony events into the call's fields. Pure: the live API and the queue_log
import both use it, so a call reads the same whichever way its events arrived, in whatever order."""

from dataclasses import dataclass, field
from datetime import datetime

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
}
FINAL_UNANSWERED = {"abandoned": "abandoned", "timeout": "timed_out", "exit": "exited"}


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
