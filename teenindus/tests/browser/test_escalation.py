"""The whole escalation path in a browser: an agent answers a call, records it as escalated and
sends it to a second-level group; the specialist answers it from their start page; the agent
delivers the answer to the customer and closes the ticket."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from teenindus.accounts import roles
from teenindus.accounts.models import User
from teenindus.contacts.models import Topic
from teenindus.core.models import OutboxMail
from teenindus.customers import services as customer_services
from teenindus.org.models import Employee
from teenindus.telephony import fold
from teenindus.telephony.models import Agent, AgentSkill, Queue
from teenindus.telephony.routing import call_route
from teenindus.telephony.services import telephony_event_ingest
from teenindus.telephony.states import agent_state_set
from teenindus.tickets.models import Category, GroupMember, SupportGroup, Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _user(username: str, role: str, first: str, last: str) -> Employee:
    user = User.objects.create_user(
        username=username, password="demo", first_name=first, last_name=last, email=f"{username}@x.ee"
    )
    user.groups.add(Group.objects.get(name=role))
    return Employee.objects.create(first_name=first, last_name=last, user=user, email=f"{username}@x.ee")


@pytest.fixture
def service(db):
    agent_employee = _user("noustaja", roles.AGENT, "Kadri", "Tamm")
    specialist = _user("spetsialist", roles.SECOND_LEVEL, "Priit", "Mägi")
    queue = Queue.objects.create(name="peretoetused", title="Peretoetused")
    agent = Agent.objects.create(name="Kadri Tamm", extension="201", employee=agent_employee)
    AgentSkill.objects.create(agent=agent, queue=queue)
    Topic.objects.create(name="Peretoetused", code="peretoetused")
    group = SupportGroup.objects.create(name="Peretoetuste talitus", code="pt", email="pt@x.ee")
    GroupMember.objects.create(group=group, employee=specialist)
    Category.objects.create(
        group=group, name="Peretoetuse otsus", code="otsus", required_fields=["application_number"]
    )
    customer = customer_services.person_create(
        actor=agent_employee.user,
        first_name="Helgi",
        last_name="Tamm",
        isikukood="44805090330",
        phone="5123 4567",
        email="helgi.tamm@example.ee",
    )
    return agent, customer


def _login(page, url: str, username: str) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("Kasutajanimi").fill(username)
    page.get_by_label("Parool").fill("demo")
    page.get_by_role("button", name="Logi sisse").click()


def test_an_escalated_call_is_answered_by_second_level_and_closed_by_the_agent(live_server, browser, service):
    agent, customer = service
    context = browser.new_context(locale="et-EE", timezone_id="Europe/Tallinn")
    page = context.new_page()
    page.set_default_timeout(15000)
    _login(page, live_server.url, "noustaja")
    page.get_by_role("link", name="Töölaud").first.click()
    page.get_by_role("button", name="Vaba").click()
    page.locator("#agent-state").get_by_text("Vaba").wait_for()
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
    page.get_by_role("button", name="Vasta").wait_for()
    page.get_by_role("button", name="Vasta").click()
    page.get_by_label("Teema").select_option(label="Peretoetused")
    page.get_by_label("Tulemus").select_option(value="escalated")
    page.get_by_label("Märkus").fill("Klient küsib, miks peretoetuse otsus viibib.")
    page.get_by_role("button", name="Salvesta pöördumine").click()

    # The escalated contact offers its ticket in one step: customer, topic and note come along.
    with page.expect_popup() as popup:
        page.locator("#escalate").click()
    form = popup.value
    assert "miks peretoetuse otsus viibib" in form.locator("textarea[name=description]").input_value()
    form.locator("select[name=category]").select_option(label="Peretoetuse otsus")
    form.locator("input[name=summary]").fill("Peretoetuse otsus viibib")
    form.locator("form.card button[type=submit]").click()
    form.locator(".error, .errorlist").first.wait_for()  # the category needs the application number
    assert Ticket.objects.count() == 0
    form.locator("input[name=details_application_number]").fill("PT-2026-1182")
    form.locator("form.card button[type=submit]").click()
    form.locator("#ticket-state").wait_for()
    ticket = Ticket.objects.get()
    assert (ticket.customer, ticket.owner.username, ticket.state) == (customer, "noustaja", "assigned")
    assert ticket.assignee.user.username == "spetsialist"

    # The specialist finds it on their start page, starts work and solves it with the answer.
    other = browser.new_context(locale="et-EE", timezone_id="Europe/Tallinn")
    specialist = other.new_page()
    specialist.set_default_timeout(15000)
    _login(specialist, live_server.url, "spetsialist")
    specialist.locator("#work-tickets-assigned").get_by_role("link", name="Peretoetuse otsus viibib").click()
    specialist.locator("#move-start button").click()
    specialist.locator("#move-solve textarea[name=note]").fill("Otsus tehakse 5 tööpäeva jooksul.")
    specialist.locator("#move-solve button").click()
    specialist.locator("#move-solve").wait_for(state="detached")
    ticket.refresh_from_db()
    assert ticket.state == "solved" and ticket.delivery_due is not None

    # The agent's escalations flag it until the answer reaches the customer; then it is closed.
    page.goto(f"{live_server.url}/tickets/mine/")
    page.locator("tr.overdue").get_by_role("link", name="Peretoetuse otsus viibib").click()
    page.locator("#move-deliver select[name=channel]").select_option(value="email")
    page.locator("#move-deliver button").click()
    page.locator("#move-close button").click()
    page.locator("#move-close").wait_for(state="detached")
    ticket.refresh_from_db()
    assert (ticket.state, ticket.delivery_channel) == ("closed", "email")
    letter = OutboxMail.objects.get(key__startswith=f"ticket:{ticket.pk}:answer")
    assert letter.to == "helgi.tamm@example.ee" and "5 tööpäeva" in letter.body
    page.screenshot(path="var/browser-escalation.png", full_page=True)
    agent_state_set(agent=agent, state="offline", enforce=False, source="test")
    other.close()
    context.close()
