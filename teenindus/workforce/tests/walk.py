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
    return {"unit_id": unit.pk, "template_id": day.pk, "employee_id": employee.pk}
