"""An agent's state: every change is a service call, stored with its time."""

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record
from teenindus.core.exceptions import ValidationFailed
from teenindus.telephony.models import Agent, AgentState, AgentStateChange, Call
from teenindus.telephony.moves import MANUAL, MOVES, ON_A_CALL, manual_allowed, move_for
from teenindus.telephony.rollups import agent_state_mark_dirty, call_slots_mark

S = AgentState
__all__ = ["MANUAL", "agent_move", "agent_state_set"]


@transaction.atomic
def agent_state_set(
    *,
    agent: Agent,
    state: str,
    reason: str = "",
    at: datetime | None = None,
    source: str = "desktop",
    actor=None,
    enforce: bool = True,
    call_id: str | None = None,
) -> Agent:
    """Move an agent to `state` at `at`. With enforce (hand-set changes) only the moves in MANUAL
    are allowed; without, the caller has decided (agent_move, from the table of moves)."""
    at = at or timezone.now()
    agent = Agent.objects.select_for_update(no_key=True).get(pk=agent.pk)
    if state not in S.values:
        raise ValidationFailed(_("Unknown state."), field="state")
    if enforce:
        if not manual_allowed(agent.state, state):
            raise ValidationFailed(
                _("An agent cannot go from “%(old)s” to “%(new)s”.")
                % {"old": S(agent.state).label, "new": S(state).label},
                field="state",
            )
        if state == S.BREAK and not reason.strip():
            raise ValidationFailed(_("Give the reason for the break."), field="reason")
    return _apply(agent, state=state, reason=reason, at=at, source=source, actor=actor, call_id=call_id)


@transaction.atomic
def agent_move(
    *, agent: Agent, trigger: str, at: datetime | None = None, source: str, call_id: str | None = None
) -> Agent | None:
    """Move an agent as `trigger` (a key of moves.MOVES) says, checked under the agent's row lock:
    from a state the move does not start from, or (for a move bound to a call) while the agent is
    no longer on that call, nothing changes and None is returned."""
    at = at or timezone.now()
    agent = Agent.objects.select_for_update(no_key=True).get(pk=agent.pk)
    target = move_for(trigger, agent.state)
    if target is None or (MOVES[trigger].for_call and agent.current_call_id != call_id):
        return None
    return _apply(agent, state=target, reason="", at=at, source=source, actor=None, call_id=call_id)


def _apply(agent: Agent, *, state: str, reason: str, at: datetime, source: str, actor, call_id) -> Agent:
    """The move itself, on an agent row locked by the caller."""
    if agent.state_since and at < agent.state_since:
        return agent  # a late report of something already overtaken
    old_state = agent.state
    closed = (
        AgentStateChange.objects.filter(agent=agent, ended_at__isnull=True).order_by("-started_at").first()
    )
    if closed:
        closed.ended_at = at
        closed.save(update_fields=["ended_at"])
    AgentStateChange.objects.create(
        agent=agent, state=state, reason=reason[:100], started_at=at, source=source
    )
    agent.state, agent.state_reason, agent.state_since = state, reason[:100], at
    if state == S.AVAILABLE:
        agent.idle_since = at
    if call_id is not None:
        agent.current_call_id = call_id
    if state not in ON_A_CALL:
        agent.current_call_id = ""
    if state != S.RINGING:
        agent.ringing_until = None
    agent.save()
    if closed:
        if old_state == S.ACW:
            _attribute_after_call_work(agent, closed)
        agent_state_mark_dirty(agent.pk, closed.started_at)
    if actor is not None:
        change_record(actor=actor, instance=agent, event="agent.state", changes={"state": [old_state, state]})
    return agent


def _attribute_after_call_work(agent: Agent, span: AgentStateChange) -> None:
    """After-call work belongs to the call it followed (it is part of that call's handle time)."""
    call = Call.objects.filter(agent=agent, ended_at__lte=span.started_at).order_by("-ended_at").first()
    if call is None:
        return
    seconds = (span.ended_at - span.started_at).total_seconds()
    Call.objects.filter(pk=call.pk).update(acw_seconds=F("acw_seconds") + seconds)
    call_slots_mark([(call.queue_id, call.local_date, call.slot)])
