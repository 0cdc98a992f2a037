"""Each kind of proposal appears when its condition holds, with its numbers, and not otherwise;
proposals are ranked by size."""

from datetime import date

import pytest

from teenindus.workforce.models import ForecastAdjustment, Shift
from teenindus.workforce.proposals_workload import (
    FORECAST,
    OCCUPANCY,
    SERVICE_LEVEL,
    STAFFING,
)
from teenindus.workforce.tests.roster_helpers import publish_as_is
from teenindus.workforce.tests.test_workload_figures import report_of
from teenindus.workforce.tests.workload_world import MONDAY, at, workload_world

pytestmark = pytest.mark.django_db
NB = "\u00a0"


@pytest.fixture
def world(users):
    return workload_world(users)


def kinds(report) -> list[str]:
    return [p.kind for p in report.proposals]


def test_every_kind_in_estonian_with_its_numbers_largest_first(users, world):
    report = report_of(users, world)
    # Sizes: staffing 1.33 / 3 = 0.44; SL (80 − 50) / 80 = 0.375; forecast 10 / 40 = 0.25;
    # occupancy (85.71 − 85) / 85 = 0.008.
    assert kinds(report) == [STAFFING, SERVICE_LEVEL, FORECAST, OCCUPANCY]
    texts = [p.text for p in report.proposals]
    assert texts == [
        "Esmaspäev 10:00–11:30: keskmiselt 1,3 agenti puudu (vaja 3,0, graafikus 1,7), 1 päeval: 05.10.2026.",
        f"Järjekord Pensionid: teenindustase alla eesmärgi 80,0{NB}% 1 päeval (05.10.2026); "
        f"sel päeval 40 kõnet, teenindustase 50,0{NB}%.",
        f"Järjekord Pensionid: prognoos alahindas kõnede arvu üle 10{NB}% 1 päeval (05.10.2026): "
        f"prognoos 30,0, saabus 40 kõnet (25,0{NB}% vähem).",
        f"Anna Aas: hõivatus perioodil 85,7{NB}%, üle meeskonna ülempiiri 85,0{NB}% "
        "(sisse logitud 7,5 tundi, vastatud 40 kõnet).",
    ]
    assert report.proposals[0].details == ["05.10.2026: vaja 3,0, graafikus 1,7"]
    assert report.proposals[2].details == [f"05.10.2026: prognoos 30,0, saabunud 40 (viga -25,0{NB}%)"]
    assert [round(p.size, 4) for p in report.proposals] == [0.4444, 0.375, 0.25, 0.0084]


def test_no_staffing_proposal_when_the_roster_covers_the_requirement(users, world):
    # Carl 10:00–11:30 in the published roster: 3, 3, 2, 2, 3, 3 rostered — Anna's break
    # 10:30–11:00 is still one short; with her break moved to 12:00 nothing is short.
    roster, people = world["roster"], world["people"]
    Shift.objects.create(
        roster=roster,
        employee=people["carl"],
        day=MONDAY,
        starts_at=at(MONDAY, 10),
        ends_at=at(MONDAY, 11, 30),
    )
    publish_as_is(roster)
    report = report_of(users, world)
    [block] = [p for p in report.proposals if p.kind == STAFFING]
    assert block.text.startswith(
        "Esmaspäev 10:30–11:00: keskmiselt 1,0 agenti puudu (vaja 3,0, graafikus 2,0)"
    )
    Shift.objects.filter(employee=people["anna"], roster=roster).update(break_starts_at=at(MONDAY, 12))
    assert STAFFING in kinds(report_of(users, world))  # not published yet: the plan is unchanged
    publish_as_is(roster)
    assert STAFFING not in kinds(report_of(users, world))


def test_short_blocks_of_the_same_weekday_and_time_are_one_proposal(users, world):
    from teenindus.workforce.models import StaffingInterval

    # The next Monday (a second week of the same plan and roster) is short at the same time.
    roster = world["roster"]
    roster.weeks = 2
    roster.save()
    plan = roster.plan
    next_monday = date(2026, 10, 12)
    StaffingInterval.objects.bulk_create(
        StaffingInterval(
            plan=plan,
            local_date=next_monday,
            slot=s,
            contacts=1,
            aht_seconds=1,
            agents_on_phones=1,
            agents_required=3,
            service_level=1,
            asa_seconds=1,
            occupancy=1,
        )
        for s in range(40, 46)
    )
    from teenindus.workforce.selectors_workload import Period

    report = report_of(users, world, Period(MONDAY, date(2026, 10, 18)))
    [block] = [p for p in report.proposals if p.kind == STAFFING]
    # 05.10: 1.33 short of 3; 12.10: nobody rostered, 3 short of 3 → 2.17 short on average.
    assert block.text == (
        "Esmaspäev 10:00–11:30: keskmiselt 2,2 agenti puudu (vaja 3,0, graafikus 0,8), 2 päeval: "
        "05.10.2026, 12.10.2026."
    )


def test_no_service_level_proposal_at_or_above_the_target(users, world):
    settings = world["settings"]
    settings.target_sl_percent = 50
    settings.save()
    assert SERVICE_LEVEL not in kinds(report_of(users, world))
    settings.target_sl_percent = 51
    settings.save()
    assert SERVICE_LEVEL in kinds(report_of(users, world))


def test_no_service_level_proposal_on_a_day_with_few_calls(users, world):
    from teenindus.telephony.models import Call
    from teenindus.telephony.rollups import call_intervals_refresh
    from teenindus.workforce.proposals_workload import SL_MIN_CALLS

    # 19 calls left on Monday, none answered in time (SL 0 %): too few to judge a day by.
    calls = Call.objects.filter(call_id__in=[f"mon-{i}" for i in range(21)])
    slots = {(c.queue_id, c.local_date, c.slot) for c in calls}
    calls.delete()
    call_intervals_refresh(slots)
    report = report_of(users, world)
    monday = report.queue_days[0]
    assert (monday.sl_base, monday.service_level) == (19, 0.0) and SL_MIN_CALLS == 20
    assert SERVICE_LEVEL not in kinds(report)


def test_no_occupancy_proposal_at_or_below_the_maximum(users, world):
    settings = world["settings"]
    settings.max_occupancy_percent = 86
    settings.save()
    assert OCCUPANCY not in kinds(report_of(users, world))


def test_no_forecast_proposal_when_the_forecast_is_within_ten_percent(users, world):
    # +65 % for the day: 4 × 5 × 1.65 = 33 against 40 offered is 17.5 % too low; +80 %: 36, 10 % — not more.
    ForecastAdjustment.objects.filter(pk=world["day_adjustment"].pk).update(percent=65)
    assert FORECAST in kinds(report_of(users, world))
    ForecastAdjustment.objects.filter(pk=world["day_adjustment"].pk).update(percent=80)
    assert FORECAST not in kinds(report_of(users, world))


def test_english_proposals(users, world):
    from django.utils import translation

    from teenindus.audit.context import AccessContext
    from teenindus.workforce.selectors_workload import workload_report
    from teenindus.workforce.tests.test_workload_figures import WEEK

    ctx = AccessContext(actor=users["teamlead"], view="test", purpose="test", channel="ui")
    with translation.override("en"):
        report = workload_report(ctx=ctx, unit=world["unit"], period=WEEK)
    assert report.proposals[0].text == (
        "Monday 10:00–11:30: 1.3 agents short on average (required 3.0, rostered 1.7), on 1 day: 05.10.2026."
    )


def test_the_newest_published_roster_of_a_day_is_the_one_read(users, world):
    from datetime import timedelta

    from django.utils import timezone

    from teenindus.workforce.models import Roster

    old = world["roster"]
    newer = Roster.objects.create(
        unit=old.unit,
        first_day=MONDAY,
        weeks=1,
        plan=old.plan,
        status="published",
        publication=1,
        published_at=timezone.now() + timedelta(minutes=1),
    )
    for employee in world["people"].values():  # three people all day, no breaks
        Shift.objects.create(
            roster=newer, employee=employee, day=MONDAY, starts_at=at(MONDAY, 8), ends_at=at(MONDAY, 16)
        )
    publish_as_is(newer)
    report = report_of(users, world)
    assert STAFFING not in kinds(report)
    assert report.staffing[0].rostered_hours == 24.0
