"""The one table of a registered document's state moves (services, pages, API and tests read it).

An incoming document is open until it is answered (a reply is registered and linked to it) or
closed without a reply (e.g. for information only); a closed one can be reopened.
"""

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _


class State:
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


STATE_CHOICES = [
    (State.OPEN, _("Open")),
    (State.ANSWERED, _("Answered")),
    (State.CLOSED, _("Closed")),
]


class Move(NamedTuple):
    sources: frozenset[str]
    target: str
    label: object  # lazy translation: the button's text


MOVES: dict[str, Move] = {
    "answer": Move(frozenset({State.OPEN}), State.ANSWERED, _("Answered")),
    "close": Move(frozenset({State.OPEN, State.ANSWERED}), State.CLOSED, _("Close")),
    "reopen": Move(frozenset({State.ANSWERED, State.CLOSED}), State.OPEN, _("Reopen")),
}

# Documents in these states still wait for something: they count as due / overdue.
WAITING = frozenset({State.OPEN})


def moves_from(state: str) -> list[str]:
    """The moves a person may make from a state ("answer" is made by registering a reply)."""
    return [name for name, move in MOVES.items() if state in move.sources and name != "answer"]
