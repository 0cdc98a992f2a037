"""Planned against actual through its pages: a team's day and range, its month, the downloads,
a person's own hours; scope, the access log and bad input."""

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_user
from teenindus.accounts import roles
from teenindus.audit.models import AccessLog
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.telephony.models import Agent, AgentStateChange
from teenindus.workforce import selectors_actual
from teenindus.workforce.models import Roster, Shift, StaffingPlan
from teenindus.workforce.tests.roster_helpers import publish_as_is

pytestmark = pytest.mark.django_db
TALLINN = ZoneInfo("Europe/Tallinn")
DAY = date(2026, 11, 10)
NEXT = DAY + timedelta(days=1)


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TALLINN)


def roster_for(unit, *, status=Roster.Status.PUBLISHED, publication=1) -> Roster:
    plan = StaffingPlan.objects.create(unit=unit, first_day=date(2026, 11, 9), last_day=date(2026, 11, 22))
    return Roster.objects.create(
        unit=unit, first_day=date(2026, 11, 9), weeks=2, plan=plan, status=status, publication=publication
    )


def shift(roster, employee, day, start, end, *, break_at=None, break_minutes=0, **extra) -> Shift:
    end_day = day if end > start else day + timedelta(days=1)
    made = Shift.objects.create(
        roster=roster,
        employee=employee,
        day=day,
        starts_at=at(*start, day),
        ends_at=at(*end, end_day),
        break_starts_at=at(*break_at, day if break_at >= start else end_day) if break_at else None,
        break_minutes=break_minutes,
        **extra,
    )
    if roster.publication:
        publish_as_is(roster)
    return made


def states(agent, *parts, end=None):
    for i, (state, start) in enumerate(parts):
        stop = parts[i + 1][1] if i + 1 < len(parts) else end
        AgentStateChange.objects.create(
            agent=agent, state=state, started_at=start, ended_at=stop, source="api"
        )


@pytest.fixture
def team(users):
    agency = Agency.objects.create(name="Amet")
    unit = Unit.objects.create(agency=agency, name="Kõnekeskus", kind="section")
    other = Unit.objects.create(agency=agency, name="Teine tiim", kind="section")
    lead_position = Position.objects.create(unit=unit, title="Juht", is_manager=True)
    seat = Position.objects.create(unit=unit, title="Kliendinõustaja")
    other_lead = Position.objects.create(unit=other, title="Teise juht", is_manager=True)
    lead = Employee.objects.create(first_name="Juhan", last_name="Juht", user=users["teamlead"])
    Employment.objects.create(employee=lead, position=lead_position, start_date="2024-01-01")
    senior = Employee.objects.create(first_name="Siim", last_name="Vanem", user=users["senior"])
    Employment.objects.create(employee=senior, position=other_lead, start_date="2024-01-01")
    anna = Employee.objects.create(first_name="Anna", last_name="Arvuti", user=users["agent"])
    mati = Employee.objects.create(first_name="Mati", last_name="Mõõdik")
    for person in (anna, mati):
        Employment.objects.create(employee=person, position=seat, start_date="2025-01-01")
    roster = roster_for(unit)
    # Anna: a day shift with a late start, a long break and an early end; a night shift later.
    shift(roster, anna, DAY, (8, 0), (16, 30), break_at=(12, 0), break_minutes=30)
    shift(
        roster,
        anna,
        DAY + timedelta(days=2),
        (22, 0),
        (6, 0),
        break_at=(2, 0),
        break_minutes=30,
        night_minutes=480,
        on_holiday=True,
    )
    anna_agent = Agent.objects.create(name="Anna", extension="201", employee=anna)
    states(
        anna_agent,
        ("offline", at(7, 0)),
        ("available", at(8, 10)),
        ("break", at(12, 0)),
        ("available", at(12, 40)),
        ("offline", at(16, 20)),
        ("available", at(21, 50, DAY + timedelta(days=2))),
        ("break", at(2, 0, DAY + timedelta(days=3))),
        ("available", at(2, 30, DAY + timedelta(days=3))),
        ("offline", at(6, 0, DAY + timedelta(days=3))),
    )
    # Mati: absent on his shift, and works unscheduled the next day; a draft roster is not counted.
    shift(roster, mati, DAY, (8, 0), (16, 0), break_at=(12, 0), break_minutes=30)
    shift(roster_for(unit, status=Roster.Status.SOLVED, publication=0), mati, NEXT, (8, 0), (12, 0))
    mati_agent = Agent.objects.create(name="Mati", extension="202", employee=mati)
    states(mati_agent, ("available", at(9, 0, NEXT)), ("offline", at(10, 0, NEXT)))
    return {"unit": unit, "other": other, "anna": anna, "mati": mati}


def url(name, **kwargs):
    return reverse(f"workforce:{name}", kwargs=kwargs)


def logged(action="working_time"):
    return sorted(AccessLog.objects.filter(action=action).values_list("subject_id", flat=True))


def test_team_day_shows_figures_and_exceptions_and_logs(client_for, team):
    response = client_for("teamlead").get(url("actual_team", unit_id=team["unit"].pk), {"day": "2026-11-10"})
    assert response.status_code == 200
    body = response.content.decode()
    assert response["Cache-Control"] and "no-store" in response["Cache-Control"]
    anna_row = body.split(f'id="day-{team["anna"].pk}-20261110"')[1].split("</tr>")[0]
    # 480 of 510 minutes adherent, 450 min worked of 480 scheduled
    assert "94,1\u00a0%" in anna_row and "93,8\u00a0%" in anna_row
    assert "8:00" in anna_row and "7:30" in anna_row and "10.11.2026" in anna_row
    assert anna_row.count('class="exception exception-') == 3
    mati_row = body.split(f'id="day-{team["mati"].pk}-20261110"')[1].split("</tr>")[0]
    assert "exception-absent" in mati_row
    assert "hx-trigger" not in body  # history does not refresh itself
    assert logged() == sorted([team["anna"].pk, team["mati"].pk])
    row = AccessLog.objects.filter(action="working_time").first()
    assert row.view == "workforce:actual_team" and row.purpose


def test_range_shows_unscheduled_work_and_ignores_unpublished_rosters(client_for, team):
    response = client_for("teamlead").get(
        url("actual_team", unit_id=team["unit"].pk), {"from": "2026-11-10", "to": "2026-11-13"}
    )
    body = response.content.decode()
    mati_next = body.split(f'id="day-{team["mati"].pk}-20261111"')[1].split("</tr>")[0]
    assert "exception-unscheduled" in mati_next and "1:00" in mati_next
    assert "08:00–12:00" not in mati_next  # the solved, unpublished roster's shift is not his plan


def test_the_plan_is_what_was_published_not_a_later_edit(team):
    # Anna's shift is moved to 10:00 after publishing: until the change is published she was
    # told 08:00, so her late start is measured against 08:00.
    moved = Shift.objects.get(employee=team["anna"], day=DAY)
    moved.starts_at, moved.break_starts_at = at(10, 0), at(14, 0)
    moved.save()

    def anna_day():
        (row,) = selectors_actual.employee_days([team["anna"].pk], first=DAY, last=DAY, now=at(23, 0))[
            team["anna"].pk
        ]
        return row

    assert anna_day().shift.starts_at == at(8, 0)
    assert "late_start" in [e.kind for e in anna_day().exceptions]
    publish_as_is(moved.roster)
    assert anna_day().shift.starts_at == at(10, 0)
    assert "late_start" not in [e.kind for e in anna_day().exceptions]


def test_today_refreshes_itself(client_for, team):
    response = client_for("teamlead").get(url("actual_team", unit_id=team["unit"].pk))
    assert response.status_code == 200
    assert 'hx-trigger="every 60s"' in response.content.decode()


def test_live_figures_count_up_to_now(team):
    now = at(10, 0)
    data = selectors_actual.employee_days([team["anna"].pk], first=DAY, last=DAY, now=now)
    (row,) = data[team["anna"].pk]
    # signed in 08:10–10:00 of the two hours scheduled so far
    assert row.scheduled == 120 * 60 and row.inside == 110 * 60
    assert row.adherence == pytest.approx(110 / 120)
    assert [e.kind for e in row.exceptions] == ["late_start"]


def test_month_totals(client_for, team):
    client = client_for("teamlead")
    data = selectors_actual.employee_days(
        [team["anna"].pk, team["mati"].pk], first=date(2026, 11, 1), last=date(2026, 11, 30)
    )
    assert [d.day for d in data[team["anna"].pk]] == [DAY, DAY + timedelta(days=2)]
    response = client.get(url("actual_month", unit_id=team["unit"].pk), {"month": "2026-11"})
    assert response.status_code == 200
    body = response.content.decode()
    anna = body.split(f'id="month-{team["anna"].pk}"')[1].split("</tr>")[0]
    # scheduled 480 + 450 min = 15:30; worked 450 + (490 − 30 break) = 15:10; difference −0:20;
    # the night shift is on a public holiday (7:30 scheduled) and has 8:00 of night work
    cells = [c.split("<")[0] for c in anna.split("<td>")[2:]]
    assert cells[:7] == ["15:30", "15:30", "15:10", "−0:20", "7:30", "8:00", "2"]
    mati = body.split(f'id="month-{team["mati"].pk}"')[1].split("</tr>")[0]
    cells = [c.split("<")[0] for c in mati.split("<td>")[2:]]
    assert cells[:8] == ["7:30", "7:30", "1:00", "−6:30", "0:00", "0:00", "1", "1"]
    assert logged() == sorted([team["anna"].pk, team["mati"].pk])


def test_exports_parse(client_for, team):
    client = client_for("teamlead")
    base = {"unit_id": team["unit"].pk}
    response = client.get(url("actual_export", file_format="csv", **base), {"day": "2026-11-10"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    rows = list(csv.reader(io.StringIO("\n".join(lines[1:]))))
    assert "5 min" in lines[0] and "15 min" in lines[0]  # the definitions travel with the figures
    header, *data = rows
    anna = next(r for r in data if r[0] == "Anna Arvuti")
    values = dict(zip(header, anna, strict=True))
    assert values[header[3]] == "8.0" and values[header[8]] == "7.5"
    assert float(values[header[9]]) == pytest.approx(480 / 510)
    response = client.get(url("actual_export", file_format="xlsx", **base), {"month": "2026-11"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    heading = next(i for i, r in enumerate(table) if r[0] and r[1] and r[2])
    people = {r[0]: r for r in table[heading + 1 :] if r[0]}
    assert people["Anna Arvuti"][1:5] == [15.5, 15.5, 15.17, -0.33]
    assert people["Anna Arvuti"][5:7] == [7.5, 8.0]
    assert (
        client.get(url("actual_export", file_format="pdf", **base), {"day": "2026-11-10"}).status_code == 404
    )
    assert set(logged()) == {team["anna"].pk, team["mati"].pk}


@pytest.mark.parametrize(
    "name,query,field",
    [
        ("actual_team", {"from": "2026-11-12", "to": "2026-11-10"}, "to"),
        ("actual_team", {"from": "2026-10-01", "to": "2026-11-01"}, "to"),
        ("actual_team", {"day": "10.11.2026"}, "day"),
        ("actual_team", {"from": "2026-11-10"}, "to"),
        ("actual_month", {"month": "2026-13"}, "month"),
        ("actual_month", {"month": "november"}, "month"),
    ],
)
def test_bad_input_is_a_clear_400(client_for, team, name, query, field):
    response = client_for("teamlead").get(url(name, unit_id=team["unit"].pk), query)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body and f'data-field="{field}"' in body
    assert "Arvuti" not in body and AccessLog.objects.count() == 0


def test_bad_input_in_estonian_and_english(client_for, team):
    client = client_for("teamlead")
    target = url("actual_team", unit_id=team["unit"].pk)
    query = {"from": "2026-11-12", "to": "2026-11-10"}
    assert "Viimane päev on enne esimest päeva." in client.get(target, query).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "The last day is before the first day." in client.get(target, query).content.decode()


def test_scope(client_for, team, users):
    unit = team["unit"].pk
    # the senior specialist plans another team: this one is a 404, even with bad input
    senior = client_for("senior")
    assert senior.get(url("actual_team", unit_id=unit), {"day": "2026-11-10"}).status_code == 404
    assert senior.get(url("actual_month", unit_id=unit), {"month": "bad"}).status_code == 404
    assert senior.get(url("actual_export", unit_id=unit, file_format="csv")).status_code == 404
    assert senior.get(url("actual_team", unit_id=team["other"].pk)).status_code == 200
    # an agent plans no team; the service manager oversees every team
    assert client_for("agent").get(url("actual_team", unit_id=unit)).status_code == 404
    assert (
        client_for("manager").get(url("actual_team", unit_id=unit), {"day": "2026-11-10"}).status_code == 200
    )
    assert client_for("outsider").get(url("actual_team", unit_id=unit)).status_code == 403
    assert client_for("teamlead").get(url("actual_team", unit_id=99999999)).status_code == 404
    assert logged() == sorted([team["anna"].pk, team["mati"].pk])  # the manager's view only


def test_own_hours(client_for, team, users):
    response = client_for("agent").get(url("actual_own"), {"month": "2026-11"})
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="day-{team["anna"].pk}-20261110"' in body and "Mõõdik" not in body
    assert 'id="own-worked">15:10<' in body
    assert logged() == [team["anna"].pk]
    assert AccessLog.objects.get(action="working_time").actor == users["agent"]
    # no employee record: nothing to show, nothing logged
    stranger = make_user("uus", roles.AGENT)
    client = client_for("agent")
    client.force_login(stranger)
    assert client.get(url("actual_own")).status_code in (200, 403)
    assert client_for("agent").get(url("actual_own"), {"month": "13-2026"}).status_code == 400
