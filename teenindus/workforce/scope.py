"""Whose plans, shifts and working time a user may see. Decided from the user alone, here only:

- `workforce.oversee_workforce` (the service manager): every team;
- `workforce.plan_workforce` (team leads, senior specialists): the units of the positions they hold
  now, and every unit below them;
- anyone else: only their own shifts (see `own_employee`)."""

from datetime import date

from teenindus.core.ids import id_ok
from teenindus.org.models import Employee, Unit
from teenindus.org.selectors import employments_current
from teenindus.people.selectors import user_positions

PLAN = "workforce.plan_workforce"
OVERSEE = "workforce.oversee_workforce"


def _below(unit_ids: set[int]) -> set[int]:
    found = set(unit_ids)
    frontier = set(unit_ids)
    while frontier:
        frontier = set(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


def unit_ids_in_scope(user) -> set[int] | None:
    """The units (teams) whose workforce the user plans; None means every unit."""
    if user.has_perm(OVERSEE):
        return None
    if not user.has_perm(PLAN):
        return set()
    mine = set(
        employments_current()
        .filter(position_id__in=user_positions(user))
        .values_list("position__unit_id", flat=True)
    )
    return _below(mine)


def units_in_scope(user):
    scope = unit_ids_in_scope(user)
    units = Unit.objects.all() if scope is None else Unit.objects.filter(pk__in=scope)
    return units.order_by("name")


def unit_in_scope(user, unit_id) -> Unit | None:
    """The unit when the user plans it, else None (callers answer 404)."""
    if not id_ok(unit_id):
        return None
    scope = unit_ids_in_scope(user)
    if scope is not None and unit_id not in scope:
        return None
    return Unit.objects.filter(pk=unit_id).first()


def team_employees(unit: Unit, *, on: date | None = None):
    """The people holding a position in the unit (not below it) on the day."""
    return (
        Employee.objects.filter(employments__in=employments_current(on=on).filter(position__unit=unit))
        .distinct()
        .order_by("last_name", "first_name")
    )


def employee_in_scope(user, employee_id) -> Employee | None:
    """The employee when they work in a unit the user plans, else None."""
    if not id_ok(employee_id):
        return None
    scope = unit_ids_in_scope(user)
    rows = Employee.objects.filter(pk=employee_id)
    if scope is not None:
        rows = rows.filter(employments__in=employments_current().filter(position__unit_id__in=scope))
    return rows.distinct().first()


def own_employee(user) -> Employee | None:
    return Employee.objects.filter(user=user).first() if user.is_authenticated else None


def planned_units(user):
    """The units the workforce start lists for a planner: those in scope that have team settings,
    and the units of the positions they hold (where they would set them up)."""
    from django.db.models import Q

    if not user.has_perm(PLAN):
        return Unit.objects.none()
    own = employments_current().filter(position_id__in=user_positions(user)).values("position__unit_id")
    return units_in_scope(user).filter(Q(workforce_settings__isnull=False) | Q(pk__in=own))
