"""Workforce objects for the URL walk (teenindus/tests/test_url_walk.py): the team's settings and
shift templates, so their pages and admin pages have rows to show. Each area adds its own rows
here and returns the URL keyword values its routes need."""

from datetime import date, time, timedelta

from teenindus.workforce.models import (
    Forecast,
    ForecastAdjustment,
    ForecastInterval,
    ShiftTemplate,
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
    return {
        "unit_id": unit.pk,
        "template_id": day.pk,
        "employee_id": employee.pk,
        "plan_id": plan_id,
        "forecast_id": forecast.pk,
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
