"""Hand-built queue_logs whose every figure is worked out by hand in the comments."""

import json
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from teenindus.telephony.models import Agent, AgentStateChange, Call, Interface, Queue, TelephonyEvent

pytestmark = pytest.mark.django_db
TALLINN = ZoneInfo("Europe/Tallinn")


def epoch(text: str, fold: int = 0) -> int:
    """Local Tallinn time 'YYYY-MM-DD HH:MM:SS' as a Unix time (fold=1: the second 03:xx in October)."""
    return int(datetime.fromisoformat(text).replace(tzinfo=TALLINN, fold=fold).timestamp())


def line(when: str, call: str, queue: str, agent: str, event: str, *data, fold: int = 0) -> str:
    return "|".join([str(epoch(when, fold)), call, queue, agent, event, *map(str, data)])


DAY = "2026-11-19"
# Agent 201 joins at 08:55 and leaves at 09:15. All five calls enter in the 09:00-09:15 slot.
MORNING = [
    line(f"{DAY} 08:55:00", "NONE", "pensionid", "PJSIP/201", "ADDMEMBER", ""),
    # A: waits 10 s (within 20 s), talks 180 s.
    line(f"{DAY} 09:00:00", "A", "pensionid", "NONE", "ENTERQUEUE", "", "5551234", "1"),
    line(f"{DAY} 09:00:10", "A", "pensionid", "PJSIP/201", "CONNECT", "10", "A2", "3"),
    line(f"{DAY} 09:03:10", "A", "pensionid", "PJSIP/201", "COMPLETECALLER", "10", "180", "1"),
    # B: waits 30 s (outside 20 s), talks 120 s.
    line(f"{DAY} 09:05:00", "B", "pensionid", "NONE", "ENTERQUEUE", "", "5559999", "1"),
    line(f"{DAY} 09:05:30", "B", "pensionid", "PJSIP/201", "CONNECT", "30", "B2", "2"),
    line(f"{DAY} 09:07:30", "B", "pensionid", "PJSIP/201", "COMPLETEAGENT", "30", "120", "1"),
    # C: hangs up after 3 s (a short abandon). D: after 40 s (an abandon). E: queue timeout at 120 s.
    line(f"{DAY} 09:06:00", "C", "pensionid", "NONE", "ENTERQUEUE", "", "5550003", "2"),
    line(f"{DAY} 09:06:03", "C", "pensionid", "NONE", "ABANDON", "1", "2", "3"),
    line(f"{DAY} 09:10:00", "D", "pensionid", "NONE", "ENTERQUEUE", "", "5550004", "1"),
    line(f"{DAY} 09:10:40", "D", "pensionid", "NONE", "ABANDON", "1", "1", "40"),
    line(f"{DAY} 09:12:00", "E", "pensionid", "NONE", "ENTERQUEUE", "", "5550005", "1"),
    line(f"{DAY} 09:14:00", "E", "pensionid", "NONE", "EXITWITHTIMEOUT", "1", "1", "120"),
    line(f"{DAY} 09:15:00", "NONE", "pensionid", "PJSIP/201", "REMOVEMEMBER", ""),
]
# F enters at 23:59:50 and is answered after midnight: it belongs to the 19th.
MIDNIGHT = [
    line(f"{DAY} 23:59:50", "F", "pensionid", "NONE", "ENTERQUEUE", "", "5550006", "1"),
    line("2026-11-20 00:00:05", "F", "pensionid", "SIP/kadri", "CONNECT", "15", "F2", "2"),
    line("2026-11-20 00:02:05", "F", "pensionid", "SIP/kadri", "COMPLETECALLER", "15", "120", "1"),
]
# 25 October 2026: 03:10 happens twice (EEST, then EET); G and H are an hour apart.
DST = [
    line("2026-10-25 03:10:00", "G", "peretoetused", "NONE", "ENTERQUEUE", "", "5550007", "1", fold=0),
    line("2026-10-25 03:10:04", "G", "peretoetused", "NONE", "ABANDON", "1", "1", "4", fold=0),
    line("2026-10-25 03:10:00", "H", "peretoetused", "NONE", "ENTERQUEUE", "", "5550008", "1", fold=1),
    line("2026-10-25 03:10:30", "H", "peretoetused", "NONE", "ABANDON", "1", "1", "30", fold=1),
]
BAD = ["this is not a queue_log line", "abc|X|pensionid|NONE|ENTERQUEUE", "1763535600|X"]
OTHER = [
    line(f"{DAY} 08:00:00", "NONE", "NONE", "NONE", "CONFIGRELOAD"),
    line(f"{DAY} 08:00:01", "NONE", "NONE", "NONE", "QUEUESTART"),
]


@pytest.fixture
def setup_agents(db):
    Queue.objects.create(name="pensionid", sl_threshold_seconds=20, short_abandon_seconds=5)
    Queue.objects.create(name="peretoetused")
    kadri = Agent.objects.create(name="Kadri Tamm", extension="201")
    Interface.objects.create(name="SIP/kadri", agent=kadri)  # the extension table
    return kadri


def write(tmp_path, lines, name="queue_log"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def run_import(path) -> dict:
    out = StringIO()
    call_command("import_queue_log", str(path), "--json", stdout=out)
    return json.loads(out.getvalue())


def stats(start, end, granularity, queue=None, agent=None) -> list[dict]:
    out = StringIO()
    args = ["call_stats", "--start", start, "--end", end, "--granularity", granularity, "--json"]
    if queue:
        args += ["--queue", queue]
    if agent:
        args += ["--agent", agent]
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


def test_every_figure_of_a_morning(tmp_path, setup_agents):
    report = run_import(write(tmp_path, MORNING))
    assert report["errors"] == [] and report["calls"] == 5
    rows = stats(DAY, "2026-11-20", "15m", queue="pensionid")
    slot = next(r for r in rows if r["period_start"] == "2026-11-19T09:00:00+02:00")
    assert slot == {
        "period_start": "2026-11-19T09:00:00+02:00",
        "offered": 5,
        "answered": 2,
        "abandoned": 1,
        "short_abandoned": 1,
        "timed_out": 1,
        "withdrawn": 0,
        "service_level": 0.25,  # A within 20 s, of 5 offered less 1 short abandon
        "asa_seconds": 20.0,  # (10 + 30) / 2
        "aht_seconds": 150.0,  # (180 + 120) / 2, no after-call work in a queue_log
        "max_wait_seconds": 120.0,  # E
        "abandon_rate": 0.25,  # D / (5 - 1)
        "occupancy": 0.3333,  # 300 s talking / (300 + 600 s available)
        "utilisation": 0.3333,  # 300 s / 900 s signed in
    }
    # 08:45 slot: agent available 5 min, no calls.
    early = next(r for r in rows if r["period_start"] == "2026-11-19T08:45:00+02:00")
    assert early["offered"] == 0 and early["occupancy"] == 0.0 and early["service_level"] is None
    day = stats(DAY, "2026-11-20", "day", queue="pensionid")
    assert len(day) == 1 and day[0]["offered"] == 5 and day[0]["occupancy"] == 0.25  # 300 / 1200


def test_agent_figures_and_states(tmp_path, setup_agents):
    run_import(write(tmp_path, MORNING))
    rows = stats(DAY, "2026-11-20", "day", agent="201")
    assert rows[0]["answered"] == 2 and rows[0]["aht_seconds"] == 150.0 and rows[0]["utilisation"] == 0.25
    states = list(AgentStateChange.objects.filter(agent=setup_agents).values_list("state", flat=True))
    assert states == ["available", "on_call", "available", "on_call", "available", "offline"]
    setup_agents.refresh_from_db()
    assert setup_agents.state == "offline"
    assert Call.objects.get(call_id="A").agent == setup_agents


def test_a_call_crossing_midnight_belongs_to_the_day_it_entered(tmp_path, setup_agents):
    run_import(write(tmp_path, MIDNIGHT))
    call = Call.objects.get(call_id="F")
    assert (str(call.local_date), call.slot) == (DAY, 95)
    assert call.agent == setup_agents  # SIP/kadri through the extension table
    assert stats(DAY, "2026-11-20", "day")[0]["answered"] == 1
    next_day = stats("2026-11-20", "2026-11-21", "day")
    # No call entered on the 20th; the agent's 120 s of talk after midnight are counted there.
    assert next_day[0]["offered"] == 0 and next_day[0]["utilisation"] == 1.0


def test_the_repeated_autumn_hour_is_two_hours(tmp_path, setup_agents):
    run_import(write(tmp_path, DST))
    hours = stats("2026-10-25", "2026-10-26", "hour", queue="peretoetused")
    assert [(h["period_start"], h["short_abandoned"], h["abandoned"]) for h in hours] == [
        ("2026-10-25T03:00:00+03:00", 1, 0),
        ("2026-10-25T03:00:00+02:00", 0, 1),
    ]
    day = stats("2026-10-25", "2026-10-26", "day", queue="peretoetused")
    assert day[0]["offered"] == 2 and day[0]["abandon_rate"] == 1.0  # 1 / (2 - 1)


def test_importing_again_changes_nothing(tmp_path, setup_agents):
    path = write(tmp_path, MORNING + MIDNIGHT)
    run_import(path)
    before = (TelephonyEvent.objects.count(), Call.objects.count(), AgentStateChange.objects.count())
    before_stats = stats(DAY, "2026-11-21", "15m")
    again = run_import(path)
    assert again["new_events"] == 0 and again["known_events"] == len(MORNING + MIDNIGHT)
    assert (TelephonyEvent.objects.count(), Call.objects.count(), AgentStateChange.objects.count()) == before
    assert stats(DAY, "2026-11-21", "15m") == before_stats


def test_a_grown_file_adds_only_the_new_lines(tmp_path, setup_agents):
    # The file is cut between B's answer and its end; then it grows.
    cut = MORNING.index(
        line(f"{DAY} 09:07:30", "B", "pensionid", "PJSIP/201", "COMPLETEAGENT", "30", "120", "1")
    )
    run_import(write(tmp_path, MORNING[:cut]))
    assert Call.objects.get(call_id="B").ended_at is None
    report = run_import(write(tmp_path, MORNING))
    assert report["new_events"] == len(MORNING) - cut - 1  # REMOVEMEMBER is a state change, not an event
    assert Call.objects.get(call_id="B").talk_seconds == 120
    assert stats(DAY, "2026-11-20", "day")[0]["aht_seconds"] == 150.0
    assert stats(DAY, "2026-11-20", "day")[0]["occupancy"] == 0.25


def test_bad_lines_are_reported_by_number_and_the_rest_imported(tmp_path, setup_agents):
    report = run_import(write(tmp_path, BAD + OTHER + MORNING))
    assert [e["line"] for e in report["errors"]] == [1, 2, 3]
    assert "Unix time" in report["errors"][1]["error"]
    assert report["unknown_events"] == {}  # Asterisk's own verbs are ignored on purpose, not unknown
    assert report["ignored_events"] == {"CONFIGRELOAD": 1, "QUEUESTART": 1}
    assert report["calls"] == 5


def test_unknown_agents_and_queues_are_created_and_listed(tmp_path, setup_agents):
    lines = [
        line(f"{DAY} 10:00:00", "Z", "uus-jarjekord", "NONE", "ENTERQUEUE", "", "5550009", "1"),
        line(f"{DAY} 10:00:05", "Z", "uus-jarjekord", "PJSIP/299", "CONNECT", "5", "Z2", "1"),
    ]
    report = run_import(write(tmp_path, lines))
    assert report["new_agents"] == ["PJSIP/299"] and report["new_queues"] == ["uus-jarjekord"]
    agent = Agent.objects.get(extension="299")
    assert not agent.is_mapped and Call.objects.get(call_id="Z").agent == agent


def test_human_readable_report(tmp_path, setup_agents):
    out, err = StringIO(), StringIO()
    call_command(
        "import_queue_log", str(write(tmp_path, BAD + MORNING)), "--no-progress", stdout=out, stderr=err
    )
    assert "5 calls" in out.getvalue()
    assert "line 2: the time 'abc' is not a Unix time" in err.getvalue()
