"""Statutory Estonian working days on dates: weekends and public holidays (holidays package,
country EE) are not. Statutory deadlines (e.g. 5 working days for an information request) use these.

The agency's own working time (opening hours, shortened days, its extra days off) is the
WorkCalendar of core/worktime.py, which builds on `public_holidays` here."""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[date]:
    """Estonian public holidays of `year` (pure, cached per process)."""
    return frozenset(holidays.country_holidays("EE", years=year).keys())


_holidays_for = public_holidays


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
