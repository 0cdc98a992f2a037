"""The info line's part of the start page: the agent's desk, the team lead's figures and agents."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from teenindus.audit.models import AccessLog
from teenindus.telephony.models import Interface
from teenindus.telephony.queue_log import import_queue_log
from teenindus.telephony.states import agent_state_set
from teenindus.telephony.tests.conftest import make_agent
from teenindus.telephony.tests.test_queue_log_import import line

pytestmark = pytest.mark.django_db


def _today_calls() -> list[str]:
    """Five calls today, worked out by hand: A waits 10 s (within 20 s), B 30 s, C hangs up after
    3 s (a short abandon), D after 40 s, E times out. SL = 1 / (5 − 1) = 25,0 %."""
    day = timezone.localdate().isoformat()
    return [
        line(f"{day} 00:01:00", "A", "pensionid", "NONE", "ENTERQUEUE", "", "5551234", "1"),
        line(f"{day} 00:01:10", "A", "pensionid", "PJSIP/201", "CONNECT", "10", "A2", "3"),
        line(f"{day} 00:04:10", "A", "pensionid", "PJSIP/201", "COMPLETECALLER", "10", "180", "1"),
        line(f"{day} 00:05:00", "B", "pensionid", "NONE", "ENTERQUEUE", "", "5559999", "1"),
        line(f"{day} 00:05:30", "B", "pensionid", "PJSIP/201", "CONNECT", "30", "B2", "2"),
        line(f"{day} 00:07:30", "B", "pensionid", "PJSIP/201", "COMPLETEAGENT", "30", "120", "1"),
        line(f"{day} 00:06:00", "C", "pensionid", "NONE", "ENTERQUEUE", "", "5550003", "2"),
        line(f"{day} 00:06:03", "C", "pensionid", "NONE", "ABANDON", "1", "2", "3"),
        line(f"{day} 00:10:00", "D", "pensionid", "NONE", "ENTERQUEUE", "", "5550004", "1"),
        line(f"{day} 00:10:40", "D", "pensionid", "NONE", "ABANDON", "1", "1", "40"),
        line(f"{day} 00:12:00", "E", "pensionid", "NONE", "ENTERQUEUE", "", "5550005", "1"),
        line(f"{day} 00:14:00", "E", "pensionid", "NONE", "EXITWITHTIMEOUT", "1", "1", "120"),
    ]


def _section(body: str, key: str) -> str:
    assert f'id="work-{key}"' in body, key
    return body.split(f'id="work-{key}"')[1].split("</section>")[0]


def test_the_team_lead_reads_todays_service_level_in_percent(client_for, queue):
    import_queue_log(_today_calls())
    body = client_for("teamlead").get(reverse("home"), HTTP_ACCEPT_LANGUAGE="et").content.decode()
    section = _section(body, "line-today")
    assert "25,0\u00a0%" in section and "Teenindustase" in section
    assert reverse("telephony:dashboard") in section


def test_the_team_lead_sees_agents_by_state_with_their_time_and_the_look_is_logged(client_for, users, queue):
    on_break = make_agent(queue, "202")
    agent_state_set(agent=on_break, state="break", reason="lõuna", source="test")
    available = make_agent(queue, "203")
    make_agent(queue, "204", available=False)  # offline: not at work
    body = client_for("teamlead").get(reverse("home"), HTTP_ACCEPT_LANGUAGE="et").content.decode()
    section = _section(body, "agents")
    assert "Agent 202" in section and "Agent 203" in section and "Agent 204" not in section
    assert "\u00a0s" in section  # each with the time in their state
    logged = AccessLog.objects.filter(actor=users["teamlead"], view="home", action="agent_states")
    assert {row.subject_id for row in logged} == {on_break.employee_id, available.employee_id}


def test_an_agent_sees_their_desk_calls_waiting_and_own_figures(client_for, users, queue):
    agent = make_agent(queue, "201", user=users["agent"])
    Interface.objects.create(name="PJSIP/201", agent=agent)
    import_queue_log(_today_calls())
    import_queue_log(
        [
            line(
                f"{timezone.localdate().isoformat()} 00:20:00",
                "W",
                "pensionid",
                "NONE",
                "ENTERQUEUE",
                "",
                "5",
                "1",
            )
        ]
    )
    agent.refresh_from_db()
    body = client_for("agent").get(reverse("home"), HTTP_ACCEPT_LANGUAGE="et").content.decode()
    section = _section(body, "desk")
    assert reverse("telephony:desk") in section
    with translation.override("et"):
        assert f"<dd>{agent.get_state_display()} juba " in section  # the state and the time in it
    assert "<dd>2</dd>" in section  # answered today: A and B
    assert "<dd>1 (pikim " in section  # one call waiting, with its wait
    # No figures of the whole line for an agent.
    assert 'id="work-line-today"' not in body


def test_someone_who_is_not_an_agent_gets_no_desk(client_for, queue):
    body = client_for("info").get(reverse("home")).content.decode()
    assert 'id="work-desk"' not in body and 'id="work-agents"' not in body
