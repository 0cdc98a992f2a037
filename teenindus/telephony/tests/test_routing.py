import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from teenindus.core.exceptions import ConflictError, ValidationFailed
from teenindus.telephony.models import Agent, AgentState, Queue, TelephonyEvent
from teenindus.telephony.routing import call_route, ring_timeouts_expire
from teenindus.telephony.tests.conftest import make_agent

ROUTE = "/api/v1/telephony/route"


@pytest.mark.django_db
def test_route_api_gives_an_agent_or_409(client, phone_token, queue):
    make_agent(queue, "201")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {phone_token}"}
    first = client.post(
        ROUTE, {"call_id": "c1", "queue": "pensionid"}, content_type="application/json", **headers
    )
    assert first.status_code == 200 and first.json() == {"agent": "Agent 201", "extension": "201"}
    second = client.post(
        ROUTE, {"call_id": "c2", "queue": "pensionid"}, content_type="application/json", **headers
    )
    assert second.status_code == 409 and second.json()["field"] == "queue"
    unknown = client.post(
        ROUTE, {"call_id": "c3", "queue": "olematu"}, content_type="application/json", **headers
    )
    assert unknown.status_code == 422 and unknown.json()["field"] == "queue"


@pytest.mark.django_db
def test_longest_idle_first(queue):
    a, b, c = (make_agent(queue, ext) for ext in ("201", "202", "203"))
    now = timezone.now()
    for agent, minutes in ((a, 1), (b, 10), (c, 5)):
        Agent.objects.filter(pk=agent.pk).update(idle_since=now - timedelta(minutes=minutes))
    assert [call_route(call_id=f"c{i}", queue_name="pensionid").extension for i in range(3)] == [
        "202",
        "203",
        "201",
    ]


@pytest.mark.django_db
def test_priority_comes_before_idle_time(queue):
    backup = make_agent(queue, "209", priority=2)
    Agent.objects.filter(pk=backup.pk).update(idle_since=timezone.now() - timedelta(hours=1))
    make_agent(queue, "201", priority=1)
    assert call_route(call_id="c1", queue_name="pensionid").extension == "201"


@pytest.mark.django_db
def test_round_robin_remembers_the_last_agent(queue):
    Queue.objects.filter(pk=queue.pk).update(strategy="round_robin")
    agents = [make_agent(queue, ext) for ext in ("201", "202", "203")]
    got = []
    for i in range(5):
        agent = call_route(call_id=f"c{i}", queue_name="pensionid")
        got.append(agent.extension)
        from teenindus.telephony.states import agent_state_set

        agent_state_set(agent=agent, state=AgentState.AVAILABLE, source="test", enforce=False)
    assert got == ["201", "202", "203", "201", "202"]
    assert len(agents) == 3


@pytest.mark.django_db
def test_fewest_calls_today(queue):
    Queue.objects.filter(pk=queue.pk).update(strategy="fewest_calls")
    busy, quiet = make_agent(queue, "201"), make_agent(queue, "202")
    today = timezone.localdate()
    Agent.objects.filter(pk=busy.pk).update(calls_today=12, calls_day=today)
    Agent.objects.filter(pk=quiet.pk).update(
        calls_today=40, calls_day=today - timedelta(days=1)
    )  # yesterday's
    assert call_route(call_id="c1", queue_name="pensionid").extension == "202"


@pytest.mark.django_db
def test_unanswered_ringing_goes_to_missed_and_the_call_is_routed_again(queue):
    first, second = make_agent(queue, "201"), make_agent(queue, "202")
    Agent.objects.filter(pk=second.pk).update(idle_since=timezone.now())
    assert call_route(call_id="c1", queue_name="pensionid") == first
    Agent.objects.filter(pk=first.pk).update(ringing_until=timezone.now() - timedelta(seconds=1))
    assert ring_timeouts_expire() == ["c1"]
    first.refresh_from_db()
    assert first.state == AgentState.MISSED
    assert TelephonyEvent.objects.filter(kind="noanswer", call_id="c1").exists()
    assert call_route(call_id="c1", queue_name="pensionid") == second


@pytest.mark.django_db
def test_agents_not_available_are_not_routed(queue):
    make_agent(queue, "201", available=False)
    with pytest.raises(ConflictError):
        call_route(call_id="c1", queue_name="pensionid")
    with pytest.raises(ValidationFailed):
        call_route(call_id="", queue_name="pensionid")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_route_requests_never_share_an_agent(queue):
    agents = [make_agent(queue, str(300 + i)) for i in range(20)]
    results: list[str] = []
    failures: list[str] = []
    start = threading.Barrier(32)

    def worker(n: int) -> None:
        try:
            start.wait()
            for k in range(2):
                try:
                    results.append(call_route(call_id=f"c{n}-{k}", queue_name="pensionid").extension)
                except ConflictError:
                    failures.append(f"c{n}-{k}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == len(agents) and len(set(results)) == len(agents)  # each agent once
    assert len(failures) == 64 - len(agents)
    assert Agent.objects.filter(state=AgentState.RINGING).count() == len(agents)


@pytest.mark.django_db
def test_the_sweep_expires_ringing_without_a_new_call(queue):
    from io import StringIO

    from django.core.management import call_command

    from teenindus.telephony.models import AgentStateMark

    agent = make_agent(queue, "201")
    call_route(call_id="c1", queue_name="pensionid")
    Agent.objects.filter(pk=agent.pk).update(ringing_until=timezone.now() - timedelta(seconds=1))
    out = StringIO()
    call_command("telephony_sweep", stdout=out)
    agent.refresh_from_db()
    assert agent.state == AgentState.MISSED
    assert "ring timeouts: 1" in out.getvalue()
    assert not AgentStateMark.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side prepared statements")
@pytest.mark.django_db
def test_the_claim_and_ingest_statements_are_prepared_once_per_connection(queue):
    """Django switches psycopg's prepared statements off; `prepare=True` was silently ignored and
    the claim parsed and planned for every call until the setting turned them back on."""
    from teenindus.telephony.fold import Event
    from teenindus.telephony.services import telephony_event_ingest

    for ext in ("201", "202"):
        make_agent(queue, ext)
    call_route(call_id="c1", queue_name="pensionid")
    call_route(call_id="c2", queue_name="pensionid")
    telephony_event_ingest(event=Event("e1", "c1", "offered", timezone.now(), "pensionid"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert sum("FOR NO KEY UPDATE OF a SKIP LOCKED" in s for s in prepared) == 1, prepared
    assert len(prepared) >= 3, prepared  # the claim, and ingest's look-ups
    # Django's own statements stay unprepared (a pooler sees only the hot ones).
    assert not any("auth_user" in s or "accounts_user" in s for s in prepared), prepared
