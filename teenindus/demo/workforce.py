"""Workforce demo: eight more weeks of info-line history before the demo week (calls and agent
states only, so forecasts have something to learn from), the call centre's targets and shift
templates, and for last week, this week and next week a forecast, its staffing and a published
roster. Last week's roster set against last week's simulated states is the planned-vs-actual a
lead opens first. Loaded once: a second run finds the rosters and changes nothing."""

from datetime import time, timedelta

from django.utils import timezone

from teenindus.accounts.models import User
from teenindus.demo import data
from teenindus.org.models import Unit
from teenindus.telephony.models import Queue
from teenindus.telephony.queue_log import import_queue_log
from teenindus.telephony.simulator import simulate
from teenindus.telephony.sweep import telephony_sweep
from teenindus.workforce.models import Roster, ShiftTemplate, TeamSettings

HISTORY_WEEKS = 8
# The simulated agents sign in about 08:55 and out after 17:10, with a 30-minute lunch.
TEMPLATES = [
    ("Päev", time(8, 50), 510, 30),
    ("Hommik", time(8, 0), 510, 30),
    ("Hiline", time(9, 30), 510, 30),
    ("Lühike", time(9, 0), 360, 0),
]


def _history(today) -> None:
    """The weeks before the demo week (load_call_history covers the last 7 days)."""
    start = today - timedelta(days=7 + HISTORY_WEEKS * 7)
    import_queue_log(simulate(start=start, days=HISTORY_WEEKS * 7, agents=len(data.AGENTS)))
    telephony_sweep()


def load_workforce() -> None:
    if Roster.objects.exists():
        return
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    _history(today)
    team = Unit.objects.get(code="konekeskus")
    settings, _ = TeamSettings.objects.get_or_create(unit=team)
    settings.queues.set(Queue.objects.all())
    templates = [
        ShiftTemplate.objects.get_or_create(
            unit=team,
            name=name,
            defaults={"starts": starts, "length_minutes": length, "break_minutes": pause},
        )[0]
        for name, starts, length, pause in TEMPLATES
    ]
    lead = User.objects.get(username="juht")
    # Last week was worked as the simulator works (about 08:55–17:10): its roster is of day shifts,
    # so its planned-vs-actual shows the small exceptions of a real week, not a different plan.
    day_shift = [t for t in templates if t.name == "Päev"]
    _plan_weeks(actor=lead, team=team, templates=day_shift, first_day=monday - timedelta(days=7), weeks=1)
    _plan_weeks(actor=lead, team=team, templates=templates, first_day=monday, weeks=2)


def _plan_weeks(*, actor, team, templates, first_day, weeks) -> None:
    """Forecast each queue, derive the staffing, solve the roster (here, not in the worker, so
    the demo is whole when `make run` starts serving) and publish it."""
    from teenindus.workforce.services_forecast import forecast_build
    from teenindus.workforce.services_roster import roster_create, roster_publish, roster_solve
    from teenindus.workforce.services_staffing import staffing_plan_build

    last_day = first_day + timedelta(days=7 * weeks - 1)
    for queue in team.workforce_settings.queues.all():
        forecast_build(actor=actor, queue_id=queue.pk, first_day=first_day, weeks=weeks)
    plan = staffing_plan_build(actor=actor, unit_id=team.pk, first_day=first_day, last_day=last_day)
    roster = roster_create(
        actor=actor,
        unit_id=team.pk,
        first_day=first_day,
        weeks=weeks,
        plan_id=plan.pk,
        template_ids=[t.pk for t in templates],
    )
    roster_solve(roster_id=roster.pk, time_limit=10.0)
    roster.refresh_from_db()
    if roster.status == Roster.Status.SOLVED:
        roster_publish(actor=actor, roster_id=roster.pk, row_version=roster.row_version)
