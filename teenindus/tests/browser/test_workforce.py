"""Workforce in a browser (#13): the team lead builds a forecast for next week from the queue's
history, derives the staffing, solves the roster (the worker), publishes it; the agent sees their
shifts on the start page; the next working day's planned-vs-actual shows the agent's adherence
from the (simulated) states of that day."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from teenindus.accounts import roles
from teenindus.accounts.models import User
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.telephony.models import Agent, AgentSkill, Interface, Queue
from teenindus.telephony.queue_log import import_queue_log
from teenindus.telephony.simulator import simulate
from teenindus.telephony.sweep import telephony_sweep
from teenindus.workforce.models import Roster, Shift, ShiftNotice, ShiftTemplate, TeamSettings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _person(username: str, role: str, first: str, last: str, position: Position) -> User:
    user = User.objects.create_user(
        username=username, password="demo", first_name=first, last_name=last, email=f"{username}@x.ee"
    )
    user.groups.add(Group.objects.get(name=role))
    employee = Employee.objects.create(first_name=first, last_name=last, user=user, email=user.email)
    Employment.objects.create(employee=employee, position=position, start_date="2024-01-01")
    return user


@pytest.fixture
def team(db):
    agency = Agency.objects.create(name="Sotsiaalkindlustusamet")
    unit = Unit.objects.create(agency=agency, name="Kõnekeskuse talitus", kind="section")
    lead_position = Position.objects.create(unit=unit, title="Talitusejuhataja", is_manager=True)
    agent_position = Position.objects.create(unit=unit, title="Kliendinõustaja", manager=lead_position)
    _person("juht", roles.TEAM_LEAD, "Tiina", "Saar", lead_position)
    agent_user = _person("noustaja", roles.AGENT, "Kadri", "Tamm", agent_position)
    queue = Queue.objects.create(name="pensionid", title="Pensionid")
    agent = Agent.objects.create(name="Kadri Tamm", extension="201", employee=agent_user.employee)
    AgentSkill.objects.create(agent=agent, queue=queue)
    Interface.objects.create(name="PJSIP/201", agent=agent)
    settings = TeamSettings.objects.create(unit=unit)
    settings.queues.set([queue])
    # The simulated agents sign in about 08:55 and out after 17:10.
    ShiftTemplate.objects.create(
        unit=unit, name="Päev", starts=time(8, 50), length_minutes=510, break_minutes=30
    )
    # Five weeks of the info line up to yesterday (one agent): what the forecast learns from.
    today = timezone.localdate()
    import_queue_log(simulate(start=today - timedelta(days=35), days=35, agents=1))
    telephony_sweep()
    return unit, agent_user


def _login(page, url: str, username: str) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("Kasutajanimi").fill(username)
    page.get_by_label("Parool").fill("demo")
    page.get_by_role("button", name="Logi sisse").click()


def _worker() -> None:
    call_command("worker", "--batch", "--no-periodic", "--interval", "0")


def test_the_lead_plans_next_week_and_the_agent_sees_the_shifts_and_the_adherence(live_server, browser, team):
    unit, agent_user = team
    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday())
    url = live_server.url
    lead_context = browser.new_context(locale="et-EE", timezone_id="Europe/Tallinn")
    lead = lead_context.new_page()
    lead.set_default_timeout(30000)
    _login(lead, url, "juht")

    # From the workforce start: the team's forecasts; a forecast for next week.
    lead.get_by_role("link", name="Tööaeg", exact=True).first.click()
    lead.get_by_role("link", name="Prognoosid").first.click()
    lead.goto(f"{url}/workforce/forecasts/new/")
    lead.locator("input[name=first_day]").fill(monday.isoformat())
    lead.locator("input[name=weeks]").fill("1")
    lead.locator("form button[type=submit]").last.click()
    lead.wait_for_url(re.compile(r"/workforce/forecasts/\d+/$"))
    assert "WAPE" in lead.content()

    # The staffing for that week from the forecast.
    lead.goto(f"{url}/workforce/staffing/new/")
    lead.locator("select[name=unit]").select_option(str(unit.pk))
    lead.locator("input[name=first_day]").fill(monday.isoformat())
    lead.locator("input[name=last_day]").fill((monday + timedelta(days=6)).isoformat())
    lead.locator("form button[type=submit]").last.click()
    lead.wait_for_url(re.compile(r"/workforce/staffing/\d+/"))

    # The roster: solved by the worker, then published.
    lead.goto(f"{url}/workforce/rosters/new/")
    lead.locator("select[name=unit]").select_option(str(unit.pk))
    lead.locator("input[name=first_day]").fill(monday.isoformat())
    lead.locator("input[name=weeks]").fill("1")
    lead.locator("input[name=templates]").first.check()
    lead.locator("form button[type=submit]").last.click()
    lead.wait_for_url(re.compile(r"/workforce/rosters/\d+/$"))
    roster = Roster.objects.get()
    _worker()
    roster.refresh_from_db()
    assert roster.status == Roster.Status.SOLVED, roster.problem
    lead.reload()
    lead.get_by_role("button", name=re.compile("Avalda")).click()
    lead.locator("#roster-status").get_by_text("Avaldatud").wait_for()
    _worker()  # the notices
    shifts = list(Shift.objects.filter(roster=roster, employee=agent_user.employee).order_by("day"))
    assert shifts and ShiftNotice.objects.filter(employee=agent_user.employee).count() == 1

    # The agent sees their shifts on the start page.
    agent_context = browser.new_context(locale="et-EE", timezone_id="Europe/Tallinn")
    agent_page = agent_context.new_page()
    agent_page.set_default_timeout(30000)
    _login(agent_page, url, "noustaja")
    section = agent_page.locator("section", has_text="Sinu vahetused").first
    first = timezone.localtime(shifts[0].starts_at)
    section.get_by_text(first.strftime("%H:%M")).first.wait_for()
    assert first.strftime("%d.%m") in section.inner_text()

    # The day after that shift (the server's clock moved on; the session of a working day has
    # expired, so the lead signs in again): the agent worked the simulated states of that day, and
    # the lead's planned-vs-actual shows their adherence.
    day = shifts[0].day
    next_morning = datetime.combine(day + timedelta(days=1), time(8, 0), tzinfo=ZoneInfo("Europe/Tallinn"))
    with time_machine.travel(next_morning, tick=True):
        import_queue_log(simulate(start=day, days=1, agents=1))
        _login(lead, url, "juht")
        lead.goto(f"{url}/workforce/actual/{unit.pk}/?day={day.isoformat()}")
        row = lead.locator("tr", has_text="Tamm").first
        row.wait_for()
        text = row.inner_text()
    adherence = re.findall(r"(\d+(?:,\d)?)\s?%", text)
    assert adherence and 50 <= float(adherence[0].replace(",", ".")) <= 100, text
    lead_context.close()
    agent_context.close()
