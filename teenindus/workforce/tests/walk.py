"""Workforce objects for the URL walk (teenindus/tests/test_url_walk.py): the team's settings and
shift templates, so their pages and admin pages have rows to show. Each area adds its own rows
here and returns the URL keyword values its routes need."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from teenindus.workforce.models import (
    Forecast,
    ForecastAdjustment,
    ForecastInterval,
    Roster,
    RosterPublication,
    Shift,
    ShiftTemplate,
    StaffingPlan,
    TeamSettings,
)


def workforce_world(*, users, unit, queue, employee) -> dict:
    settings = TeamSettings.objects.create(unit=unit)
    settings.queues.set([queue])
    day = ShiftTemplate.objects.create(
        unit=unit, name="Päev", starts=time(8, 30), length_minutes=510, break_minutes=30
    )
    forecast = _forecast(users=users, queue=queue)
    plan_id = _staffing_plan(users=users, unit=unit, queue=queue)
    roster = _roster_published(unit=unit, template=day, employee=employee)
    return {
        "unit_id": unit.pk,
        "template_id": day.pk,
        "employee_id": employee.pk,
        "plan_id": plan_id,
        "forecast_id": forecast.pk,
        "roster_id": roster.pk,
        "workforce:roster_shift_edit.day": roster.first_day.isoformat(),
    }


def _staffing_plan(*, users, unit, queue) -> int:
    """A one-day forecast of the queue written directly, and the staffing plan built from it."""
    from teenindus.workforce.services_staffing import staffing_plan_build

    day = date(2030, 1, 7)
    forecast = Forecast.objects.create(
        queue=queue, first_day=day, last_day=day, method="baseline", proposed_method="baseline"
    )
    ForecastInterval.objects.bulk_create(
        ForecastInterval(
            forecast=forecast, local_date=day, slot=s, contacts=20.0 if 32 <= s < 72 else 1.0, aht_seconds=300
        )
        for s in range(96)
    )
    plan = staffing_plan_build(
        actor=users["manager"],
        unit_id=unit.pk,
        first_day=day,
        last_day=day,
        model="erlang_a",
        patience_seconds=90,
    )
    return plan.pk


def _forecast(*, users, queue):
    """A week's forecast of the team's queue with one adjustment (stored as forecast_build does)."""
    first = date(2030, 1, 7)
    forecast = Forecast.objects.create(
        queue=queue,
        first_day=first,
        last_day=first + timedelta(days=6),
        method=Forecast.Method.BASELINE,
        proposed_method=Forecast.Method.BASELINE,
        accuracy={"baseline": {"wape_day": 0.05, "wape_interval": 0.2, "weeks": 2}},
        created_by=users["teamlead"],
    )
    ForecastInterval.objects.bulk_create(
        ForecastInterval(
            forecast=forecast, local_date=first + timedelta(days=d), slot=s, contacts=10, aht_seconds=240
        )
        for d in range(5)
        for s in range(36, 68)
    )
    ForecastAdjustment.objects.create(
        forecast=forecast, local_date=first, percent=20, reason="Walk", created_by=users["teamlead"]
    )
    return forecast


def _roster_published(*, unit, template, employee) -> Roster:
    """This week's roster of the team with the employee's shift on its Monday, published (the
    roster's grid, the shift's edit page and the published shifts have a named person to show)."""
    from teenindus.workforce.selectors_roster import shift_snapshot

    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    plan = StaffingPlan.objects.create(unit=unit, first_day=monday, last_day=monday + timedelta(days=6))
    roster = Roster.objects.create(
        unit=unit, first_day=monday, weeks=1, plan=plan, status=Roster.Status.PUBLISHED, publication=1
    )
    roster.templates.set([template])
    starts = timezone.make_aware(datetime.combine(monday, template.starts))
    shift = Shift.objects.create(
        roster=roster,
        employee=employee,
        day=monday,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=template.length_minutes),
        break_starts_at=starts + timedelta(hours=4),
        break_minutes=template.break_minutes,
        template=template,
    )
    RosterPublication.objects.create(
        roster=roster,
        number=1,
        shifts=[shift_snapshot(shift)],
        changes=[
            {"employee": employee.pk, "day": monday.isoformat(), "before": None, "after": "08:30–17:00"}
        ],
    )
    return roster
