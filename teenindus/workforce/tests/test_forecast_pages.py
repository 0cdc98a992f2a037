"""Building, adjusting and showing forecasts from the telephony rollups, within the planner's scope."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from teenindus.core.exceptions import NotFound, ValidationFailed
from teenindus.core.testing import race
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.telephony.models import Call, CallSlotMark, Queue, QueueInterval
from teenindus.workforce import services_forecast
from teenindus.workforce.forecasting import BASELINE, HOLT_WINTERS
from teenindus.workforce.models import Forecast, ForecastAdjustment, ForecastInterval, TeamSettings
from teenindus.workforce.selectors import forecast_adjusted
from teenindus.workforce.selectors_forecast import queue_history
from teenindus.workforce.tests.forecast_data import synthetic

pytestmark = pytest.mark.django_db


def _monday_after(day: date) -> date:
    return day + timedelta(days=7 - day.weekday())


@pytest.fixture
def team(users):
    """The team lead leads a team answering one queue; another team answers another."""
    agency = Agency.objects.create(name="Amet")
    unit = Unit.objects.create(agency=agency, name="Pensionid", kind="team")
    other = Unit.objects.create(agency=agency, name="Toetused", kind="team")
    position = Position.objects.create(unit=unit, title="Juht", is_manager=True)
    employee = Employee.objects.create(first_name="Tiina", last_name="Juht", user=users["teamlead"])
    Employment.objects.create(employee=employee, position=position, start_date=date(2020, 1, 1))
    queue = Queue.objects.create(name="pensionid", title="Pensionid")
    foreign = Queue.objects.create(name="toetused", title="Toetused")
    TeamSettings.objects.create(unit=unit).queues.set([queue])
    TeamSettings.objects.create(unit=other).queues.set([foreign])
    return {"unit": unit, "other": other, "queue": queue, "foreign": foreign}


def _history(queue: Queue, weeks: int = 8) -> date:
    """`weeks` weeks of synthetic rollups up to yesterday; returns the next Monday."""
    today = timezone.localdate()
    first = today - timedelta(days=weeks * 7)
    history = synthetic(first, weeks * 7)
    rows = [
        QueueInterval(
            queue=queue,
            local_date=first + timedelta(days=i),
            slot=slot,
            offered=int(history.offered[i, slot]),
            handled=int(history.handled[i, slot]),
            handle_time=float(history.handle_seconds[i, slot]),
        )
        for i in range(weeks * 7)
        for slot in range(96)
        if history.offered[i, slot]
    ]
    QueueInterval.objects.bulk_create(rows)
    return _monday_after(today)


def test_history_reads_rollups_and_the_unrolled_tail(team):
    queue = team["queue"]
    day = date(2026, 3, 2)
    QueueInterval.objects.create(queue=queue, local_date=day, slot=40, offered=7, handled=6, handle_time=1200)
    # A slot still marked out of date: its rollup is stale, its raw calls count.
    QueueInterval.objects.create(queue=queue, local_date=day, slot=41, offered=99, handled=99, handle_time=1)
    CallSlotMark.objects.create(queue=queue, local_date=day, slot=41)
    entered = timezone.make_aware(timezone.datetime(2026, 3, 2, 10, 16))
    for n in range(3):
        Call.objects.create(
            call_id=f"c{n}",
            queue=queue,
            entered_at=entered,
            local_date=day,
            slot=41,
            outcome="answered",
            answered_at=entered,
            ended_at=entered + timedelta(minutes=5),
            wait_seconds=5,
            talk_seconds=200,
            acw_seconds=40,
        )
    history = queue_history(queue, first_day=day, last_day=day)
    assert history.offered[0, 40] == 7 and history.handle_seconds[0, 40] == 1200
    assert history.offered[0, 41] == 3 and history.handled[0, 41] == 3
    assert history.handle_seconds[0, 41] == pytest.approx(720)


def test_build_stores_intervals_accuracy_and_the_proposed_method(team, users):
    first_day = _history(team["queue"])
    forecast = services_forecast.forecast_build(
        actor=users["teamlead"], queue_id=team["queue"].pk, first_day=first_day, weeks=2
    )
    assert (forecast.first_day, forecast.last_day) == (first_day, first_day + timedelta(days=13))
    assert ForecastInterval.objects.filter(forecast=forecast).count() == 14 * 96
    assert set(forecast.accuracy) == {BASELINE, HOLT_WINTERS}
    for figures in forecast.accuracy.values():
        assert set(figures) == {"wape_day", "wape_interval", "weeks"}
        assert figures["wape_interval"] < 0.2
    best = min(forecast.accuracy, key=lambda m: forecast.accuracy[m]["wape_interval"])
    assert forecast.proposed_method == forecast.method == best
    chosen = services_forecast.forecast_build(
        actor=users["teamlead"], queue_id=team["queue"].pk, first_day=first_day, weeks=1, method=BASELINE
    )
    assert chosen.method == BASELINE and chosen.proposed_method == best


def test_bad_input_is_refused_and_nothing_stored(team, users):
    lead = users["teamlead"]
    first_day = _monday_after(timezone.localdate())
    # No history at all.
    with pytest.raises(ValidationFailed) as error:
        services_forecast.forecast_build(actor=lead, queue_id=team["queue"].pk, first_day=first_day, weeks=1)
    assert error.value.field == "queue" and "21" in error.value.message
    _history(team["queue"])
    with pytest.raises(ValidationFailed) as error:
        services_forecast.forecast_build(actor=lead, queue_id=team["queue"].pk, first_day=first_day, weeks=9)
    assert error.value.field == "weeks"
    with pytest.raises(ValidationFailed) as error:
        services_forecast.forecast_build(
            actor=lead, queue_id=team["queue"].pk, first_day=first_day, weeks=1, method="magic"
        )
    assert error.value.field == "method"
    assert not Forecast.objects.exists()


def test_a_queue_of_another_team_is_not_found(team, users):
    _history(team["foreign"])
    with pytest.raises(NotFound):
        services_forecast.forecast_build(
            actor=users["teamlead"],
            queue_id=team["foreign"].pk,
            first_day=_monday_after(timezone.localdate()),
            weeks=1,
        )
    # The service manager oversees every team.
    forecast = services_forecast.forecast_build(
        actor=users["manager"],
        queue_id=team["foreign"].pk,
        first_day=_monday_after(timezone.localdate()),
        weeks=1,
    )
    assert forecast.queue == team["foreign"]


@pytest.fixture
def forecast(team, users):
    first_day = _history(team["queue"])
    return services_forecast.forecast_build(
        actor=users["teamlead"], queue_id=team["queue"].pk, first_day=first_day, weeks=1, method=BASELINE
    )


def test_adjustments_of_a_day_and_an_interval_multiply(forecast, users):
    monday = forecast.first_day
    before = forecast_adjusted(forecast)
    services_forecast.forecast_adjust(
        actor=users["teamlead"],
        forecast_id=forecast.pk,
        local_date=monday,
        slot=None,
        percent=20,
        reason="Kiri",
    )
    services_forecast.forecast_adjust(
        actor=users["teamlead"],
        forecast_id=forecast.pk,
        local_date=monday,
        slot=40,
        percent="10",
        reason="Kampaania",
    )
    after = forecast_adjusted(forecast)
    assert after[(monday, 40)][0] == pytest.approx(before[(monday, 40)][0] * 1.2 * 1.1)
    assert after[(monday, 41)][0] == pytest.approx(before[(monday, 41)][0] * 1.2)
    tuesday = monday + timedelta(days=1)
    assert after[(tuesday, 40)] == before[(tuesday, 40)]
    # The stored model values are untouched.
    stored = ForecastInterval.objects.get(forecast=forecast, local_date=monday, slot=40).contacts
    assert stored == pytest.approx(before[(monday, 40)][0])


def test_an_adjustment_making_the_forecast_negative_or_outside_it_is_refused(forecast, users):
    lead = users["teamlead"]
    day = forecast.first_day
    cases = [
        ({"local_date": day, "slot": None, "percent": Decimal("-100.01"), "reason": "x"}, "percent"),
        ({"local_date": day, "slot": 40, "percent": -150, "reason": "x"}, "percent"),
        ({"local_date": day, "slot": 96, "percent": 10, "reason": "x"}, "slot"),
        ({"local_date": day, "slot": -1, "percent": 10, "reason": "x"}, "slot"),
        ({"local_date": day - timedelta(days=1), "slot": None, "percent": 10, "reason": "x"}, "local_date"),
        (
            {"local_date": forecast.last_day + timedelta(days=1), "slot": None, "percent": 10, "reason": "x"},
            "local_date",
        ),
        ({"local_date": day, "slot": None, "percent": 10, "reason": "  "}, "reason"),
        ({"local_date": day, "slot": None, "percent": "lots", "reason": "x"}, "percent"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationFailed) as error:
            services_forecast.forecast_adjust(actor=lead, forecast_id=forecast.pk, **kwargs)
        assert error.value.field == field, kwargs
    assert not ForecastAdjustment.objects.exists()
    # −100 % closes the day: zero, not negative.
    services_forecast.forecast_adjust(
        actor=lead, forecast_id=forecast.pk, local_date=day, slot=None, percent=-100, reason="Suletud"
    )
    assert all(value == 0 for (d, _s), (value, _aht) in forecast_adjusted(forecast).items() if d == day)


def test_pages_show_accuracy_days_adjustments_and_the_chart(forecast, client_for):
    client = client_for("teamlead")
    response = client.get(reverse("workforce:forecast_list"))
    assert response.status_code == 200
    assert reverse("workforce:forecast_detail", args=[forecast.pk]) in response.content.decode()
    url = reverse("workforce:forecast_adjust", args=[forecast.pk])
    day = forecast.first_day
    response = client.post(
        url, {"local_date": day.isoformat(), "slot": "", "percent": "25", "reason": "Teavituskiri"}
    )
    assert response.status_code == 302
    response = client.get(response["Location"])
    page = response.content.decode()
    assert response.status_code == 200
    assert "Teavituskiri" in page and "<svg" in page and "forecast-accuracy" in page
    assert '<tr class="proposed">' in page
    # Onward: the staffing form, filled with the forecast's weeks.
    onward = f"{reverse('workforce:staffing_create')}?first_day={forecast.first_day:%Y-%m-%d}"
    assert onward in page
    staffing = client.get(f"{onward}&last_day={forecast.last_day:%Y-%m-%d}").context["form"].initial
    assert staffing["first_day"] == f"{forecast.first_day:%d.%m.%Y}"
    assert staffing["last_day"] == f"{forecast.last_day:%d.%m.%Y}"
    # Refused: the form is shown again with 400 and nothing is stored.
    response = client.post(url, {"local_date": day.isoformat(), "slot": "96", "percent": "5", "reason": "x"})
    assert response.status_code == 400
    response = client.post(url, {"local_date": day.isoformat(), "slot": "", "percent": "-120", "reason": "x"})
    assert response.status_code == 400
    assert ForecastAdjustment.objects.count() == 1


def test_create_page_builds_and_refuses(team, client_for):
    first_day = _history(team["queue"])
    client = client_for("teamlead")
    response = client.get(reverse("workforce:forecast_create"))
    assert response.status_code == 200 and first_day.isoformat() in response.content.decode()
    data = {"queue": team["queue"].pk, "first_day": first_day.isoformat(), "weeks": "9", "method": "proposed"}
    assert client.post(reverse("workforce:forecast_create"), data).status_code == 400
    data["weeks"] = "1"
    response = client.post(reverse("workforce:forecast_create"), data)
    assert response.status_code == 302
    assert Forecast.objects.get().method == Forecast.objects.get().proposed_method


def test_scope_other_teams_forecasts_are_404(team, users, client_for):
    _history(team["foreign"])
    foreign = services_forecast.forecast_build(
        actor=users["manager"],
        queue_id=team["foreign"].pk,
        first_day=_monday_after(timezone.localdate()),
        weeks=1,
    )
    client = client_for("teamlead")
    assert client.get(reverse("workforce:forecast_detail", args=[foreign.pk])).status_code == 404
    response = client.post(
        reverse("workforce:forecast_adjust", args=[foreign.pk]),
        {"local_date": foreign.first_day.isoformat(), "slot": "", "percent": "5", "reason": "x"},
    )
    assert response.status_code == 404
    assert client.get(reverse("workforce:forecast_list"), {"unit": team["other"].pk}).status_code == 404
    listed = client.get(reverse("workforce:forecast_list")).content.decode()
    assert reverse("workforce:forecast_detail", args=[foreign.pk]) not in listed
    with pytest.raises(NotFound):
        services_forecast.forecast_adjust(
            actor=users["teamlead"],
            forecast_id=foreign.pk,
            local_date=foreign.first_day,
            slot=None,
            percent=5,
            reason="x",
        )
    assert not ForecastAdjustment.objects.exists()
    # An agent may not plan at all.
    assert client_for("agent").get(reverse("workforce:forecast_list")).status_code == 403


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_adjustments_made_at_once_are_all_kept_and_multiply(forecast, users):
    """Six leads cut the same day by 50 % at once (serialised on the forecast's row): six rows, and
    the day is 0.5^6 of the model, never negative."""
    day = forecast.first_day
    before = forecast_adjusted(forecast)[(day, 40)][0]
    results, errors = race(
        lambda i: (
            services_forecast.forecast_adjust(
                actor=users["teamlead"],
                forecast_id=forecast.pk,
                local_date=day,
                slot=None,
                percent=-50,
                reason=f"r{i}",
            ).pk
        ),
        6,
    )
    assert errors == [] and len(set(results)) == 6
    assert forecast_adjusted(forecast)[(day, 40)][0] == pytest.approx(before * 0.5**6)
