import pytest

from teenindus.core.exceptions import ValidationFailed
from teenindus.telephony.models import AgentStateChange
from teenindus.telephony.states import agent_state_set
from teenindus.telephony.tests.conftest import make_agent

pytestmark = pytest.mark.django_db


def test_after_call_work_while_offline_is_refused(queue):
    agent = make_agent(queue, "201", available=False)
    with pytest.raises(ValidationFailed) as err:
        agent_state_set(agent=agent, state="acw")
    assert err.value.field == "state"
    assert AgentStateChange.objects.filter(agent=agent).count() == 0


def test_a_break_needs_a_reason(queue):
    agent = make_agent(queue, "201")
    with pytest.raises(ValidationFailed) as err:
        agent_state_set(agent=agent, state="break")
    assert err.value.field == "reason"
    agent = agent_state_set(agent=agent, state="break", reason="Lõuna")
    assert (agent.state, agent.state_reason) == ("break", "Lõuna")


def test_every_change_is_a_span_with_its_time(queue):
    agent = make_agent(queue, "201")
    agent_state_set(agent=agent, state="meeting")
    agent_state_set(agent=agent, state="available")
    spans = list(AgentStateChange.objects.filter(agent=agent))
    assert [s.state for s in spans] == ["available", "meeting", "available"]
    assert spans[0].ended_at == spans[1].started_at and spans[-1].ended_at is None


def test_state_api_for_team_leads(client, users, queue):
    make_agent(queue, "201")
    client.force_login(users["teamlead"])
    url = "/api/v1/telephony/agents/201/state"
    ok = client.post(url, {"state": "training"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["state"] == "training"
    bad = client.post(url, {"state": "acw"}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["field"] == "state"
    unknown = client.post(
        "/api/v1/telephony/agents/999/state", {"state": "available"}, content_type="application/json"
    )
    assert unknown.status_code == 404
    client.force_login(users["agent"])
    assert client.post(url, {"state": "available"}, content_type="application/json").status_code == 403
