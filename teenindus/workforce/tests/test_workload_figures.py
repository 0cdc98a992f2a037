"""The workload's figures on the hand-made team of workload_world.py, number by number."""

from datetime import date

import pytest
from django.utils import translation

from teenindus.audit.context import AccessContext
from teenindus.audit.models import EMPLOYEE, AccessLog
from teenindus.telephony.selectors import agents_figures
from teenindus.workforce.selectors_workload import Period, default_period, workload_report
from teenindus.workforce.tests.workload_world import MONDAY, TUESDAY, workload_world

pytestmark = pytest.mark.django_db
WEEK = Period(MONDAY, date(2026, 10, 11))


@pytest.fixture
def world(users):
    return workload_world(users)


def report_of(users, world, period=WEEK):
    ctx = AccessContext(actor=users["teamlead"], view="test", purpose="test", channel="ui")
    with translation.override("et"):
        return workload_report(ctx=ctx, unit=world["unit"], period=period)


def by_name(report):
    return {load.name: load for load in report.agents}


def test_the_team_is_the_people_employed_in_the_unit(users, world):
    report = report_of(users, world)
    # The lead holds a position in the unit too; the stranger works in another unit.
    assert [load.name for load in report.agents] == ["Anna Aas", "Bert Berg", "Carl Cedr", "Liis Juht"]
    assert [load.has_agent for load in report.agents] == [True, True, False, False]


def test_occupancy_and_hours_from_rollups_and_the_unrolled_tail(users, world):
    agents = by_name(report_of(users, world))
    anna, bert = agents["Anna Aas"], agents["Bert Berg"]
    # Anna from the rollups: (5 h + 1 h) / (5 h + 1 h + 1 h available); break counts as signed in.
    assert (anna.occupancy, anna.signed_in_hours, anna.acw_share) == (0.8571, 7.5, 0.1667)
    # Bert from his spans (a mark says they are not rolled up yet): 1.5 h / (1.5 h + 2 h).
    assert (bert.occupancy, bert.signed_in_hours, bert.acw_share) == (0.4286, 3.5, 0.3333)
    # The same figures telephony's own agent report gives (one definition).
    telephony = {row["extension"]: row for row in agents_figures(start=MONDAY, end=date(2026, 10, 12))}
    assert (telephony["201"]["occupancy"], telephony["202"]["occupancy"]) == (anna.occupancy, bert.occupancy)
    assert agents["Carl Cedr"].occupancy is None and agents["Carl Cedr"].signed_in_hours == 0


def test_calls_contacts_per_hour_tickets_and_evaluations(users, world):
    agents = by_name(report_of(users, world))
    anna, bert, carl = agents["Anna Aas"], agents["Bert Berg"], agents["Carl Cedr"]
    assert (anna.answered, anna.calls_per_hour) == (40, 5.33)  # 40 / 7.5 h
    assert (bert.answered, bert.calls_per_hour) == (25, 7.14)  # 25 / 3.5 h
    # Contacts of the period (one of Anna's is a week later): 4 / 7.5 h and 1 / 3.5 h.
    assert (anna.contacts, anna.contacts_per_hour) == (4, 0.53)
    assert (bert.contacts, bert.contacts_per_hour) == (1, 0.29)
    # Anna's escalation still open (the other is closed); both assigned to Bert, one open.
    assert (anna.tickets_escalated, anna.tickets_assigned) == (1, 0)
    assert (bert.tickets_escalated, bert.tickets_assigned) == (0, 1)
    # One regular evaluation of Anna's contacts of the period (not the later one, not calibration).
    assert (anna.evaluations, anna.mean_score) == (1, 80.0)
    assert (bert.evaluations, carl.evaluations) == (0, 0)


def test_team_totals_use_the_summed_seconds(users, world):
    team = report_of(users, world).team
    # (5 + 1 + 1 + 0.5) h of handling / (7.5 + 3) h of handling and available.
    assert (team.occupancy, team.signed_in_hours, team.acw_share) == (0.7143, 11.0, 0.2)
    assert (team.answered, team.calls_per_hour, team.contacts, team.contacts_per_hour) == (65, 5.91, 5, 0.45)
    assert (team.tickets_assigned, team.tickets_escalated, team.evaluations) == (1, 1, 1)


def test_handle_time_by_topic(users, world):
    report = report_of(users, world)
    topics = {t.topic: (t.contacts, t.handled, t.mean_handle_seconds) for t in report.topics}
    # Vanaduspension: 4 contacts, 3 linked to handled calls of 240, 340 and 240 s.
    assert topics == {"Pensionid › Vanaduspension": (4, 3, 273.3), "Toetused": (1, 1, 240.0)}
    per_agent = [
        (t.agent, t.topic, t.contacts, t.handled, t.mean_handle_seconds) for t in report.agent_topics
    ]
    assert per_agent == [
        ("Anna Aas", "Pensionid › Vanaduspension", 3, 2, 290.0),
        ("Anna Aas", "Toetused", 1, 1, 240.0),
        ("Bert Berg", "Pensionid › Vanaduspension", 1, 1, 240.0),
    ]


def test_forecast_against_actual_reads_the_newest_forecast_with_its_adjustments(users, world):
    rows = [
        (r.day, r.forecast, r.actual, r.error, r.service_level) for r in report_of(users, world).queue_days
    ]
    assert rows == [
        # 4 × 5 calls, +50 % for the day = 30 against 40 offered: 25 % too low.
        (MONDAY, 30.0, 40, -0.25, 0.5),
        # 4 × 6 calls, slot 40 doubled = 30 against 25 offered: 20 % too high.
        (TUESDAY, 30.0, 25, 0.2, 1.0),
    ]


def test_rostered_against_required_leaves_breaks_and_drafts_out(users, world):
    [monday] = report_of(users, world).staffing
    assert monday.day == MONDAY
    required_rostered = [monday.slots[s] for s in range(40, 48)]
    assert required_rostered == [(3, 2), (3, 2), (3, 1), (3, 1), (3, 2), (3, 2), (1, 2), (1, 2)]
    # Anna 8 h (8.5 less the break), Bert 8 h; required 6 × 3 + 2 × 1 intervals; 8 intervals short.
    assert (monday.required_hours, monday.rostered_hours, monday.short_hours) == (5.0, 16.0, 2.0)


def test_a_period_with_nothing_in_it(users, world):
    report = report_of(users, world, Period(date(2026, 9, 1), date(2026, 9, 7)))
    assert report.queue_days == [] and report.staffing == [] and report.proposals == []
    assert report.team.occupancy is None and report.topics == []


def test_the_named_agents_are_logged(users, world):
    report_of(users, world)
    logged = set(
        AccessLog.objects.filter(
            action="workload", subject_type=EMPLOYEE, actor=users["teamlead"]
        ).values_list("subject_id", flat=True)
    )
    people = world["people"]
    assert {people["anna"].pk, people["bert"].pk, people["carl"].pk} <= {int(pk) for pk in logged}
    assert str(world["stranger"].pk) not in {str(pk) for pk in logged}


def test_default_period_is_the_last_four_full_weeks():
    assert default_period(date(2026, 11, 23)) == Period(date(2026, 10, 26), date(2026, 11, 22))
    assert default_period(date(2026, 11, 29)) == Period(date(2026, 10, 26), date(2026, 11, 22))
    assert default_period(date(2026, 11, 30)) == Period(date(2026, 11, 2), date(2026, 11, 29))
