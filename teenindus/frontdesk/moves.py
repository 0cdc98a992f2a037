"""The one table of a visit's state moves: used by the services, the desk page, the API and the tests.

waiting → called → (serving) → served / no_show; from called or serving a visitor can be
redirected to another service: back to waiting (the original check-in time is kept)."""

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _


class State:
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    SERVED = "served"
    NO_SHOW = "no_show"


STATE_CHOICES = [
    (State.WAITING, _("Waiting")),
    (State.CALLED, _("Called")),
    (State.SERVING, _("Being served")),
    (State.SERVED, _("Served")),
    (State.NO_SHOW, _("Did not come")),
]


class Move(NamedTuple):
    sources: frozenset[str]
    target: str
    label: object  # lazy translation: the button's text


AT_DESK = frozenset({State.CALLED, State.SERVING})
FINISHED = frozenset({State.SERVED, State.NO_SHOW})

MOVES: dict[str, Move] = {
    "call": Move(frozenset({State.WAITING}), State.CALLED, _("Call next")),
    "recall": Move(frozenset({State.CALLED}), State.CALLED, _("Call again")),
    "start": Move(frozenset({State.CALLED}), State.SERVING, _("Start serving")),
    "serve": Move(AT_DESK, State.SERVED, _("Served")),
    "no_show": Move(frozenset({State.CALLED}), State.NO_SHOW, _("Did not come")),
    "redirect": Move(AT_DESK, State.WAITING, _("Redirect to another service")),
}
# The moves made from the desk page on the visitor in front of it ("call" is the desk's own button).
DESK_MOVES = ["recall", "start", "serve", "no_show", "redirect"]


def moves_from(state: str) -> list[str]:
    return [name for name in DESK_MOVES if state in MOVES[name].sources]
