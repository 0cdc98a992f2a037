"""Synthetic queue history with a known pattern for the forecast tests: Monday–Friday 09:00–17:00,
a weekday profile and an intraday profile (as the telephony simulator's), optional weekly growth,
Poisson counts from a fixed seed; public holidays closed unless a holiday share is given."""

from datetime import date, timedelta

import numpy as np

from teenindus.core.calendar import public_holidays
from teenindus.core.worktime import SHORTENED_DAYS
from teenindus.workforce.forecasting import SLOTS, History

WEEKDAY = [1.25, 1.05, 1.0, 0.95, 0.85, 0.0, 0.0]
HOURLY = {9: 1.3, 10: 1.5, 11: 1.3, 12: 0.9, 13: 1.2, 14: 1.1, 15: 0.9, 16: 0.6}
AHT = 240.0
SHORTENED_CLOSES = 56  # 14:00: the default calendar closes 17:00, three hours earlier


def expected_day(
    day: date, *, per_slot: float = 60.0, growth: float = 0.0, start: date | None = None
) -> np.ndarray:
    """The true mean contacts per slot of a normal day."""
    row = np.zeros(SLOTS)
    weeks = ((day - start).days / 7) if start else 0.0
    level = per_slot * WEEKDAY[day.weekday()] * (1 + growth) ** weeks
    for hour, factor in HOURLY.items():
        row[hour * 4 : hour * 4 + 4] = level * factor
    return row


def synthetic(
    first_day: date,
    days: int,
    *,
    per_slot: float = 60.0,
    growth: float = 0.0,
    holiday_share: float = 0.0,
    seed: int = 13,
    noise: bool = True,
) -> History:
    rng = np.random.default_rng(seed)
    offered = np.zeros((days, SLOTS))
    for i in range(days):
        day = first_day + timedelta(days=i)
        mean = expected_day(day, per_slot=per_slot, growth=growth, start=first_day)
        if day in public_holidays(day.year):
            mean = mean * holiday_share
        elif (day.month, day.day) in SHORTENED_DAYS:
            mean[SHORTENED_CLOSES:] = 0.0
        offered[i] = rng.poisson(mean) if noise else mean
    handled = np.floor(offered * 0.9)
    return History(first_day, offered, handled, handled * AHT)
