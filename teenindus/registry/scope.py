"""Whose documents a user sees, decided from the user alone (selectors and services both ask here):

- `registry.view_document` (info specialists, agents, team leads): the whole register;
- `registry.work_forwarding` (second level): documents forwarded to them or to their unit, and
  those they or their unit are responsible for;
- `registry.oversee_document` (team leads, service managers): the due lists of their units (the
  units of their positions and the units below).
"""

from django.db.models import Q, QuerySet

from teenindus.org.models import Unit
from teenindus.org.selectors import employments_current

VIEW = "registry.view_document"
WORK = "registry.work_forwarding"
OVERSEE = "registry.oversee_document"
CHANGE = "registry.change_document"


def user_unit_ids(user) -> set[int]:
    """The units of the user's current positions."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(employments_current().filter(employee__user=user).values_list("position__unit_id", flat=True))


def units_below(unit_ids: set[int]) -> set[int]:
    """These units and every unit below them in the tree."""
    seen = set(unit_ids)
    frontier = set(unit_ids)
    while frontier:
        frontier = set(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - seen
        seen |= frontier
    return seen


def overseen_unit_ids(user) -> set[int]:
    """The units whose lists a lead sees: their own units and those below (none without the right)."""
    return units_below(user_unit_ids(user)) if user.has_perm(OVERSEE) else set()


def documents_scope(user, documents: QuerySet) -> QuerySet:
    if user.has_perm(VIEW):
        return documents
    if not user.has_perm(WORK):
        return documents.none()
    units = sorted(user_unit_ids(user))
    from teenindus.registry.models import Forwarding

    forwarded = Forwarding.objects.filter(Q(to_user=user) | Q(to_unit_id__in=units)).values("document_id")
    return documents.filter(Q(pk__in=forwarded) | Q(responsible_user=user) | Q(responsible_unit_id__in=units))
