"""Staffing plans from forecasts, the team settings page (with its version check), the staffing
pages and the API, on the database."""

import math
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone, translation

from teenindus.core.exceptions import ApplicationError, ConcurrentEditError, NotFound
from teenindus.core.testing import race
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.telephony.models import Call, Queue
from teenindus.workforce import erlang
from teenindus.workforce.models import (
    Forecast,
    ForecastAdjustment,
    ForecastInterval,
    StaffingPlan,
    TeamSettings,
)
from teenindus.workforce.services_staffing import patience_estimate, staffing_plan_build, team_settings_update

DAY = date(2030, 3, 4)
API = "/api/v1/workforce/staffing"


def _forecast(queue, contacts, aht, *, first=DAY, days=1):
    forecast = Forecast.objects.create(
        queue=queue,
        first_day=first,
        last_day=first + timedelta(days=days - 1),
        method="baseline",
        proposed_method="baseline",
    )
    ForecastInterval.objects.bulk_create(
        ForecastInterval(
            forecast=forecast,
            local_date=first + timedelta(days=d),
            slot=s,
            contacts=contacts(s),
            aht_seconds=aht,
        )
        for d in range(days)
        for s in range(96)
    )
    return forecast


@pytest.fixture
def world(users):
    agency = Agency.objects.create(name="Amet")
    unit = Unit.objects.create(agency=agency, name="Kõnekeskus", kind="section")
    other = Unit.objects.create(agency=agency, name="Muu", kind="section")
    lead = Position.objects.create(unit=unit, title="Juht", is_manager=True)
    employee = Employee.objects.create(first_name="Tiim", last_name="Juht", user=users["teamlead"])
    Employment.objects.create(employee=employee, position=lead, start_date=date(2024, 1, 1))
    q1 = Queue.objects.create(name="pension")
    q2 = Queue.objects.create(name="toetused")
    settings = TeamSettings.objects.create(unit=unit)
    settings.queues.set([q1, q2])
    old = _forecast(q1, lambda s: 5.0, 250)
    newest = _forecast(q1, lambda s: 30.0 if s == 40 else 2.0, 300, first=DAY - timedelta(days=1), days=3)
    ForecastAdjustment.objects.create(forecast=newest, local_date=DAY, percent=10, reason="kampaania")
    _forecast(q2, lambda s: 10.0 if s == 40 else 0.0, 200)
    return {"unit": unit, "other": other, "q1": q1, "q2": q2, "old": old, "newest": newest}


def test_plan_pools_the_newest_adjusted_forecasts_and_applies_shrinkage(world, users):
    plan = staffing_plan_build(
        actor=users["teamlead"],
        unit_id=world["unit"].pk,
        first_day=DAY,
        last_day=DAY,
        model="erlang_a",
        patience_seconds=120,
    )
    row = plan.intervals.get(local_date=DAY, slot=40)
    assert row.contacts == pytest.approx(33 + 10)  # 30 × 1.10 (the day's +10 %) + 10; the old forecast unused
    assert row.aht_seconds == pytest.approx((33 * 300 + 10 * 200) / 43)
    expected = erlang.required_agents(43, row.aht_seconds, 900, 0.8, 20, 0.85, 120)
    assert row.agents_on_phones == expected.agents
    assert row.service_level == pytest.approx(expected.service_level)
    assert row.abandon_share == pytest.approx(expected.abandon_share)
    assert row.agents_required == math.ceil(expected.agents / 0.8)  # shrinkage 8 + 3 + 2 + 7 = 20 %
    assert plan.intervals.count() == 96
    quiet = plan.intervals.get(slot=3)
    assert quiet.contacts == pytest.approx(2.2) and quiet.agents_on_phones >= 1
    assert set(plan.forecasts.all()) == {world["newest"], Forecast.objects.get(queue=world["q2"])}
    used = plan.settings_used
    assert used["shrinkage_percent"]["total"] == 20 and used["target_sl_percent"] == 80
    assert used["patience_seconds"] == 120 and used["patience_source"] == "given"


def test_erlang_c_plan(world, users):
    plan = staffing_plan_build(
        actor=users["manager"], unit_id=world["unit"].pk, first_day=DAY, last_day=DAY, model="erlang_c"
    )
    row = plan.intervals.get(slot=40)
    assert row.agents_on_phones == erlang.required_agents(43, row.aht_seconds, 900, 0.8, 20, 0.85).agents
    assert row.abandon_share is None and plan.patience_seconds is None


def test_patience_is_estimated_from_abandons(world, users):
    today = timezone.localdate()
    when = timezone.now() - timedelta(days=3)
    waits = [("abandoned", 30), ("abandoned", 60), ("abandoned", 90)] + [("answered", 10)] * 5
    waits += [("waiting", 500), ("withdrawn", 400)]  # not counted: still waiting, or the system's
    for i, (outcome, wait) in enumerate(waits):
        Call.objects.create(
            call_id=f"c{i}",
            queue=world["q1"],
            entered_at=when,
            local_date=today - timedelta(days=3),
            slot=40,
            outcome=outcome,
            wait_seconds=wait,
        )
    Call.objects.create(  # older than 8 weeks: not counted
        call_id="old",
        queue=world["q2"],
        entered_at=when,
        local_date=today - timedelta(weeks=9),
        slot=40,
        outcome="abandoned",
        wait_seconds=5,
    )
    basis = patience_estimate([world["q1"].pk, world["q2"].pk], until=today)
    assert basis["patience_seconds"] == pytest.approx(230 / 3)
    assert basis["abandoned"] == 3 and basis["calls"] == 8
    plan = staffing_plan_build(actor=users["teamlead"], unit_id=world["unit"].pk, first_day=DAY, last_day=DAY)
    assert plan.patience_seconds == pytest.approx(230 / 3)
    assert plan.settings_used["patience_source"] == "estimated"


def test_without_abandons_patience_must_be_given(world, users):
    with pytest.raises(ApplicationError) as exc:
        staffing_plan_build(actor=users["teamlead"], unit_id=world["unit"].pk, first_day=DAY, last_day=DAY)
    assert exc.value.field == "patience_seconds"
    assert not StaffingPlan.objects.exists()


def test_bad_plans_are_refused_and_change_nothing(world, users):
    build = lambda **kw: staffing_plan_build(  # noqa: E731
        actor=users["teamlead"],
        **({"unit_id": world["unit"].pk, "first_day": DAY, "last_day": DAY, "model": "erlang_c"} | kw),
    )
    with pytest.raises(ApplicationError, match="toetused"):  # q2 has no forecast the next day
        build(last_day=DAY + timedelta(days=1))
    with pytest.raises(ApplicationError):
        build(last_day=DAY - timedelta(days=1))
    with pytest.raises(ApplicationError):
        build(last_day=DAY + timedelta(days=56))
    with pytest.raises(ApplicationError):
        build(model="erlang_a", patience_seconds=0)
    with pytest.raises(NotFound):
        build(unit_id=world["other"].pk)  # not the lead's team
    TeamSettings.objects.create(unit=world["other"])
    with translation.override("en"), pytest.raises(ApplicationError, match="no queues"):
        staffing_plan_build(
            actor=users["manager"], unit_id=world["other"].pk, first_day=DAY, last_day=DAY, model="erlang_c"
        )
    TeamSettings.objects.filter(unit=world["unit"]).delete()
    with pytest.raises(ApplicationError):
        build()
    assert not StaffingPlan.objects.exists()


def _settings_post(version, **changes):
    data = {
        "target_sl_percent": "85",
        "threshold_seconds": "30",
        "max_occupancy_percent": "90",
        "shrinkage_breaks_percent": "10",
        "shrinkage_training_percent": "2",
        "shrinkage_meetings_percent": "2",
        "shrinkage_absence_percent": "6",
        "hours_tolerance": "6",
        "version": str(version),
    }
    return data | changes


def test_settings_page_saves_and_refuses_a_stale_save(world, client_for):
    client = client_for("teamlead")
    url = f"/workforce/teams/{world['unit'].pk}/settings/"
    assert client.get(url).status_code == 200
    response = client.post(url, _settings_post(1, queues=[world["q1"].pk]))
    assert response.status_code == 302
    saved = TeamSettings.objects.get(unit=world["unit"])
    assert (saved.version, saved.target_sl_percent, saved.threshold_seconds) == (2, 85, 30)
    assert list(saved.queues.all()) == [world["q1"]]
    stale = client.post(url, _settings_post(1, target_sl_percent="70"))
    assert stale.status_code == 400
    assert "Nothing was changed" in stale.content.decode() or "Midagi ei muudetud" in stale.content.decode()
    assert TeamSettings.objects.get(unit=world["unit"]).target_sl_percent == 85


@pytest.mark.parametrize(
    "changes",
    [
        {"target_sl_percent": "120"},
        {"target_sl_percent": "0"},
        {"threshold_seconds": "0"},
        {"max_occupancy_percent": "101"},
        {"shrinkage_breaks_percent": "60", "shrinkage_absence_percent": "40"},
    ],
)
def test_settings_bad_input_is_refused(world, client_for, changes):
    response = client_for("teamlead").post(
        f"/workforce/teams/{world['unit'].pk}/settings/", _settings_post(1, **changes)
    )
    assert response.status_code == 400
    saved = TeamSettings.objects.get(unit=world["unit"])
    assert (saved.version, saved.target_sl_percent) == (1, 80)


def test_settings_of_a_new_team_start_at_version_zero(world, users):
    team = team_settings_update(
        actor=users["manager"], unit_id=world["other"].pk, version=0, data=_settings_post(0)
    )
    assert team.version == 1 and team.shrinkage_percent == 20
    with pytest.raises(ConcurrentEditError):
        team_settings_update(
            actor=users["manager"], unit_id=world["other"].pk, version=0, data=_settings_post(0)
        )


def test_pages_are_scoped(world, client_for):
    lead = client_for("teamlead")
    assert lead.get(f"/workforce/teams/{world['other'].pk}/settings/").status_code == 404
    assert lead.get(f"/workforce/staffing/?unit={world['other'].pk}").status_code == 404
    assert client_for("agent").get("/workforce/staffing/").status_code == 403


def test_create_list_and_detail_pages(world, client_for, users):
    lead = client_for("teamlead")
    assert lead.get("/workforce/staffing/new/").status_code == 200
    bad = lead.post(
        "/workforce/staffing/new/",
        {"unit": world["unit"].pk, "first_day": "04.03.2030", "last_day": "05.03.2030", "model": "erlang_c"},
    )
    assert bad.status_code == 400 and "toetused" in bad.content.decode()
    response = lead.post(
        "/workforce/staffing/new/",
        {
            "unit": world["unit"].pk,
            "first_day": "04.03.2030",
            "last_day": "04.03.2030",
            "model": "erlang_a",
            "patience_seconds": "120",
        },
    )
    assert response.status_code == 302
    plan = StaffingPlan.objects.get()
    detail = lead.get(response["Location"])
    body = detail.content.decode()
    assert detail.status_code == 200 and "<svg" in body and "10:00" in body
    assert lead.get(f"{response['Location']}?day=2030-03-09").status_code == 404
    assert lead.get(f"{response['Location']}?day=2030-03-04").status_code == 200
    listing = lead.get(f"/workforce/staffing/?unit={world['unit'].pk}").content.decode()
    assert f"/workforce/staffing/{plan.pk}/" in listing
    # out of another lead's scope: the plan is not found
    other_plan = StaffingPlan.objects.create(unit=world["other"], first_day=DAY, last_day=DAY)
    assert lead.get(f"/workforce/staffing/{other_plan.pk}/").status_code == 404
    assert client_for("manager").get(f"/workforce/staffing/{other_plan.pk}/").status_code == 200


def test_api_answers_erlang_c_and_a(client_for):
    client = client_for("teamlead")
    answer = client.get(API, {"calls": 360, "aht": 240, "interval": 3600})
    assert answer.status_code == 200
    body = answer.json()
    assert body["agents"] == 29 and body["model"] == "erlang_c" and body["abandon_share"] is None
    assert body["occupancy"] == pytest.approx(24 / 29)
    a = client.get(API, {"calls": 90, "aht": 240, "patience": 120}).json()
    expected = erlang.required_agents(90, 240, 900, 0.8, 20, 1.0, 120)
    assert a["model"] == "erlang_a" and a["agents"] == expected.agents
    assert a["abandon_share"] == pytest.approx(expected.abandon_share)
    big = client.get(API, {"calls": 5000, "aht": 300}).json()
    assert big["agents"] > 1600 and 0.8 <= big["service_level"] < 1


@pytest.mark.parametrize(
    "query,field",
    [
        ({"target_sl": 120}, "target_sl"),
        ({"threshold": 0}, "threshold"),
        ({"aht": 0}, "aht"),
        ({"calls": -3}, "calls"),
        ({"max_occupancy": 0}, "max_occupancy"),
        ({"patience": -1}, "patience"),
        ({"calls": "many"}, "calls"),
    ],
)
def test_api_bad_input(client_for, query, field):
    response = client_for("teamlead").get(API, {"calls": 90, "aht": 240} | query)
    assert 400 <= response.status_code < 500
    body = response.json()
    assert body["field"] == field and body["detail"]


def test_api_permission(client_for, db):
    from django.test import Client

    assert Client().get(API, {"calls": 90, "aht": 240}).status_code == 401
    assert client_for("agent").get(API, {"calls": 90, "aht": 240}).status_code == 403


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_settings_saved_at_once_from_one_version_save_once(world, users):
    unit_id = world["unit"].pk
    results, errors = race(
        lambda i: (
            team_settings_update(
                actor=users["manager"],
                unit_id=unit_id,
                version=1,
                data=_settings_post(1, threshold_seconds=str(10 + i)),
            ).threshold_seconds
        ),
        6,
    )
    assert len(errors) == 5 and all(isinstance(e, ConcurrentEditError) for e in errors)
    saved = TeamSettings.objects.get(unit_id=unit_id)
    assert saved.version == 2 and saved.threshold_seconds in [r for r in results if r is not None]
