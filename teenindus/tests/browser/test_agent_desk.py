"""An agent answers a simulated call from the desktop and records the contact."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from teenindus.accounts import roles
from teenindus.accounts.models import User
from teenindus.contacts.models import Contact, Topic
from teenindus.customers import services as customer_services
from teenindus.org.models import Employee
from teenindus.telephony import fold
from teenindus.telephony.models import Agent, AgentSkill, Queue
from teenindus.telephony.routing import call_route
from teenindus.telephony.services import telephony_event_ingest
from teenindus.telephony.states import agent_state_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(db):
    user = User.objects.create_user(
        username="noustaja", password="demo", first_name="Kadri", last_name="Tamm"
    )
    user.groups.add(Group.objects.get(name=roles.AGENT))
    employee = Employee.objects.create(first_name="Kadri", last_name="Tamm", user=user)
    queue = Queue.objects.create(name="pensionid", title="Pensionid")
    agent = Agent.objects.create(name="Kadri Tamm", extension="201", employee=employee)
    AgentSkill.objects.create(agent=agent, queue=queue)
    parent = Topic.objects.create(name="Pensionid", code="pensionid")
    Topic.objects.create(name="Vanaduspension", code="vanaduspension", parent=parent)
    customer = customer_services.person_create(
        actor=user, first_name="Helgi", last_name="Tamm", isikukood="44805090330", phone="5123 4567"
    )
    return agent, customer


def test_agent_answers_a_simulated_call_and_records_the_contact(live_server, page, desk):
    agent, customer = desk
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Kasutajanimi").fill("noustaja")
    page.get_by_label("Parool").fill("demo")
    page.get_by_role("button", name="Logi sisse").click()
    page.get_by_role("link", name="Töölaud").first.click()
    page.get_by_role("button", name="Vaba").click()
    page.locator("#agent-state").get_by_text("Vaba").wait_for()

    # The phone system offers a call and Teenindus routes it to this agent.
    telephony_event_ingest(
        event=fold.Event(
            event_id="sim-offer",
            call_id="sim-1",
            kind="offered",
            at=timezone.now(),
            queue="pensionid",
            data={"caller": "+37251234567"},
        )
    )
    assert call_route(call_id="sim-1", queue_name="pensionid") == agent

    # The desk notices the ringing call by itself and shows who is calling.
    page.get_by_role("button", name="Vasta").wait_for()
    assert "Helgi Tamm" in page.locator("#call-panel").inner_text()
    page.get_by_role("button", name="Vasta").click()
    page.get_by_role("button", name="Lõpeta kõne").wait_for()
    agent.refresh_from_db()
    assert agent.state == "on_call"

    page.get_by_label("Teema").select_option(label="Pensionid › Vanaduspension")
    page.get_by_label("Tulemus").select_option(value="solved")
    page.get_by_label("Märkus").fill("Selgitasin pensioni suurust")
    page.get_by_role("button", name="Salvesta pöördumine").click()
    page.get_by_text("Pöördumine salvestatud.").wait_for()
    assert "Pensionid › Vanaduspension" in page.locator("#recorded").inner_text()

    contact = Contact.objects.get()
    assert (contact.call_id, contact.customer, contact.outcome, contact.note) == (
        "sim-1",
        customer,
        "solved",
        "Selgitasin pensioni suurust",
    )
    page.screenshot(path="var/browser-agent-desk.png", full_page=True)
    agent_state_set(agent=agent, state="offline", enforce=False, source="test")
