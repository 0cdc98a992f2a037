"""A small contact-centre team for the roster tests: a department with a lead (their scope: it and
the team below), a team of three agents (one part-time), another team out of the lead's scope,
shift templates (day, late, evening into the night), and a staffing plan needing two agents
09:00–17:00 on weekdays and one 20:00–22:30 every day."""

from datetime import date, time, timedelta

from django.core.management import call_command
from django.utils import timezone

from conftest import make_user
from teenindus.accounts import roles
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.telephony.models import Agent, AgentSkill, Queue
from teenindus.workforce.models import ShiftTemplate, StaffingInterval, StaffingPlan, TeamSettings

HOLIDAY_WEEK = date(2026, 12, 21)  # 24., 25. and 26.12 are public holidays


def this_monday() -> date:
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


def run_worker() -> None:
    call_command("worker", "--batch", "--no-periodic", "--interval", "0")


def plan_for(unit, first_day: date, weeks: int) -> StaffingPlan:
    plan = StaffingPlan.objects.create(
        unit=unit, first_day=first_day, last_day=first_day + timedelta(days=weeks * 7 - 1)
    )
    rows = []
    for d in range(weeks * 7):
        day = first_day + timedelta(days=d)
        for slot in range(96):
            need = 0
            if day.weekday() < 5 and 36 <= slot < 68:  # 09:00–17:00
                need = 2
            if 80 <= slot < 90:  # 20:00–22:30
                need = max(need, 1)
            if need:
                rows.append(
                    StaffingInterval(
                        plan=plan,
                        local_date=day,
                        slot=slot,
                        contacts=10,
                        aht_seconds=300,
                        agents_on_phones=need,
                        agents_required=need,
                        service_level=0.8,
                        asa_seconds=20,
                        occupancy=0.8,
                    )
                )
    StaffingInterval.objects.bulk_create(rows)
    return plan


def team_world(users, *, tolerance: int = 8) -> dict:
    agency = Agency.objects.create(name="Amet")
    department = Unit.objects.create(agency=agency, name="Teenindusosakond", kind="department")
    team = Unit.objects.create(agency=agency, name="Kõnekeskus", kind="section", parent=department)
    other = Unit.objects.create(agency=agency, name="Tartu büroo", kind="section")
    lead_position = Position.objects.create(unit=department, title="Juht")
    agent_position = Position.objects.create(unit=team, title="Kliendinõustaja")
    other_position = Position.objects.create(unit=other, title="Nõustaja")
    lead = Employee.objects.create(first_name="Liis", last_name="Juht", user=users["teamlead"])
    Employment.objects.create(employee=lead, position=lead_position, start_date="2025-01-01")
    outsider_lead = make_user("otherlead", roles.TEAM_LEAD)
    Employment.objects.create(
        employee=Employee.objects.create(first_name="Olev", last_name="Teine", user=outsider_lead),
        position=other_position,
        start_date="2025-01-01",
    )
    people = {}
    for key, first, last, hours, user in (
        ("anna", "Anna", "Aas", 40, users["agent"]),
        ("mari", "Mari", "Maasikas", 30, None),
        ("peeter", "Peeter", "Puu", 40, None),
    ):
        if user is None:
            user = make_user(key, roles.AGENT, email=f"{key}@example.ee")
        employee = Employee.objects.create(
            first_name=first, last_name=last, user=user, email=f"{key}@amet.example.ee"
        )
        Employment.objects.create(
            employee=employee, position=agent_position, start_date="2025-01-01", weekly_hours=hours
        )
        people[key] = employee
    queues = [Queue.objects.create(name="pensionid"), Queue.objects.create(name="toetused")]
    agent = Agent.objects.create(name="Anna Aas", extension="301", employee=people["anna"])
    AgentSkill.objects.create(agent=agent, queue=queues[1], priority=1)
    AgentSkill.objects.create(agent=agent, queue=queues[0], priority=2)
    TeamSettings.objects.create(unit=team, hours_tolerance=tolerance)
    templates = {
        "day": ShiftTemplate.objects.create(
            unit=team, name="Päev", starts=time(8, 30), length_minutes=510, break_minutes=30
        ),
        "late": ShiftTemplate.objects.create(
            unit=team, name="Hiline", starts=time(12, 0), length_minutes=510, break_minutes=30
        ),
        "evening": ShiftTemplate.objects.create(
            unit=team, name="Õhtu", starts=time(14, 0), length_minutes=510, break_minutes=30
        ),
    }
    return {
        "team": team,
        "department": department,
        "other": other,
        "people": people,
        "templates": templates,
        "queues": queues,
        "other_lead": outsider_lead,
    }


def publish_as_is(roster) -> None:
    """Make the roster's Shift rows its last publication's snapshot, as publishing them would
    (for fixtures that build a published roster row by row; the real publish is tested apart)."""
    from teenindus.workforce.models import RosterPublication
    from teenindus.workforce.selectors_roster import shift_snapshot

    shifts = [shift_snapshot(s) for s in roster.shifts.order_by("employee_id", "day")]
    RosterPublication.objects.update_or_create(
        roster=roster, number=roster.publication, defaults={"shifts": shifts}
    )
