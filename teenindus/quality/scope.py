"""Whose contacts and evaluations a user may see. Decided from the user alone, here only:

- `quality.oversee_evaluation` (the service manager): everyone's;
- `quality.evaluate_contact` (team leads, senior specialists): the contacts handled by the people
  below them in the line and by those who hold a position in the same unit now;
- an agent: their own evaluations (never the blind calibration scores)."""

from django.db.models import Q

from teenindus.core.ids import id_ok
from teenindus.org.selectors import employments_current
from teenindus.people.selectors import user_ids_below, user_positions

EVALUATE = "quality.evaluate_contact"
OVERSEE = "quality.oversee_evaluation"


def agent_ids_in_scope(user) -> set[int] | None:
    """The user ids whose contacts the user may evaluate; None means everyone's."""
    if user.has_perm(OVERSEE):
        return None
    if not user.has_perm(EVALUATE):
        return set()
    mine = user_positions(user)
    units = employments_current().filter(position_id__in=mine).values("position__unit_id")
    same_unit = set(
        employments_current()
        .filter(position__unit_id__in=units, employee__user__isnull=False)
        .values_list("employee__user_id", flat=True)
    )
    return (user_ids_below(user=user) | same_unit) - {user.pk}


def in_scope(user, agent_id: int) -> bool:
    if not id_ok(agent_id):
        return False
    scope = agent_ids_in_scope(user)
    return agent_id != user.pk and (scope is None or agent_id in scope)


def agent_filter(user, field: str = "agent_id") -> Q:
    """A filter on `field` (a user id) for the agents in the user's scope."""
    scope = agent_ids_in_scope(user)
    if scope is None:
        return ~Q(**{field: user.pk})
    return Q(**{f"{field}__in": scope})


def evaluated_agent(user, agent_id: int):
    """The agent (or info specialist) `agent_id` when the user may evaluate them and set their
    goals: they exist, are active, hold an evaluated role and are in the user's scope; else None."""
    from teenindus.accounts import roles
    from teenindus.accounts.models import User

    if not (user.has_perm(EVALUATE) and in_scope(user, agent_id)):
        return None
    return (
        User.objects.filter(
            pk=agent_id, is_active=True, groups__name__in=[roles.AGENT, roles.INFO_SPECIALIST]
        )
        .distinct()
        .first()
    )
