"""Goals agreed in the feedback talk."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record
from teenindus.core.exceptions import NotFound, ValidationFailed
from teenindus.core.ids import id_ok
from teenindus.quality.models import Goal
from teenindus.quality.scope import EVALUATE, evaluated_agent, in_scope


@transaction.atomic
def goal_set(*, actor, agent_id: int, text: str, due_date: date) -> Goal:
    # The agent must exist and be an agent or info specialist in the actor's scope: an unknown id,
    # someone outside the scope or not evaluated at all (e.g. the HR partner) is not found.
    if evaluated_agent(actor, agent_id) is None:
        raise NotFound(_("No such agent."), field="agent")
    text = text.strip()
    if not text or len(text) > 500:
        raise ValidationFailed(_("Write the goal (at most 500 characters)."), field="text")
    if due_date < timezone.localdate():
        raise ValidationFailed(_("The due date of a goal cannot be in the past."), field="due_date")
    goal = Goal.objects.create(agent_id=agent_id, text=text, due_date=due_date, set_by=actor)
    change_record(actor=actor, instance=goal, event="quality.goal_set", changes={"text": [None, text]})
    return goal


@transaction.atomic
def goal_status_set(*, actor, goal_id: int, status: str) -> Goal:
    goal = Goal.objects.select_for_update().filter(pk=goal_id).first() if id_ok(goal_id) else None
    if goal is None or not (actor.has_perm(EVALUATE) and in_scope(actor, goal.agent_id)):
        raise NotFound(_("No such goal."), field="goal")
    if status not in Goal.Status.values:
        raise ValidationFailed(_("Choose the status."), field="status")
    old, goal.status = goal.status, status
    goal.save(update_fields=["status", "updated_at"])
    change_record(actor=actor, instance=goal, event="quality.goal_status", changes={"status": [old, status]})
    return goal
