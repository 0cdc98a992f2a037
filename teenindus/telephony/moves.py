"""The one table of an agent's state moves: from which states each trigger moves an agent, and
to which state.

Everything that moves an agent looks its move up here: the agent desktop and the API (MANUAL),
the phone system's events and routing (`agent_move` in states.py), the claim statement on
PostgreSQL (its source and target states are rendered from MOVES["route"]), and the queue_log
import (QUEUE_LOG maps a log verb to a trigger of this table)."""

from dataclasses import dataclass

from teenindus.telephony.models import AgentState

S = AgentState
ANY = frozenset(S)

# What an agent (or a team lead) may set by hand, from each state. The phone system moves agents
# into ringing, on a call and after-call work; those moves follow its events instead.
MANUAL: dict[str, frozenset[str]] = {
    S.OFFLINE: frozenset({S.AVAILABLE, S.TRAINING, S.MEETING}),
    S.AVAILABLE: frozenset({S.BREAK, S.TRAINING, S.MEETING, S.OFFLINE}),
    S.RINGING: frozenset(),
    S.ON_CALL: frozenset({S.ACW}),
    S.ACW: frozenset({S.AVAILABLE, S.BREAK, S.OFFLINE}),
    S.BREAK: frozenset({S.AVAILABLE, S.TRAINING, S.MEETING, S.OFFLINE}),
    S.TRAINING: frozenset({S.AVAILABLE, S.BREAK, S.MEETING, S.OFFLINE}),
    S.MEETING: frozenset({S.AVAILABLE, S.BREAK, S.TRAINING, S.OFFLINE}),
    S.MISSED: frozenset({S.AVAILABLE, S.BREAK, S.OFFLINE}),
}


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]  # the states the trigger moves an agent from (others: no move)
    target: str
    for_call: bool = False  # only while the agent is on the trigger's call (current_call_id)


# Triggers that are not a person's choice: routing, the phone system's events (by their `type`),
# the lines of an Asterisk queue_log. The phone system is the authority on what happened on its
# side, so its events move an agent from any state.
MOVES: dict[str, Move] = {
    # routing: only an available agent is claimed; a ring timeout only ends that call's ringing
    "route": Move(frozenset({S.AVAILABLE}), S.RINGING),
    "ring_timeout": Move(frozenset({S.RINGING}), S.MISSED, for_call=True),
    # the phone system's events
    "ringing": Move(ANY, S.RINGING),
    "answered": Move(ANY, S.ON_CALL),
    "noanswer": Move(ANY, S.MISSED),
    "ended": Move(ANY, S.ACW),
    "transferred": Move(ANY, S.ACW),
    "abandoned": Move(frozenset({S.RINGING}), S.AVAILABLE, for_call=True),  # the caller gave up
    # a queue_log has no after-call work: a completed call leaves the agent available
    "completed": Move(ANY, S.AVAILABLE),
    "signed_in": Move(ANY, S.AVAILABLE),
    "signed_out": Move(ANY, S.OFFLINE),
    "paused": Move(ANY, S.BREAK),
    "unpaused": Move(ANY, S.AVAILABLE),
}

# Asterisk queue_log verbs that move an agent -> trigger.
QUEUE_LOG: dict[str, str] = {
    "CONNECT": "answered",
    "COMPLETEAGENT": "completed",
    "COMPLETECALLER": "completed",
    "TRANSFER": "completed",
    "BLINDTRANSFER": "completed",
    "ATTENDEDTRANSFER": "completed",
    "ADDMEMBER": "signed_in",
    "REMOVEMEMBER": "signed_out",
    "PAUSE": "paused",
    "PAUSEALL": "paused",
    "UNPAUSE": "unpaused",
    "UNPAUSEALL": "unpaused",
    "AGENTLOGIN": "signed_in",
    "AGENTLOGOFF": "signed_out",
}

# The states in which an agent holds a call (current_call_id is kept only in these).
ON_A_CALL = frozenset({S.RINGING, S.ON_CALL, S.ACW})


def manual_allowed(state: str, target: str) -> bool:
    return target in MANUAL.get(state, frozenset())


def move_for(trigger: str, state: str) -> str | None:
    """The state `trigger` moves an agent in `state` to; None when it does not move it."""
    move = MOVES[trigger]
    return move.target if state in move.sources else None


def queue_log_state(verb: str) -> str | None:
    """The state a queue_log line leaves its agent in (None: the line moves no agent)."""
    trigger = QUEUE_LOG.get(verb)
    return MOVES[trigger].target if trigger else None


def sql_states(states) -> str:
    """A move's states as an SQL list of literals (the values are this module's constants)."""
    values = sorted(str(s) for s in states)
    assert all(v.isidentifier() for v in values)
    return ", ".join(f"'{v}'" for v in values)
