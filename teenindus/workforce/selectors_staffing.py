"""Reads of the staffing area: team settings, plans and their intervals, within the user's scope."""

from teenindus.core.exceptions import NotFound
from teenindus.core.ids import id_ok
from teenindus.workforce import scope
from teenindus.workforce.models import StaffingPlan, TeamSettings


def team_settings(*, actor, unit_id) -> tuple:
    """(unit, its settings or an unsaved default row). NotFound outside the user's scope."""
    unit = scope.unit_in_scope(actor, unit_id)
    if unit is None:
        raise NotFound("unit")
    settings = TeamSettings.objects.filter(unit=unit).first()
    return unit, settings or TeamSettings(unit=unit, version=0)


def plans_in_scope(*, actor, unit_id=None):
    ids = scope.unit_ids_in_scope(actor)
    plans = StaffingPlan.objects.select_related("unit")
    if ids is not None:
        plans = plans.filter(unit_id__in=ids)
    if unit_id is not None:
        plans = plans.filter(unit_id=unit_id)
    return plans.order_by("-created_at")


def plan_in_scope(*, actor, plan_id) -> StaffingPlan:
    if not id_ok(plan_id):
        raise NotFound("plan")
    plan = plans_in_scope(actor=actor).filter(pk=plan_id).first()
    if plan is None:
        raise NotFound("plan")
    return plan


def plan_day(plan: StaffingPlan, day) -> list:
    return list(plan.intervals.filter(local_date=day).order_by("slot"))


def plan_days(plan: StaffingPlan) -> list:
    return list(plan.intervals.order_by("local_date").values_list("local_date", flat=True).distinct())
