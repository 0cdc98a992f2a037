"""The one table of an evaluation's state moves (agent: acknowledge or dispute; lead: answer a
dispute). Used by the services, the pages and the tests."""

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _


class State:
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    DISPUTED = "disputed"
    RESOLVED = "resolved"


STATE_CHOICES = [
    (State.NEW, _("Waiting for the agent")),
    (State.ACKNOWLEDGED, _("Acknowledged")),
    (State.DISPUTED, _("Disputed")),
    (State.RESOLVED, _("Dispute answered")),
]

AGENT, EVALUATOR = "agent", "evaluator"


class Move(NamedTuple):
    sources: frozenset[str]
    target: str
    who: str
    label: object
    comment_required: bool


MOVES: dict[str, Move] = {
    "acknowledge": Move(frozenset({State.NEW}), State.ACKNOWLEDGED, AGENT, _("Acknowledge"), False),
    "dispute": Move(frozenset({State.NEW}), State.DISPUTED, AGENT, _("Dispute"), True),
    "resolve": Move(frozenset({State.DISPUTED}), State.RESOLVED, EVALUATOR, _("Answer the dispute"), True),
}


def moves_from(state: str, who: str) -> list[str]:
    return [name for name, move in MOVES.items() if state in move.sources and move.who == who]
