import io
import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from teenindus.audit.models import AccessLog
from teenindus.contacts.models import Contact
from teenindus.telephony import fold
from teenindus.telephony.queue_log import import_queue_log
from teenindus.telephony.routing import call_route
from teenindus.telephony.services import telephony_event_ingest
from teenindus.telephony.simulator import simulate
from teenindus.telephony.tests.conftest import make_agent

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk_agent(users, queue):
    return make_agent(queue, "201", user=users["agent"])


def offer(call_id: str, caller: str, queue="pensionid"):
    telephony_event_ingest(
        event=fold.Event(
            event_id=f"{call_id}-offered",
            call_id=call_id,
            kind="offered",
            at=timezone.now(),
            queue=queue,
            data={"caller": caller},
        )
    )


def test_desk_answers_a_call_finds_the_caller_and_records_the_contact(
    client_for, desk_agent, sentinel, topic
):
    client = client_for("agent")
    offer("c1", "+372 5551 2345")
    call_route(call_id="c1", queue_name="pensionid")
    # The poll notices the new call and shows the caller, found by number (an audited look).
    panel = client.get(reverse("telephony:desk_poll"), {"call": ""})
    assert panel.status_code == 200 and "Sentinella Jälgitavsalu" in panel.content.decode()
    assert (
        AccessLog.objects.filter(customer=sentinel, view="telephony:desk_poll", action="search").count() == 1
    )
    # Polling again with the same call changes nothing and logs nothing more.
    assert client.get(reverse("telephony:desk_poll"), {"call": "c1"}).status_code == 204
    client.post(reverse("telephony:desk_call", args=["answer"]))
    desk_agent.refresh_from_db()
    assert desk_agent.state == "on_call"
    response = client.post(
        reverse("telephony:desk_contact"),
        {
            "call_id": "c1",
            "topic": topic.pk,
            "outcome": "solved",
            "note": "Selgitasin",
            "customer": sentinel.pk,
        },
        follow=True,
    )
    assert "Pöördumine salvestatud." in response.content.decode()
    contact = Contact.objects.get()
    assert (contact.customer, contact.queue, contact.channel, contact.handled_by.username) == (
        sentinel,
        "pensionid",
        "phone",
        "agent",
    )
    again = client.post(
        reverse("telephony:desk_contact"),
        {"call_id": "c1", "topic": topic.pk, "outcome": "solved"},
        follow=True,
    )
    assert "See kõne on juba kirja pandud." in again.content.decode() and Contact.objects.count() == 1
    client.post(reverse("telephony:desk_call", args=["hangup"]))
    desk_agent.refresh_from_db()
    assert desk_agent.state == "acw"
    client.post(reverse("telephony:desk_state"), {"state": "available"})
    desk_agent.refresh_from_db()
    assert desk_agent.state == "available"
    # The contact shows on the customer's card history, which is itself an audited look.
    history = client.get(reverse("contacts:customer_history", args=[sentinel.pk])).content.decode()
    assert "Selgitasin" in history and "Pensionid › Vanaduspension" in history


def test_desk_refuses_a_move_that_is_not_allowed(client_for, desk_agent):
    client = client_for("agent")
    response = client.post(reverse("telephony:desk_state"), {"state": "acw"}, follow=True)
    assert "Nõustaja ei saa minna olekust „Vaba” olekusse „Järeltöö”." in response.content.decode()
    desk_agent.refresh_from_db()
    assert desk_agent.state == "available"


def test_a_user_who_is_no_agent_is_told_so(client_for, queue):
    response = client_for("teamlead").get(reverse("telephony:desk"))
    assert "ei ole infotelefoni nõustajana seadistatud" in response.content.decode()


@pytest.fixture
def traffic(queue):
    start = timezone.localdate() - timedelta(days=7)
    report = import_queue_log(simulate(start=start, days=7, agents=4, seed=1))
    return start, report


def test_dashboard_draws_charts_and_lists_agents(client_for, traffic):
    start, _report = traffic
    client = client_for("teamlead")
    response = client.get(
        reverse("telephony:dashboard"),
        {"start": start.isoformat(), "end": timezone.localdate().isoformat(), "granularity": "day"},
    )
    html = response.content.decode()
    assert html.count('<svg class="chart"') == 3 and "<rect" in html and "<polyline" in html
    assert "PJSIP/201" in html  # agents from the log, unmapped until linked
    assert client_for("agent").get(reverse("telephony:dashboard")).status_code == 403


def test_now_panel(client_for, queue):
    offer("w1", "5550001")
    response = client_for("teamlead").get(reverse("telephony:dashboard_now"))
    assert '<strong id="now-waiting">1</strong>' in response.content.decode()


def test_exports_are_real_files_with_the_same_figures(client_for, traffic):
    start, _report = traffic
    end = timezone.localdate()
    query = {"start": start.isoformat(), "end": end.isoformat(), "granularity": "day"}
    client = client_for("teamlead")
    api_rows = client.get("/api/v1/stats/calls", query).json()
    xlsx = client.get(reverse("telephony:stats_export", args=["calls", "xlsx"]), query)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("Teenindustase (SL) = ")
    assert len(rows[1]) == len(api_rows[0]) and rows[1][:2] == ("Perioodi algus", "Saabunud")
    assert [r[1] for r in rows[2:]] == [r["offered"] for r in api_rows]
    assert [r[7] for r in rows[2:]] == [r["service_level"] for r in api_rows]
    csv_text = client.get(reverse("telephony:stats_export", args=["agents", "csv"]), query).content.decode(
        "utf-8-sig"
    )
    assert csv_text.splitlines()[0].startswith("Nõustaja,Sisenumber,Vastatud")  # no definition: no SL here
    assert client.get(reverse("telephony:stats_export", args=["calls", "pdf"]), query).status_code == 400


def test_api_and_command_give_the_same_rows(client_for, traffic):
    start, _report = traffic
    end = timezone.localdate()
    query = {"start": start.isoformat(), "end": end.isoformat(), "granularity": "hour", "queue": "pensionid"}
    api_rows = client_for("teamlead").get("/api/v1/stats/calls", query).json()
    out = StringIO()
    call_command(
        "call_stats",
        "--start",
        query["start"],
        "--end",
        query["end"],
        "--granularity",
        "hour",
        "--queue",
        "pensionid",
        "--json",
        stdout=out,
    )
    assert json.loads(out.getvalue()) == api_rows and len(api_rows) > 20


def test_rollups_equal_the_raw_calls(traffic):
    from teenindus.telephony.selectors import calls_stats, calls_stats_from_raw

    start, _report = traffic
    end = timezone.localdate()
    for granularity in ("15m", "day", "week"):
        rolled = calls_stats(start=start, end=end, granularity=granularity)
        raw = calls_stats_from_raw(start=start, end=end, granularity=granularity)
        keep = [k for k in raw[0] if k not in ("occupancy", "utilisation")]
        assert [{k: r[k] for k in keep} for r in rolled if r["offered"]] == [
            {k: r[k] for k in keep} for r in raw
        ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"start": "2026-11-10", "end": "2026-11-09"}, "end"),
        ({"start": "2026-11-10", "end": "2026-11-12", "queue": "olematu"}, "queue"),
        ({"start": "2026-11-10", "end": "2026-11-12", "agent": "999"}, "agent"),
        ({"start": "2026-11-10", "end": "2026-11-12", "granularity": "year"}, "granularity"),
        ({"start": "10.11.2026", "end": "2026-11-12"}, "start"),
    ],
)
def test_stats_api_bad_input(client_for, queue, query, field):
    response = client_for("teamlead").get("/api/v1/stats/calls", query)
    assert response.status_code == 422 and response.json()["field"] == field


def test_simulator_is_reproducible_and_realistic():
    from datetime import date

    lines = list(simulate(start=date(2026, 11, 16), days=7, agents=6, seed=5))
    assert lines == list(simulate(start=date(2026, 11, 16), days=7, agents=6, seed=5))
    entered = [line for line in lines if "|ENTERQUEUE|" in line]
    abandoned = [line for line in lines if "|ABANDON|" in line]
    assert 1000 < len(entered) < 3000  # about 7 calls an hour for each agent, weekdays only
    assert 0.01 < len(abandoned) / len(entered) < 0.3
    epochs = [int(line.split("|")[0]) for line in lines]
    assert epochs == sorted(epochs)


def _answered_call(client, call_id: str, caller: str) -> None:
    offer(call_id, caller)
    call_route(call_id=call_id, queue_name="pensionid")
    client.get(reverse("telephony:desk_poll"), {"call": ""})  # the caller lookup (audited)
    client.post(reverse("telephony:desk_call", args=["answer"]))


def test_only_the_agent_who_answered_or_a_team_lead_records_the_call(client_for, desk_agent, sentinel, topic):
    from django.test import Client

    from conftest import make_user
    from teenindus.accounts import roles

    _answered_call(client_for("agent"), "c1", "+372 5551 2345")
    other_user = make_user("teine", roles.AGENT)
    make_agent(desk_agent.skills.first().queue, "202", user=other_user)
    other = Client()
    other.force_login(other_user)
    body = {"call_id": "c1", "topic": topic.pk, "outcome": "solved", "note": "võõras kõne"}
    response = other.post(reverse("telephony:desk_contact"), body, follow=True)
    assert "Kõne pöördumise paneb kirja nõustaja, kes kõnele vastas." in response.content.decode()
    assert not Contact.objects.exists()
    lead = client_for("teamlead").post(reverse("telephony:desk_contact"), body, follow=True)
    assert "Pöördumine salvestatud." in lead.content.decode() and Contact.objects.count() == 1


def test_the_customer_must_be_one_found_for_the_call(client_for, desk_agent, users, topic):
    from datetime import date

    from teenindus.customers import services as customer_services

    stranger = customer_services.person_create(
        actor=users["admin"], first_name="Võõras", last_name="Klient", birth_date=date(1980, 1, 1)
    )
    client = client_for("agent")
    _answered_call(client, "c1", "+372 5551 2345")
    body = {"call_id": "c1", "topic": topic.pk, "outcome": "solved", "customer": stranger.pk}
    response = client.post(reverse("telephony:desk_contact"), body, follow=True)
    assert "Vali klient nende hulgast, kes selle kõne jaoks leiti." in response.content.decode()
    assert not Contact.objects.exists()
