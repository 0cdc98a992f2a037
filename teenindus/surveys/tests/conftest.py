from datetime import date

import pytest

from conftest import make_user
from teenindus.accounts import roles
from teenindus.contacts.models import Topic
from teenindus.contacts.services import contact_record
from teenindus.customers import services as customer_services
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.surveys.sms_fake import SmsGateway


def staff(user, first, last, position, email):
    user.email = email
    user.save(update_fields=["email"])
    employee = Employee.objects.create(first_name=first, last_name=last, user=user, email=email)
    Employment.objects.create(employee=employee, position=position, start_date=date(2024, 1, 1))
    return employee


@pytest.fixture
def team(db, users):
    """A lead above an agent in one unit; a second agent elsewhere; a customer who speaks Russian
    with a phone and an e-mail; a contact the agent handled."""
    agency = Agency.objects.create(name="Amet")
    unit = Unit.objects.create(agency=agency, name="Klienditeenindus", kind="section")
    other_unit = Unit.objects.create(agency=agency, name="Muu", kind="section")
    lead_position = Position.objects.create(unit=unit, title="Talitusejuhataja", is_manager=True)
    agent_position = Position.objects.create(unit=unit, title="Kliendinõustaja", manager=lead_position)
    other_position = Position.objects.create(unit=other_unit, title="Kliendinõustaja")
    other = make_user("agent2", roles.AGENT)
    people = {
        "lead": staff(users["teamlead"], "Tiina", "Juht", lead_position, "lead@x.ee"),
        "agent": staff(users["agent"], "Anu", "Agent", agent_position, "agent@x.ee"),
        "other": staff(other, "Olev", "Teine", other_position, "other@x.ee"),
    }
    topic = Topic.objects.create(name="Pensionid", code="pensionid")
    customer = customer_services.person_create(
        actor=users["admin"],
        first_name="Sentinella",
        last_name="Jälgitavsalu",
        isikukood="49001010001",
        phone="5551 2345",
        email="sentinella@example.ee",
        language="ru",
    )
    contact = contact_record(
        actor=users["agent"], channel="phone", topic_id=topic.pk, outcome="solved", customer_id=customer.pk
    )
    return {"people": people, "topic": topic, "customer": customer, "contact": contact, "other": other}


@pytest.fixture
def sms_gateway(settings):
    with SmsGateway() as gateway:
        settings.SMS_GATEWAY_URL = gateway.base_url
        settings.SMS_GATEWAY_TOKEN = gateway.token
        yield gateway
