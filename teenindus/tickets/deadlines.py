"""A ticket's deadlines on the working-time calendar (core.worktime).

- First response: `sla_response_hours` working hours from creation.
- Solution (the second level's clock): `sla_solution_amount` working hours or days from creation,
  pushed on by the working time of every pause (waiting for the customer or for first level, or
  solved until reopened). While a pause is open the solution has no due time: the clock stands.
- Answer delivered (the first level's clock): `sla_delivery_days` working days from the solution.

`next_due` is the due time of the clock that runs in the ticket's state (the breach and warning
lists read it). Everything here is computed from stored facts, so a changed calendar or state is
recomputed the same way (`deadlines_compute`), for one ticket or for all open ones in a batch with
the calendar loaded once.
"""

from dataclasses import dataclass
from datetime import datetime

from teenindus.tickets.moves import SECOND_LEVEL_CLOCK, State

HOUR = 3600


@dataclass(frozen=True)
class Deadlines:
    response_due: datetime | None
    solution_due: datetime | None
    delivery_due: datetime | None
    next_due: datetime | None
    next_due_kind: str

    def as_fields(self) -> dict:
        return {
            "response_due": self.response_due,
            "solution_due": self.solution_due,
            "delivery_due": self.delivery_due,
            "next_due": self.next_due,
            "next_due_kind": self.next_due_kind,
        }


def deadlines_compute(cal, ticket, pauses: list[tuple[datetime, datetime | None, str]]) -> Deadlines:
    """The ticket's due times from its creation, its rule's amounts, its pauses (start, end or None,
    the state it was) and its state. The pause of a solved ticket (open until it is reopened) keeps
    the solution's due time as it was when solved: the solution is measured against it."""
    start = ticket.created_at
    response_due = cal.add(start, ticket.sla_response_hours * HOUR)
    if ticket.sla_solution_unit == "hours":
        solution_base = cal.add(start, ticket.sla_solution_amount * HOUR)
    else:
        solution_base = cal.add_days(start, ticket.sla_solution_amount)
    paused_open = any(end is None and state != State.SOLVED for _start, end, state in pauses)
    paused = sum(cal.between(s, e) for s, e, _state in pauses if e is not None)
    # (Adding 0 at a closing time would move it to the next opening: only a pause's time is added.)
    solution_due = cal.add(solution_base, paused) if paused else solution_base
    if paused_open:
        solution_due = None
    delivery_due = cal.add_days(ticket.solved_at, ticket.sla_delivery_days) if ticket.solved_at else None

    running = []  # (due, kind) of the clocks that run in the ticket's state
    if ticket.state in SECOND_LEVEL_CLOCK:
        if ticket.responded_at is None:
            running.append((response_due, "response"))
        if solution_due is not None:
            running.append((solution_due, "solution"))
    elif ticket.state == State.SOLVED:
        running.append((delivery_due, "delivery"))
    next_due, kind = min(running, key=lambda clock: clock[0], default=(None, ""))
    return Deadlines(response_due, solution_due, delivery_due, next_due, kind if next_due else "")


def working_seconds_excluding(cal, start: datetime, end: datetime, pauses) -> int:
    """Working seconds in [start, end) less the working time of the pauses within it."""
    total = cal.between(start, end)
    for s, e, _state in pauses:
        e = e or end
        s, e = max(s, start), min(e, end)
        if e > s:
            total -= cal.between(s, e)
    return max(total, 0)
