import pytest
from django.contrib.auth.models import Group

from conftest import make_user
from teenindus.accounts import roles
from teenindus.accounts.services import api_token_create
from teenindus.contacts.models import Topic
from teenindus.org.models import Employee
from teenindus.telephony.models import Agent, AgentSkill, Queue
from teenindus.telephony.states import agent_state_set


@pytest.fixture
def phone_token(db):
    user = make_user("pbx")
    user.groups.add(Group.objects.get(name=roles.PHONE_SYSTEM))
    _token, raw = api_token_create(actor=user, user=user, name="Telefonisüsteem")
    return raw


@pytest.fixture
def queue(db):
    return Queue.objects.create(name="pensionid", sl_threshold_seconds=20, short_abandon_seconds=5)


@pytest.fixture
def topic(db):
    parent = Topic.objects.create(name="Pensionid", code="pensionid")
    return Topic.objects.create(name="Vanaduspension", code="vanaduspension", parent=parent)


def make_agent(queue, extension: str, *, available=True, user=None, priority=1) -> Agent:
    employee = Employee.objects.create(first_name="Agent", last_name=extension, user=user)
    agent = Agent.objects.create(name=f"Agent {extension}", extension=extension, employee=employee)
    AgentSkill.objects.create(agent=agent, queue=queue, priority=priority)
    if available:
        agent_state_set(agent=agent, state="available", source="test")
    return Agent.objects.get(pk=agent.pk)
