"""The numbers of forecasting.py on synthetic history with a known weekly and intraday pattern."""

from datetime import date, timedelta

import numpy as np
import pytest

from teenindus.core.worktime import WorkCalendar
from teenindus.workforce import forecasting
from teenindus.workforce.forecasting import BASELINE, HOLT_WINTERS, History, wape
from teenindus.workforce.tests.forecast_data import AHT, SHORTENED_CLOSES, expected_day, synthetic


@pytest.fixture
def calendar(settings):
    return WorkCalendar()


def _truth(first_day: date, days: int, **kw) -> np.ndarray:
    return np.array([expected_day(first_day + timedelta(days=i), **kw) for i in range(days)])


def test_wape_on_a_hand_example():
    # |10-8| + |0-2| + |5-5| = 4 over 15 contacts.
    assert wape([10, 0, 5], [8, 2, 5]) == pytest.approx(4 / 15)
    assert wape([[1, 1], [2, 0]], [[1, 1], [2, 0]]) == 0
    assert wape([0, 0], [1, 2]) is None


@pytest.mark.parametrize("method", [BASELINE, HOLT_WINTERS])
def test_both_methods_recover_a_weekly_and_daily_pattern(calendar, method):
    # Ten weeks from 3.03.2025 (Good Friday 18.04 and May Day 1.05, closed, are in them).
    first = date(2025, 3, 3)
    history = synthetic(first, 10 * 7)
    start = first + timedelta(days=10 * 7)
    result = forecasting.forecast(history, first_day=start, weeks=2, calendar=calendar, method=method)
    truth = _truth(start, 14)
    assert result.method == method
    assert result.contacts.shape == (14, 96)
    assert wape(truth, result.contacts) < 0.06
    assert wape(truth.sum(axis=1), result.contacts.sum(axis=1)) < 0.04
    # Closed at night and on weekends.
    assert result.contacts[:, :36].sum() == 0
    assert result.contacts[5].sum() == result.contacts[6].sum() == 0
    # Each method's own held-out error is small too, and stored for both.
    assert set(result.accuracy) == {BASELINE, HOLT_WINTERS}
    for accuracy in result.accuracy.values():
        assert accuracy.weeks == 2
        assert accuracy.wape_day < 0.06
        assert accuracy.wape_interval < 0.15
    # AHT per interval is the history's handle seconds per handled call.
    assert result.aht[0, 40] == pytest.approx(AHT)


def test_a_holiday_in_history_does_not_drag_down_its_weekday(calendar):
    # Victory Day (Mon 23.06.2025) and Midsummer (Tue 24.06.2025), closed, in the last weeks.
    first = date(2025, 5, 5)
    history = synthetic(first, 10 * 7)
    assert history.offered[(date(2025, 6, 23) - first).days].sum() == 0
    start = date(2025, 7, 14)
    for method in (BASELINE, HOLT_WINTERS):
        result = forecasting.forecast(history, first_day=start, weeks=1, calendar=calendar, method=method)
        truth = _truth(start, 7)
        for weekday in (0, 1):
            assert result.contacts[weekday].sum() == pytest.approx(truth[weekday].sum(), rel=0.05), method


def test_forecast_holidays_are_zero_when_closed_and_shortened_days_close_early(calendar):
    first = date(2025, 11, 3)
    history = synthetic(first, 7 * 7)  # to 21.12.2025, no holiday in it
    start = date(2025, 12, 22)
    for method in (BASELINE, HOLT_WINTERS):
        result = forecasting.forecast(history, first_day=start, weeks=2, calendar=calendar, method=method)
        day = {start + timedelta(days=i): result.contacts[i] for i in range(14)}
        # Christmas Eve, Christmas, Boxing Day, New Year's Day: closed.
        for holiday in (date(2025, 12, 24), date(2025, 12, 25), date(2025, 12, 26), date(2026, 1, 1)):
            assert day[holiday].sum() == 0, holiday
            assert result.kinds[holiday] == "holiday"
        # 23.12 and 31.12 close three hours early (14:00), as normal days until then.
        for shortened in (date(2025, 12, 23), date(2025, 12, 31)):
            assert result.kinds[shortened] == "shortened"
            assert day[shortened][SHORTENED_CLOSES:].sum() == 0
            truth = expected_day(shortened)[:SHORTENED_CLOSES]
            assert day[shortened][:SHORTENED_CLOSES].sum() == pytest.approx(truth.sum(), rel=0.06)
        assert day[date(2025, 12, 22)].sum() == pytest.approx(
            expected_day(date(2025, 12, 22)).sum(), rel=0.06
        )


def test_a_holiday_forecast_follows_past_holidays_share(calendar):
    # The queue answers on holidays at 30 % of a normal day (Good Friday, May Day in history).
    first = date(2025, 3, 3)
    history = synthetic(first, 10 * 7, holiday_share=0.3, noise=False)
    result = forecasting.forecast(
        history, first_day=date(2025, 6, 16), weeks=2, calendar=calendar, method=BASELINE
    )
    victory_day = (date(2025, 6, 23) - date(2025, 6, 16)).days
    assert result.contacts[victory_day].sum() == pytest.approx(
        0.3 * expected_day(date(2025, 6, 23)).sum(), rel=0.02
    )


def test_the_method_with_the_lower_interval_wape_is_proposed(calendar):
    # Calls growing 4 % a week: the baseline's six-week mean lags, Holt-Winters follows the trend.
    first = date(2025, 3, 3)
    history = synthetic(first, 12 * 7, per_slot=80, growth=0.04)
    result = forecasting.forecast(history, first_day=first + timedelta(days=84), weeks=1, calendar=calendar)
    accuracy = result.accuracy
    assert accuracy[HOLT_WINTERS].wape_interval < accuracy[BASELINE].wape_interval
    assert result.proposed_method == result.method == HOLT_WINTERS
    assert forecasting.proposed(accuracy) == min(accuracy, key=lambda m: accuracy[m].wape_interval)


def test_not_enough_history(calendar):
    history = synthetic(date(2025, 3, 3), 20)
    with pytest.raises(forecasting.NotEnoughHistory):
        forecasting.forecast(history, first_day=date(2025, 3, 31), weeks=1, calendar=calendar)
    # Weeks of nothing before the queue opened do not count as history.
    quiet = History(
        date(2025, 1, 6),
        np.concatenate([np.zeros((60, 96)), history.offered]),
        np.concatenate([np.zeros((60, 96)), history.handled]),
        np.concatenate([np.zeros((60, 96)), history.handle_seconds]),
    )
    with pytest.raises(forecasting.NotEnoughHistory):
        forecasting.forecast(quiet, first_day=date(2025, 3, 31), weeks=1, calendar=calendar)


def test_aht_falls_back_to_the_queue_mean_where_few_calls(calendar):
    first = date(2025, 3, 3)
    history = synthetic(first, 5 * 7)
    # One slot with a single long call every other Monday: three calls, too few to stand on its own.
    history.offered[:, 70] = 0
    history.handled[:, 70] = 0
    history.handle_seconds[:, 70] = 0
    history.offered[::14, 70] = 1
    history.handled[::14, 70] = 1
    history.handle_seconds[::14, 70] = 3600
    result = forecasting.forecast(history, first_day=first + timedelta(days=35), weeks=1, calendar=calendar)
    mean = history.handle_seconds.sum() / history.handled.sum()
    assert result.aht[0, 70] == pytest.approx(mean)
    assert result.aht[0, 40] == pytest.approx(AHT)
