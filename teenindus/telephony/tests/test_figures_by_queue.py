"""Occupancy and utilisation with a queue chosen: the agents who serve that queue (an agent's time is
not divided between queues), and the figures page says so."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from teenindus.telephony.tests.test_queue_log_import import DAY, line, run_import, stats, write

pytestmark = pytest.mark.django_db

# 201 serves pensionid and talks 600 s of the hour; 202 serves peretoetused and only waits.
TWO_QUEUES = [
    line(f"{DAY} 09:00:00", "NONE", "pensionid", "PJSIP/201", "ADDMEMBER", ""),
    line(f"{DAY} 09:00:00", "NONE", "peretoetused", "PJSIP/202", "ADDMEMBER", ""),
    line(f"{DAY} 09:10:00", "A", "pensionid", "NONE", "ENTERQUEUE", "", "5551234", "1"),
    line(f"{DAY} 09:10:05", "A", "pensionid", "PJSIP/201", "CONNECT", "5", "A2", "3"),
    line(f"{DAY} 09:20:05", "A", "pensionid", "PJSIP/201", "COMPLETECALLER", "5", "600", "1"),
    line(f"{DAY} 10:00:00", "NONE", "pensionid", "PJSIP/201", "REMOVEMEMBER", ""),
    line(f"{DAY} 10:00:00", "NONE", "peretoetused", "PJSIP/202", "REMOVEMEMBER", ""),
]


def test_choosing_a_queue_changes_occupancy_to_its_agents(tmp_path):
    run_import(write(tmp_path, TWO_QUEUES))
    end = (date.fromisoformat(DAY) + timedelta(days=1)).isoformat()
    pension = stats(DAY, end, "day", queue="pensionid")[0]
    family = stats(DAY, end, "day", queue="peretoetused")[0]
    both = stats(DAY, end, "day")[0]
    # 600 s on the call of 3600 s signed in (the rest available).
    assert pension["occupancy"] == 0.1667 and pension["utilisation"] == 0.1667
    # 202 waited the whole hour in a queue that got no calls.
    assert family["occupancy"] == 0.0 and family["offered"] == 0
    # Both agents: 600 s of 7200 s.
    assert both["occupancy"] == 0.0833


def test_the_figures_page_says_why_occupancy_is_per_agent(client_for, tmp_path):
    run_import(write(tmp_path, TWO_QUEUES))
    response = client_for("teamlead").get(
        reverse("telephony:dashboard"),
        {"start": DAY, "end": "2026-11-20", "granularity": "day", "queue": "pensionid"},
    )
    html = response.content.decode()
    assert 'id="occupancy-note"' in html
    assert "Hõivatus ja kasutatus on töötajate" in html  # in Estonian, like the rest of the page
