"""Estonian working days: weekends and public holidays (holidays package, country EE) are not."""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("EE", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays_for(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself is not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def next_working_day(day: date) -> date:
    """The first working day after `day` (the register deadline 'no later than the working day after')."""
    return add_working_days(day, 1)


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count
