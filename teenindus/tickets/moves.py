"""The one table of a ticket's state moves: used by the services, the pages, the API and the tests.

Who may make a move:
- SECOND: the second level — a member of the ticket's group, its assignee, or (for a group kept in
  JIRA) the JIRA webhook; a team lead who oversees tickets too;
- OWNER: the first level — the one who escalated the ticket (its owner), or their team lead;
- PARTY: either of them.
"""

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _


class State:
    NEW = "new"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    WAITING_CUSTOMER = "waiting_customer"
    WAITING_FIRST_LEVEL = "waiting_first_level"
    SOLVED = "solved"
    DELIVERED = "delivered"
    CLOSED = "closed"


STATE_CHOICES = [
    (State.NEW, _("New")),
    (State.ASSIGNED, _("Assigned")),
    (State.IN_PROGRESS, _("In progress")),
    (State.WAITING_CUSTOMER, _("Waiting for the customer")),
    (State.WAITING_FIRST_LEVEL, _("Waiting for first level")),
    (State.SOLVED, _("Solved")),
    (State.DELIVERED, _("Answer delivered")),
    (State.CLOSED, _("Closed")),
]

SECOND, OWNER, PARTY = "second", "owner", "party"


class Move(NamedTuple):
    sources: frozenset[str]
    target: str
    who: str
    label: object  # lazy translation: the button's text


WITH_SECOND_LEVEL = frozenset({State.NEW, State.ASSIGNED, State.IN_PROGRESS})
WAITING = frozenset({State.WAITING_CUSTOMER, State.WAITING_FIRST_LEVEL})
OPEN = WITH_SECOND_LEVEL | WAITING | {State.SOLVED, State.DELIVERED}
WORKING = frozenset({State.ASSIGNED, State.IN_PROGRESS}) | WAITING

MOVES: dict[str, Move] = {
    "assign": Move(frozenset({State.NEW}) | WORKING, State.ASSIGNED, SECOND, _("Assign")),
    "start": Move(frozenset({State.ASSIGNED}), State.IN_PROGRESS, SECOND, _("Start work")),
    "wait_customer": Move(
        frozenset({State.ASSIGNED, State.IN_PROGRESS}),
        State.WAITING_CUSTOMER,
        SECOND,
        _("Wait for the customer"),
    ),
    "wait_first_level": Move(
        frozenset({State.ASSIGNED, State.IN_PROGRESS}),
        State.WAITING_FIRST_LEVEL,
        SECOND,
        _("Ask first level"),
    ),
    "resume": Move(WAITING, State.IN_PROGRESS, PARTY, _("Resume")),
    "solve": Move(WORKING, State.SOLVED, SECOND, _("Solved")),
    "deliver": Move(frozenset({State.SOLVED}), State.DELIVERED, OWNER, _("Answer delivered")),
    "close": Move(frozenset({State.DELIVERED}), State.CLOSED, OWNER, _("Close")),
    "reopen": Move(frozenset({State.SOLVED, State.DELIVERED, State.CLOSED}), State.NEW, PARTY, _("Reopen")),
}

# The second level's clock runs in these states; waiting states pause it (the pause is kept);
# from "solved" on, the first level's clock (delivering the answer) runs.
SECOND_LEVEL_CLOCK = WITH_SECOND_LEVEL


def moves_from(state: str) -> list[str]:
    """The moves the table allows from a state (before asking who may make them)."""
    return [name for name, move in MOVES.items() if state in move.sources and name != "assign"]
