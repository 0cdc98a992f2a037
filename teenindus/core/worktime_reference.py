"""A naive reference for core/worktime.py: walks the calendar minute by minute, for the tests and
bench/worktime.py only (never used by production code: it is far too slow).

It shares only the per-day rules (`WorkCalendar.day_hours`: holidays, shortened days, exceptions)
with the fast calendar, and turns each day's local hours into instants on its own. Inputs must be
whole minutes (start, seconds and opening hours).
"""

from datetime import UTC, datetime, timedelta

from teenindus.core.worktime import WorkCalendar

MINUTE = timedelta(minutes=1)
LIMIT = 60 * 24 * 366 * 3  # minutes walked before giving up (three years)


class _Walker:
    def __init__(self, cal: WorkCalendar):
        self.cal = cal
        self.days: dict = {}

    def interval(self, moment: datetime):
        day = moment.astimezone(self.cal.tz).date()
        if day not in self.days:
            hours = self.cal.day_hours(day)
            self.days[day] = (
                None
                if hours is None
                else tuple(datetime.combine(day, t, tzinfo=self.cal.tz).astimezone(UTC) for t in hours)
            )
        return day, self.days[day]

    def is_open(self, moment: datetime) -> bool:
        _day, hours = self.interval(moment)
        return hours is not None and hours[0] <= moment < hours[1]


def _check(moment: datetime, seconds: int = 0) -> datetime:
    if seconds < 0:
        raise ValueError("seconds must not be negative")
    moment = moment.astimezone(UTC)
    if moment.second or moment.microsecond or seconds % 60:
        raise ValueError("the naive walk takes whole minutes only")
    return moment


def naive_add(cal: WorkCalendar, start: datetime, seconds: int) -> datetime:
    walker, moment, left = _Walker(cal), _check(start, seconds), seconds
    for _step in range(LIMIT):
        if walker.is_open(moment):
            if not left:
                return moment
            left -= 60
            if not left:
                return moment + MINUTE
        moment += MINUTE
    raise RuntimeError("no working time found within the walk's limit")


def naive_between(cal: WorkCalendar, a: datetime, b: datetime) -> int:
    walker, moment, end, total = _Walker(cal), _check(a), _check(b), 0
    while moment < end:
        total += 60 if walker.is_open(moment) else 0
        moment += MINUTE
    return total


def naive_add_days(cal: WorkCalendar, start: datetime, days: int) -> datetime:
    """Closing time of the `days`-th working day after start's local date (days >= 1), by walking
    minutes from that date's end: a day counts when one of its minutes is open."""
    if days < 1:
        raise ValueError("the naive walk counts at least one day")
    walker = _Walker(cal)
    local_day = start.astimezone(cal.tz).date()
    moment = datetime.combine(local_day + timedelta(days=1), datetime.min.time(), tzinfo=cal.tz).astimezone(
        UTC
    )
    counted, current, last_open_end = 0, None, None
    for _step in range(LIMIT):
        day, _hours = walker.interval(moment)
        if walker.is_open(moment):
            if day != current:
                if counted == days:
                    return last_open_end
                counted, current = counted + 1, day
            last_open_end = moment + MINUTE
        elif counted == days and day != current:
            return last_open_end
        moment += MINUTE
    raise RuntimeError("no working day found within the walk's limit")
