"""Workforce objects for the URL walk (teenindus/tests/test_url_walk.py): the team's settings and
shift templates, so their pages and admin pages have rows to show. Each area adds its own rows
here and returns the URL keyword values its routes need."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from teenindus.workforce.models import (
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
    roster = _roster_published(unit=unit, template=day, employee=employee)
    return {
        "unit_id": unit.pk,
        "template_id": day.pk,
        "employee_id": employee.pk,
        "roster_id": roster.pk,
        "workforce:roster_shift_edit.day": roster.first_day.isoformat(),
    }


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
