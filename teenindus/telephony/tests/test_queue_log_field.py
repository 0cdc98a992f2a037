"""queue_logs as real PBXs write them: one hand-written log per case, figures worked out by hand."""

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from teenindus.audit.models import ChangeEvent
from teenindus.org.models import Employee
from teenindus.telephony.agent_names import interface_map
from teenindus.telephony.models import Agent, AgentStateChange, Call, Interface, Queue
from teenindus.telephony.selectors import calls_waiting
from teenindus.telephony.sweep import telephony_sweep
from teenindus.telephony.tests.test_queue_log_import import line, run_import, stats, write

pytestmark = pytest.mark.django_db
DAY = "2026-11-19"
NEXT = "2026-11-20"


@pytest.fixture
def queues(db):
    return (
        Queue.objects.create(name="pensionid", sl_threshold_seconds=20, short_abandon_seconds=5),
        Queue.objects.create(name="peretoetused", sl_threshold_seconds=20, short_abandon_seconds=5),
    )


def states(agent: Agent) -> list[tuple[str, str, bool]]:
    """(start HH:MM:SS local, state, cut at the log's end) of the agent's spans."""
    from django.utils import timezone

    return [
        (timezone.localtime(s.started_at).strftime("%H:%M:%S"), s.state, s.cut_at_log_end)
        for s in AgentStateChange.objects.filter(agent=agent).order_by("started_at", "id")
    ]


def day_figures(queue="pensionid", agent=None) -> dict:
    rows = stats(DAY, NEXT, "day", queue=queue, agent=agent)
    return rows[0] if rows else {}


# --- one person, two agents ---------------------------------------------------------------------

# Default Asterisk (log_membername_as_agent = no): SIP/1001 joins and leaves, "Sathish" pauses and
# answers. His pause of all queues is written PAUSEALL by interface and PAUSE by name, same second.
SATHISH = [
    line(f"{DAY} 09:00:00", "NONE", "pensionid", "SIP/1001", "ADDMEMBER", ""),
    line(f"{DAY} 09:10:00", "NONE", "NONE", "SIP/1001", "PAUSEALL", ""),
    line(f"{DAY} 09:10:00", "NONE", "pensionid", "Sathish", "PAUSE", "Lõuna"),
    line(f"{DAY} 09:20:00", "NONE", "NONE", "SIP/1001", "UNPAUSEALL", ""),
    line(f"{DAY} 09:20:00", "NONE", "pensionid", "Sathish", "UNPAUSE", ""),
    line(f"{DAY} 09:30:00", "S1", "pensionid", "NONE", "ENTERQUEUE", "", "5551001", "1"),
    line(f"{DAY} 09:30:10", "S1", "pensionid", "Sathish", "CONNECT", "10", "S1b", "3"),
    line(f"{DAY} 09:40:10", "S1", "pensionid", "Sathish", "COMPLETECALLER", "10", "600", "1"),
    line(f"{DAY} 10:00:00", "NONE", "pensionid", "SIP/1001", "REMOVEMEMBER", ""),
]


def test_a_member_name_is_paired_by_the_pauses_of_all_queues(tmp_path, queues):
    report = run_import(write(tmp_path, SATHISH))
    assert report["paired"] == [{"name": "Sathish", "agent": "SIP/1001 (1001)"}]
    assert report["unpaired"] == [] and report["new_agents"] == ["SIP/1001"]
    agent = Agent.objects.get()  # one person, one agent
    assert Interface.objects.get(name="Sathish").agent == agent
    assert Call.objects.get(call_id="S1").agent == agent
    assert [s[1] for s in states(agent)] == [
        "available",  # 09:00 ADDMEMBER
        "break",  # 09:10 PAUSEALL
        "break",  # 09:10 PAUSE (the same moment, by name)
        "available",
        "available",  # 09:20 UNPAUSEALL, UNPAUSE
        "on_call",  # 09:30:10
        "available",  # 09:40:10
        "offline",  # 10:00 REMOVEMEMBER closes the day
    ]
    agent.refresh_from_db()
    assert agent.state == "offline"
    # 600 s on the call of 3600 s signed in, 600 s on a break: occupancy 600 / (600 + 2400).
    figures = day_figures()
    assert figures["answered"] == 1 and figures["occupancy"] == 0.2 and figures["utilisation"] == 0.1667


def test_a_member_name_is_paired_with_the_agent_or_employee_of_that_name(tmp_path, queues):
    employee = Employee.objects.create(first_name="Sathish", last_name="Kumar")
    agent = Agent.objects.create(name="S. Kumar", extension="1001", employee=employee)
    no_pause_all = [row for row in SATHISH if "PAUSEALL" not in row]
    report = run_import(write(tmp_path, no_pause_all))
    assert report["paired"] == [{"name": "Sathish", "agent": "S. Kumar (1001)"}]
    assert Agent.objects.get() == agent and Call.objects.get(call_id="S1").agent == agent


# Mari answers as "Mari" and nothing in the log ties her to SIP/1002.
MARI = [
    line(f"{DAY} 09:00:00", "NONE", "pensionid", "SIP/1002", "ADDMEMBER", ""),
    line(f"{DAY} 09:30:00", "M1", "pensionid", "NONE", "ENTERQUEUE", "", "5551002", "1"),
    line(f"{DAY} 09:30:05", "M1", "pensionid", "Mari", "CONNECT", "5", "M1b", "2"),
    line(f"{DAY} 09:45:05", "M1", "pensionid", "Mari", "COMPLETEAGENT", "5", "900", "1"),
    line(f"{DAY} 10:00:00", "NONE", "pensionid", "SIP/1002", "REMOVEMEMBER", ""),
    line(f"{DAY} 11:00:00", "M2", "pensionid", "NONE", "ENTERQUEUE", "", "5551003", "1"),
    line(f"{DAY} 11:00:20", "M2", "pensionid", "NONE", "ABANDON", "1", "1", "20"),
]


def test_a_name_left_unpaired_is_listed_and_mapping_it_refolds_states_and_rollups(tmp_path, queues, users):
    report = run_import(write(tmp_path, MARI))
    assert report["paired"] == []
    assert report["unpaired"] == [
        {"name": "Mari", "first_line": 3, "first": MARI[2], "last_line": 4, "last": MARI[3]}
    ]
    mari = Agent.objects.get(name="Mari")
    interface = Interface.objects.get(name="Mari")
    assert (interface.first_line, interface.last_line) == (MARI[2], MARI[3])
    # Her available state is closed at the log's last line (11:00:20) and flagged, not left open.
    assert states(mari) == [("09:30:05", "on_call", False), ("09:45:05", "available", True)]
    assert AgentStateChange.objects.get(agent=mari, state="available").ended_at.timestamp() == float(
        MARI[-1].split("|")[0]
    )
    # The queue's occupancy misses her call: SIP/1002 has the queue's skill, Mari has not.
    before = day_figures()
    assert before["answered"] == 1 and before["occupancy"] == 0.0

    sip = Agent.objects.get(extension="1002")
    interface_map(name="Mari", agent=sip, actor=users["admin"])
    assert not Agent.objects.filter(name="Mari").exists()  # the agent made for the name is gone
    assert Call.objects.get(call_id="M1").agent == sip
    assert states(sip) == [
        ("09:00:00", "available", False),
        ("09:30:05", "on_call", False),
        ("09:45:05", "available", False),
        ("10:00:00", "offline", False),  # REMOVEMEMBER now ends her available time
    ]
    # 900 s on the call, 2700 s available: occupancy 0.25; the same before and after the sweep.
    after = day_figures()
    assert after["occupancy"] == 0.25 and after["answered"] == 1
    assert day_figures(agent="1002")["answered"] == 1
    telephony_sweep()
    assert day_figures() == after
    assert ChangeEvent.objects.filter(event="interface.map").count() == 1
    # Mapping it again to the same agent changes nothing.
    interface_map(name="Mari", agent=sip, actor=users["admin"])
    assert ChangeEvent.objects.filter(event="interface.map").count() == 1


def test_the_extension_table_in_the_admin_maps_a_name(tmp_path, queues, client_for):
    run_import(write(tmp_path, MARI))
    sip = Agent.objects.get(extension="1002")
    interface = Interface.objects.get(name="Mari")
    client = client_for("admin")
    listing = client.get(reverse("admin:telephony_interface_changelist"), {"mapped": "no"})
    assert listing.status_code == 200 and "Mari" in listing.content.decode()
    url = reverse("admin:telephony_interface_change", args=[interface.pk])
    response = client.post(url, {"agent": sip.pk})
    assert response.status_code == 302
    assert Call.objects.get(call_id="M1").agent == sip
    assert AgentStateChange.objects.filter(agent=sip, interface="Mari").count() == 2


def test_a_grown_file_continues_a_state_closed_at_the_last_line(tmp_path, queues):
    run_import(write(tmp_path, MARI[:4]))  # the log ends at 09:45:05 while SIP/1002 is available
    sip = Agent.objects.get(extension="1002")
    assert states(sip) == [("09:00:00", "available", True)]
    run_import(write(tmp_path, MARI))
    assert states(sip) == [("09:00:00", "available", False), ("10:00:00", "offline", False)]


# --- NUL bytes, duplicates, other verbs -----------------------------------------------------------


def test_nul_padding_is_stripped_and_the_line_read(tmp_path, queues):
    lines = [
        "\x00" * 37 + line(f"{DAY} 10:00:00", "N1", "pensionid", "NONE", "ENTERQUEUE", "", "5551004", "1"),
        line(f"{DAY} 10:00:30", "N1", "pensionid", "NONE", "ABANDON", "1", "1", "30") + "\x00\x00",
    ]
    report = run_import(write(tmp_path, lines))
    assert report["errors"] == [] and report["nul_lines"] == 2
    assert Call.objects.get(call_id="N1").outcome == "abandoned"


def test_asterisk_verbs_are_understood_or_ignored_and_the_did_is_kept(tmp_path, queues):
    enter = line(f"{DAY} 10:00:01", "D1", "pensionid", "NONE", "ENTERQUEUE", "", "5551005", "1")
    lines = [
        line(f"{DAY} 08:00:00", "NONE", "NONE", "NONE", "CONFIGRELOAD", ""),
        line(f"{DAY} 10:00:00", "D1", "NONE", "NONE", "DID", "6123456"),
        line(f"{DAY} 10:00:00", "D1", "pensionid", "NONE", "INFO", "REDIRECT"),
        enter,
        enter,  # byte-identical: written twice
        line(f"{DAY} 10:00:03", "D1", "pensionid", "SIP/1003", "RINGCANCELED", "2000"),
        line(f"{DAY} 10:00:05", "D1", "pensionid", "SIP/1004", "CONNECT", "4", "D1b", "2"),
        line(f"{DAY} 10:01:05", "D1", "pensionid", "SIP/1004", "COMPLETECALLER", "4", "60", "1"),
        line(f"{DAY} 10:02:00", "D2", "pensionid", "SIP/1004", "AGENTDUMP", ""),
        line(f"{DAY} 10:03:00", "NONE", "pensionid", "SIP/1004", "PENALTY", "2"),
        line(f"{DAY} 10:04:00", "NONE", "pensionid", "SIP/1004", "RINGINUSE", "0"),
    ]
    report = run_import(write(tmp_path, lines))
    assert report["unknown_events"] == {} and report["errors"] == []
    assert report["ignored_events"] == {
        "CONFIGRELOAD": 1,
        "INFO": 1,
        "RINGCANCELED": 1,
        "AGENTDUMP": 1,
        "PENALTY": 1,
        "RINGINUSE": 1,
    }
    assert report["duplicates"] == 1
    call = Call.objects.get(call_id="D1")
    assert call.did == "6123456" and call.outcome == "answered" and call.talk_seconds == 60
    assert day_figures()["offered"] == 1
    assert not Agent.objects.filter(extension="1003").exists()  # an ignored line makes no agent


def test_added_paused_is_a_break(tmp_path, queues):
    lines = [
        line(f"{DAY} 09:00:00", "NONE", "pensionid", "SIP/1005", "ADDMEMBER", "PAUSED"),
        line(f"{DAY} 09:15:00", "NONE", "pensionid", "SIP/1005", "UNPAUSE", ""),
        line(f"{DAY} 09:30:00", "NONE", "pensionid", "SIP/1005", "REMOVEMEMBER", ""),
    ]
    run_import(write(tmp_path, lines))
    agent = Agent.objects.get(extension="1005")
    assert [s[1] for s in states(agent)] == ["break", "available", "offline"]
    assert day_figures()["utilisation"] == 0.0 and day_figures()["occupancy"] == 0.0  # 15 min each


# --- calls ------------------------------------------------------------------------------------


def test_failover_is_a_queue_call_per_entry_linked_by_the_customer_call(tmp_path, queues):
    lines = [
        line(f"{DAY} 10:00:00", "F1", "pensionid", "NONE", "ENTERQUEUE", "", "5551006", "1"),
        line(f"{DAY} 10:00:30", "F1", "pensionid", "NONE", "EXITWITHTIMEOUT", "1", "1", "30"),
        line(f"{DAY} 10:00:30", "F1", "peretoetused", "NONE", "ENTERQUEUE", "", "5551006", "1"),
        line(f"{DAY} 10:00:45", "F1", "peretoetused", "SIP/1006", "CONNECT", "15", "F1b", "2"),
        line(f"{DAY} 10:02:45", "F1", "peretoetused", "SIP/1006", "COMPLETECALLER", "15", "120", "1"),
    ]
    path = write(tmp_path, lines)
    assert run_import(path)["calls"] == 2
    first, second = Call.objects.get(call_id="F1"), Call.objects.get(call_id="F1#2")
    assert (first.queue.name, first.outcome, first.wait_seconds, first.agent) == (
        "pensionid",
        "timed_out",
        30,
        None,
    )
    assert (second.queue.name, second.outcome, second.wait_seconds) == ("peretoetused", "answered", 15)
    assert second.talk_seconds == 120 and second.agent.extension == "1006"
    assert {first.customer_call_id, second.customer_call_id} == {"F1"} and (first.entry, second.entry) == (
        1,
        2,
    )
    one = day_figures("pensionid")
    two = day_figures("peretoetused")
    assert (one["offered"], one["timed_out"], one["answered"]) == (1, 1, 0)
    assert (two["offered"], two["answered"], two["asa_seconds"]) == (1, 1, 15.0)
    run_import(path)
    assert Call.objects.count() == 2 and day_figures("peretoetused") == two


@pytest.mark.parametrize(
    ("transfer", "talk"),
    [
        (["LINK", "SIP/1007-00000a1", "Local/1010@from-internal-00000b2;1", "12", "95", "1"], 95),
        (["BRIDGE", "5a6e8f1c-2c3d-4e5f-8a9b-0c1d2e3f4a5b", "12", "80", "1"], 80),
    ],
)
def test_attended_transfer_fields_are_read_by_method(tmp_path, queues, transfer, talk):
    lines = [
        line(f"{DAY} 10:00:00", "T1", "pensionid", "NONE", "ENTERQUEUE", "", "5551007", "1"),
        line(f"{DAY} 10:00:12", "T1", "pensionid", "SIP/1007", "CONNECT", "12", "T1b", "1"),
        line(f"{DAY} 10:03:00", "T1", "pensionid", "SIP/1007", "ATTENDEDTRANSFER", *transfer),
    ]
    run_import(write(tmp_path, lines))
    call = Call.objects.get(call_id="T1")
    assert (call.wait_seconds, call.talk_seconds, call.transferred) == (12, talk, True)


def test_withdraw_ends_the_wait_and_is_counted_apart(tmp_path, queues):
    lines = [
        line(f"{DAY} 10:00:00", "W1", "pensionid", "NONE", "ENTERQUEUE", "", "5551008", "1"),
        line(f"{DAY} 10:00:40", "W1", "pensionid", "NONE", "WITHDRAW", "1", "1", "40", "callback"),
    ]
    run_import(write(tmp_path, lines))
    call = Call.objects.get(call_id="W1")
    assert (call.outcome, call.wait_seconds) == ("withdrawn", 40) and calls_waiting() == []
    figures = day_figures()
    assert (figures["offered"], figures["withdrawn"], figures["abandoned"], figures["timed_out"]) == (
        1,
        1,
        0,
        0,
    )
    telephony_sweep()
    assert day_figures()["withdrawn"] == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_mappings_at_once_refold_once(tmp_path, queues):
    run_import(write(tmp_path, MARI))
    sip = Agent.objects.get(extension="1002")
    start, errors = threading.Barrier(4), []

    def remap() -> None:
        try:
            start.wait()
            interface_map(name="Mari", agent=sip, actor=None)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=remap) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [] and not any(t.is_alive() for t in threads)
    assert ChangeEvent.objects.filter(event="interface.map").count() == 1
    assert [s[1] for s in states(sip)] == ["available", "on_call", "available", "offline"]
    assert Call.objects.get(call_id="M1").agent == sip and day_figures()["occupancy"] == 0.25
