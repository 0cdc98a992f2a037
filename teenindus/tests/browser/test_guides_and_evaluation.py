"""Knowledge and quality in a browser (#12): a team lead writes a guide for a topic; an agent on a
ringing call of that queue and topic sees it on the desktop without a search; the lead evaluates
that contact; the agent acknowledges the evaluation; the feedback view shows the score beside the
agent's call figures."""

import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from teenindus.accounts import roles
from teenindus.accounts.models import User
from teenindus.contacts.models import Contact, Topic
from teenindus.knowledge.models import Guide
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.quality.models import Evaluation
from teenindus.quality.services.forms import CriterionInput, form_save
from teenindus.telephony import fold
from teenindus.telephony.models import Agent, AgentSkill, Queue
from teenindus.telephony.routing import call_route
from teenindus.telephony.services import telephony_event_ingest
from teenindus.telephony.states import agent_state_set

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
def centre(db):
    agency = Agency.objects.create(name="Sotsiaalkindlustusamet")
    unit = Unit.objects.create(agency=agency, name="Kõnekeskuse talitus", kind="section")
    lead_position = Position.objects.create(unit=unit, title="Talitusejuhataja", is_manager=True)
    agent_position = Position.objects.create(unit=unit, title="Kliendinõustaja", manager=lead_position)
    lead = _person("juht", roles.TEAM_LEAD, "Tiina", "Saar", lead_position)
    agent_user = _person("noustaja", roles.AGENT, "Kadri", "Tamm", agent_position)
    queue = Queue.objects.create(name="peretoetused", title="Peretoetused")
    agent = Agent.objects.create(name="Kadri Tamm", extension="201", employee=agent_user.employee)
    AgentSkill.objects.create(agent=agent, queue=queue)
    family = Topic.objects.create(name="Peretoetused", code="peretoetused")
    Topic.objects.create(name="Lapsetoetus", code="lapsetoetus", parent=family)
    Topic.objects.create(name="Pensionid", code="pensionid")
    form_save(
        actor=lead,
        name="Kõne hindamine",
        criteria=[
            CriterionInput(section="Suhtlus", name="Tervitus", kind="yesno", weight="40"),
            CriterionInput(section="Sisu", name="Õige info", kind="scale", weight="60", scale_max=5),
        ],
    )
    return lead, agent_user, agent


def _login(page, url: str, username: str) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("Kasutajanimi").fill(username)
    page.get_by_label("Parool").fill("demo")
    page.get_by_role("button", name="Logi sisse").click()


def test_a_guide_reaches_the_ringing_call_and_the_evaluation_reaches_the_feedback_talk(
    live_server, browser, centre
):
    lead_user, agent_user, agent = centre
    lead_context = browser.new_context(locale="et-EE", timezone_id="Europe/Tallinn")
    lead = lead_context.new_page()
    lead.set_default_timeout(15000)
    _login(lead, live_server.url, "juht")

    # The lead writes a guide for the family-benefits topic and queue, and publishes it.
    lead.goto(f"{live_server.url}/guides/new/")
    lead.get_by_label("Pealkiri").fill("Lapsetoetuse maksmise peatumine")
    lead.locator("textarea[name=body]").fill(
        "Kui lapsetoetuse maksmine peatus, kontrolli **rahvastikuregistrist** lapse elukohta."
    )
    lead.get_by_label("Peretoetused › Lapsetoetus").check()
    lead.locator("input[name=queues]").first.check()
    lead.locator("form button[type=submit]").last.click()
    lead.locator("#move-publish").click()
    lead.locator("#move-publish").wait_for(state="detached")
    guide = Guide.objects.get(title="Lapsetoetuse maksmise peatumine")
    assert guide.status == "published" and guide.owner == lead_user
    assert "<strong>rahvastikuregistrist</strong>" in lead.content()

    # The agent is free; a call rings on the family-benefits queue: the guide appears by itself.
    agent_context = browser.new_context(locale="et-EE", timezone_id="Europe/Tallinn")
    desk = agent_context.new_page()
    desk.set_default_timeout(15000)
    _login(desk, live_server.url, "noustaja")
    desk.get_by_role("link", name="Töölaud").first.click()
    desk.get_by_role("button", name="Vaba").click()
    desk.locator("#agent-state").get_by_text("Vaba").wait_for()
    telephony_event_ingest(
        event=fold.Event(
            event_id="e-offer",
            call_id="call-1",
            kind="offered",
            at=timezone.now(),
            queue="peretoetused",
            data={"caller": "+37251234567"},
        )
    )
    assert call_route(call_id="call-1", queue_name="peretoetused") == agent
    desk.get_by_role("button", name="Vasta").wait_for()
    guides = desk.locator("#desk-guides")
    guides.get_by_role("link", name="Lapsetoetuse maksmise peatumine").wait_for()

    # Choosing the topic keeps it (it answers that topic); the call is answered, recorded and ended.
    desk.get_by_role("button", name="Vasta").click()
    desk.get_by_label("Teema").select_option(label="Peretoetused › Lapsetoetus")
    guides.get_by_role("link", name="Lapsetoetuse maksmise peatumine").wait_for()
    desk.get_by_label("Tulemus").select_option(value="solved")
    desk.get_by_label("Märkus").fill("Selgitasin, miks lapsetoetuse maksmine peatus.")
    desk.get_by_role("button", name="Salvesta pöördumine").click()
    desk.get_by_text("Pöördumine salvestatud.").wait_for()
    desk.get_by_role("button", name="Lõpeta kõne").click()
    desk.get_by_role("button", name="Lõpeta kõne").wait_for(state="detached")
    contact = Contact.objects.get(call_id="call-1")
    assert contact.handled_by == agent_user

    # The lead evaluates that contact.
    lead.goto(f"{live_server.url}/contacts/{contact.pk}/")
    lead.get_by_role("link", name="Hinda").click()
    radios = lead.locator("form[method=post] input[type=radio]")
    radios.first.wait_for()
    lead.get_by_role("radio", name="Jah").first.check()  # greeting: yes
    lead.locator("input[type=radio][value='4']").check()  # the right information: 4 of 5
    lead.get_by_label("Tugevused").fill("Selge ja rahulik selgitus.")
    lead.get_by_label("Mida parandada").fill("Paku kliendile ka e-teeninduse linki.")
    lead.get_by_role("button", name="Salvesta hinnang").click()
    evaluation = Evaluation.objects.get(contact=contact)
    assert evaluation.score is not None
    score = f"{evaluation.score:.0f} %"  # yes = 100 % × 40; 4 of 5 = 75 % × 60 → 85 %
    assert score == "85 %"

    # The agent acknowledges it from their evaluations.
    desk.goto(f"{live_server.url}/quality/mine/")
    desk.locator(f"a[href$='/quality/evaluations/{evaluation.pk}/']").first.click()
    assert "Paku kliendile ka e-teeninduse linki." in desk.content()
    desk.get_by_role("button", name="Kinnita").click()
    desk.get_by_role("button", name="Kinnita").wait_for(state="detached")
    evaluation.refresh_from_db()
    assert evaluation.state == "acknowledged"

    # The feedback view: the score beside the agent's call figures.
    month = contact.local_date.strftime("%Y-%m")
    lead.goto(f"{live_server.url}/quality/feedback/{agent_user.pk}/?month={month}")
    body = lead.locator("main").inner_text()
    assert score in lead.locator(".mean-score").inner_text()
    calls = lead.locator("table.calls")
    handled = calls.locator("tr", has_text="Teenindatud kõnesid").locator("td").inner_text()
    assert handled == "1"
    assert re.search(r"Keskmine teenindusaeg\s+\d+ s", calls.inner_text())
    assert "Kadri Tamm" in body
    lead.screenshot(path="var/browser-feedback-talk.png", full_page=True)

    agent_state_set(agent=agent, state="offline", enforce=False, source="test")
    agent_context.close()
    lead_context.close()
