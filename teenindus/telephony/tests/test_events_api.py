from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from teenindus.telephony.intervals import slot_of
from teenindus.telephony.models import Agent, AgentStateChange, Call, QueueInterval, TelephonyEvent
from teenindus.telephony.sweep import telephony_sweep
from teenindus.telephony.tests.conftest import make_agent

pytestmark = pytest.mark.django_db
URL = "/api/v1/telephony/events"


BASE = timezone.now().replace(microsecond=0) + timedelta(minutes=1)


@pytest.fixture(autouse=True)
def _base():
    """Events a minute after the test's agents became available (set when the test runs, not when
    the module was collected minutes earlier: earlier events would be late reports)."""
    global BASE
    BASE = timezone.now().replace(microsecond=0) + timedelta(minutes=1)


def at(seconds: int) -> str:
    return (BASE + timedelta(seconds=seconds)).isoformat()


def send(client, token, **event):
    body = {"at": at(0), "call_id": "c1", **event}
    return client.post(URL, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_call_from_offer_to_end(client, phone_token, queue):
    agent = make_agent(queue, "201")
    assert send(
        client, phone_token, event_id="e1", type="offered", queue="pensionid", caller="5551234"
    ).json() == {
        "stored": True,
        "call_id": "c1",
        "call_outcome": "waiting",
    }
    send(client, phone_token, event_id="e2", type="ringing", agent="201", at=at(5))
    send(client, phone_token, event_id="e3", type="answered", agent="PJSIP/201", at=at(12))
    send(client, phone_token, event_id="e4", type="hold", at=at(60))
    send(client, phone_token, event_id="e5", type="unhold", at=at(90))
    send(client, phone_token, event_id="e6", type="ended", agent="201", at=at(192))
    call = Call.objects.get(call_id="c1")
    assert (call.outcome, call.wait_seconds, call.hold_seconds, call.talk_seconds) == (
        "answered",
        12,
        30,
        150,
    )
    assert call.agent == agent and call.caller == "5551234" and (call.local_date, call.slot) == slot_of(BASE)
    agent.refresh_from_db()
    assert agent.state == "acw" and agent.calls_today == 1
    assert list(AgentStateChange.objects.filter(agent=agent).values_list("state", flat=True)) == [
        "available",
        "ringing",
        "on_call",
        "acw",
    ]
    telephony_sweep()  # the worker rebuilds the marked slot
    assert QueueInterval.objects.get(slot=call.slot).answered_in_sl == 1


def test_a_repeated_event_is_accepted_and_ignored(client, phone_token, queue):
    first = send(client, phone_token, event_id="e1", type="offered", queue="pensionid")
    again = send(client, phone_token, event_id="e1", type="offered", queue="pensionid")
    assert first.status_code == again.status_code == 200
    assert again.json()["stored"] is False
    assert TelephonyEvent.objects.count() == 1 and Call.objects.count() == 1


def test_events_out_of_order_give_the_same_call(client, phone_token, queue):
    make_agent(queue, "201")
    # The answer and the end arrive before the offer.
    send(client, phone_token, event_id="e3", type="ended", agent="201", at=at(120))
    send(client, phone_token, event_id="e2", type="answered", agent="201", at=at(30))
    assert Call.objects.count() == 0
    send(client, phone_token, event_id="e1", type="offered", queue="pensionid")
    call = Call.objects.get()
    assert (call.outcome, call.wait_seconds, call.talk_seconds) == ("answered", 30, 90)
    telephony_sweep()
    assert QueueInterval.objects.get().answered_in_sl == 0  # 30 s > 20 s


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"event_id": "x", "type": "offered", "queue": "olematu"}, "queue"),
        ({"event_id": "x", "type": "offered"}, "queue"),
        ({"event_id": "x", "type": "answered", "agent": "999"}, "agent"),
        ({"event_id": "x", "type": "answered"}, "agent"),
        ({"event_id": "x", "type": "exploded", "queue": "pensionid"}, "type"),
        ({"event_id": "x", "type": "offered", "queue": "pensionid", "at": "2026-11-19 09:00"}, "at"),
        ({"event_id": "", "type": "offered", "queue": "pensionid"}, "event_id"),
        ({"event_id": "x", "type": "offered", "queue": "pensionid", "wait": -1}, "wait"),
    ],
)
def test_a_malformed_event_is_422_naming_the_field_and_stores_nothing(
    client, phone_token, queue, body, field
):
    response = send(client, phone_token, **body)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    assert TelephonyEvent.objects.count() == 0 and Call.objects.count() == 0


def test_a_naive_time_is_refused_in_estonian(client, phone_token, queue):
    response = send(
        client, phone_token, event_id="x", type="offered", queue="pensionid", at="2026-11-19T09:00:00"
    )
    assert response.json() == {
        "detail": "Andke aeg koos ajavööndiga, nt 2026-11-19T09:00:00+02:00.",
        "field": "at",
        "errors": [{"field": "at", "detail": "Andke aeg koos ajavööndiga, nt 2026-11-19T09:00:00+02:00."}],
    }


def test_only_the_phone_system_reports_events(client, users, queue):
    client.force_login(users["agent"])
    response = client.post(
        URL,
        {
            "event_id": "x",
            "call_id": "c",
            "type": "offered",
            "queue": "pensionid",
            "at": "2026-11-19T09:00:00Z",
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    assert (
        Client().post(URL, {}, content_type="application/json", HTTP_AUTHORIZATION="Bearer nope").status_code
        == 401
    )


def test_abandon_while_ringing_frees_the_agent(client, phone_token, queue):
    agent = make_agent(queue, "201")
    send(client, phone_token, event_id="e1", type="offered", queue="pensionid")
    send(client, phone_token, event_id="e2", type="ringing", agent="201", at=at(2))
    send(client, phone_token, event_id="e3", type="abandoned", at=at(4))
    agent.refresh_from_db()
    assert agent.state == "available"
    telephony_sweep()
    assert QueueInterval.objects.get().short_abandoned == 1
    assert Agent.objects.get(pk=agent.pk).current_call_id == ""


def test_a_batch_is_applied_in_order_like_single_events(client, phone_token, queue):
    agent = make_agent(queue, "201")
    assert send(client, phone_token, event_id="e1", type="offered", queue="pensionid").json()["stored"]
    batch = [
        {"event_id": "e1", "type": "offered", "queue": "pensionid"},  # stored before: ignored
        {"event_id": "e2", "type": "ringing", "agent": "201", "at": at(5)},
        {"event_id": "e3", "type": "answered", "agent": "PJSIP/201", "at": at(12)},
        {"event_id": "e3", "type": "answered", "agent": "PJSIP/201", "at": at(12)},  # twice in it
        {"event_id": "e4", "type": "hold", "at": at(60)},
        {"event_id": "e5", "type": "unhold", "at": at(90)},
        {"event_id": "e6", "type": "ended", "agent": "201", "at": at(192)},
    ]
    response = client.post(
        URL + "/batch",
        [{"call_id": "c1", "at": at(0), **event} for event in batch],
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {phone_token}",
    )
    assert response.status_code == 200, response.content
    assert [r["stored"] for r in response.json()] == [False, True, True, False, True, True, True]
    assert {r["call_outcome"] for r in response.json()} == {"answered"}  # the call after the batch
    call = Call.objects.get(call_id="c1")
    assert (call.outcome, call.wait_seconds, call.hold_seconds, call.talk_seconds, call.agent) == (
        "answered",
        12,
        30,
        150,
        agent,
    )
    agent.refresh_from_db()
    assert agent.state == "acw" and agent.calls_today == 1
    assert list(AgentStateChange.objects.filter(agent=agent).values_list("state", flat=True)) == [
        "available",
        "ringing",
        "on_call",
        "acw",
    ]
    assert TelephonyEvent.objects.count() == 6
    telephony_sweep()
    assert QueueInterval.objects.get(slot=call.slot).answered_in_sl == 1


def test_a_batch_with_one_refused_event_stores_none_and_names_it(client, phone_token, queue):
    make_agent(queue, "201")
    batch = [
        {"event_id": "e1", "call_id": "c1", "type": "offered", "queue": "pensionid", "at": at(0)},
        {"event_id": "e2", "call_id": "c1", "type": "ringing", "agent": "201", "at": at(2)},
        {"event_id": "e3", "call_id": "c1", "type": "answered", "agent": "999", "at": at(4)},
    ]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {phone_token}", "content_type": "application/json"}
    response = client.post(URL + "/batch", batch, **headers)
    assert response.status_code == 422
    assert response.json()["field"] == "2.agent"
    assert TelephonyEvent.objects.count() == 0 and Call.objects.count() == 0
    assert Agent.objects.get(extension="201").state == "available"
    too_many = [{**batch[0], "event_id": f"e{n}"} for n in range(501)]
    assert client.post(URL + "/batch", too_many, **headers).json()["field"] == "body"
    assert client.post(URL + "/batch", [], **headers).status_code == 422
    not_a_list = client.post(URL + "/batch", batch[0], **headers, HTTP_ACCEPT_LANGUAGE="et")
    assert not_a_list.status_code == 422 and not_a_list.json()["detail"] == "Saada JSON-loend."
    assert TelephonyEvent.objects.count() == 0
