"""Workforce objects for the URL walk (teenindus/tests/test_url_walk.py): the team's settings and
shift templates, so their pages and admin pages have rows to show. Each area adds its own rows
here and returns the URL keyword values its routes need."""

from datetime import time

from teenindus.workforce.models import ShiftTemplate, TeamSettings


def workforce_world(*, users, unit, queue, employee) -> dict:
    settings = TeamSettings.objects.create(unit=unit)
    settings.queues.set([queue])
    day = ShiftTemplate.objects.create(
        unit=unit, name="Päev", starts=time(8, 30), length_minutes=510, break_minutes=30
    )
    _actual_world(unit=unit, employee=employee, template=day)
    return {"unit_id": unit.pk, "template_id": day.pk, "employee_id": employee.pk}


def _actual_world(*, unit, employee, template) -> None:
    """Planned against actual: a published roster with today's shift for the employee, so the
    team's day, month and download pages have a person to show (and log)."""
    from datetime import datetime, timedelta

    from django.utils import timezone

    from teenindus.workforce.models import Roster, Shift, StaffingPlan

    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    plan = StaffingPlan.objects.create(unit=unit, first_day=monday, last_day=monday + timedelta(days=6))
    roster = Roster.objects.create(
        unit=unit, first_day=monday, weeks=1, plan=plan, status=Roster.Status.PUBLISHED, publication=1
    )
    start = timezone.make_aware(datetime.combine(today, template.starts))
    Shift.objects.create(
        roster=roster,
        employee=employee,
        day=today,
        starts_at=start,
        ends_at=start + timedelta(minutes=template.length_minutes),
        break_minutes=template.break_minutes,
        template=template,
    )
