"""The agency's working-time calendar, one for the whole project (issue #10 §3 "Deadlines").

A day's working hours, in local time (settings.TIME_ZONE, Europe/Tallinn), come from, in order:
1. a `CalendarDay` row for that date: an extra day off, or a working day with its own hours
   (an extra working day or special hours; taken as given, never shortened);
2. the Estonian public holidays (`holidays` package, country EE): closed;
3. the weekday table (`OpeningHours`), and on the days before New Year's Day, Independence Day,
   Victory Day and Christmas Eve (31.12, 23.02, 22.06, 23.12) the day closes 3 hours earlier
   (Employment Contracts Act § 53) when it is a working day (a day that would have no time left
   is closed).

Times go in and out as aware datetimes (results in UTC); the hours are wall-clock times of their
local day, turned into real instants, so a day containing a daylight-saving switch keeps its
local opening hours and its working time is the real time elapsed. A wall-clock time that does
not exist (the spring gap, 03:00-04:00) is read with the offset before the switch (PEP 495, fold=0).

Speed: per-day intervals are laid out once per WorkCalendar in arrays (UTC microseconds) with a
running total of working time and of working days, extended a year at a time as queries reach
further; `add`, `between`, `add_days` are then a few bisections, whatever the span. Load the
calendar once (`calendar_load`) for many computations. The arrays are the object's own: nothing
is shared between processes.

Changes go through core/services.py, which bumps the version and calls the hooks registered with
`on_change` after commit.
"""

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from teenindus.core.calendar import public_holidays
from teenindus.core.exceptions import ValidationFailed

Hours = tuple[time, time]  # (opens, closes), local wall-clock times, opens < closes

DEFAULT_OPENING_HOURS: dict[int, Hours | None] = {
    **{weekday: (time(8, 30), time(17, 0)) for weekday in range(5)},
    5: None,
    6: None,
}
# The working day before these dates is 3 hours shorter (Employment Contracts Act § 53).
SHORTENED_DAYS = frozenset({(12, 31), (2, 23), (6, 22), (12, 23)})
SHORTENED_BY = timedelta(hours=3)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
_SECOND = 1_000_000

# ---- change hooks ---------------------------------------------------------------------------

_hooks: list[Callable[[], object]] = []


def on_change(callback: Callable[[], object]) -> Callable[[], object]:
    """Register `callback` (no arguments) to run after every committed calendar change, e.g. to
    enqueue a recompute of stored due times. Register at import/ready time (every process does the
    same); usable as a decorator. Registering the same callable twice keeps one."""
    if callback not in _hooks:
        _hooks.append(callback)
    return callback


def on_change_unregister(callback: Callable[[], object]) -> None:
    """Remove a hook registered with `on_change` (tests; apps keep theirs for the process's life)."""
    if callback in _hooks:
        _hooks.remove(callback)


def hooks_schedule() -> None:
    """For the services: each registered hook runs once the current transaction commits."""
    from django.db import transaction

    for callback in list(_hooks):
        transaction.on_commit(callback)


# ---- the calendar ---------------------------------------------------------------------------


def _to_us(moment: datetime) -> int:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("an aware datetime is needed")
    return (moment - _EPOCH) // _US


def _from_us(us: int) -> datetime:
    return _EPOCH + timedelta(microseconds=us)


class WorkCalendar:
    """The working-time calendar as one immutable value (see the module's docstring for the rules).

    `weekly`: weekday (0 = Monday) → (opens, closes) or None (closed); missing weekdays are closed.
    `days`: date → (opens, closes) for a working day with its own hours, or None for a day off.
    """

    def __init__(
        self,
        *,
        weekly: Mapping[int, Hours | None] = DEFAULT_OPENING_HOURS,
        days: Mapping[date, Hours | None] | None = None,
        version: int = 0,
        tz: str | None = None,
    ):
        self.version = version
        self.tz = ZoneInfo(tz or settings.TIME_ZONE)
        self._weekly = tuple(weekly.get(weekday) for weekday in range(7))
        self._days = dict(days or {})
        for hours in [*self._weekly, *self._days.values()]:
            if hours is not None and not hours[0] < hours[1]:
                raise ValueError(f"opening hours {hours} do not open before they close")
        self._weekly_open = any(self._weekly)
        self._last_special_open = max((d for d, h in self._days.items() if h), default=None)
        self._lock = threading.Lock()
        self._lay = _Layout.empty()
        self._day_cache: dict[int, tuple[int, int, int]] = {}

    def __repr__(self) -> str:
        return f"<WorkCalendar v{self.version}>"

    # -- the rules for one day --

    def day_hours(self, day: date) -> Hours | None:
        """The local (opens, closes) of `day` after every rule, or None when it is not a working day."""
        if day in self._days:
            return self._days[day]
        if day in public_holidays(day.year):
            return None
        hours = self._weekly[day.weekday()]
        if hours is None:
            return None
        if (day.month, day.day) in SHORTENED_DAYS:
            opens, closes = hours
            shortened = datetime.combine(day, closes) - SHORTENED_BY
            if shortened <= datetime.combine(day, opens):
                return None
            return (opens, shortened.time())
        return hours

    def is_working_day(self, day: date) -> bool:
        return self.day_hours(day) is not None

    def hours_on(self, day: date) -> list[tuple[datetime, datetime]]:
        """The day's open intervals as aware local datetimes: [] or [(opens, closes)]."""
        hours = self.day_hours(day)
        if hours is None:
            return []
        return [
            (
                datetime.combine(day, hours[0], tzinfo=self.tz).astimezone(UTC).astimezone(self.tz),
                datetime.combine(day, hours[1], tzinfo=self.tz).astimezone(UTC).astimezone(self.tz),
            )
        ]

    # -- the arrays --

    def _day_us(self, ordinal: int) -> tuple[int, int, int]:
        """(local midnight, opening, closing) of a day in UTC microseconds; a day off opens and
        closes at its midnight."""
        cached = self._day_cache.get(ordinal)
        if cached is None:
            day = date.fromordinal(ordinal)
            midnight = _to_us(datetime.combine(day, time(0), tzinfo=self.tz))
            hours = self.day_hours(day)
            if hours is None:
                cached = (midnight, midnight, midnight)
            else:
                opens = _to_us(datetime.combine(day, hours[0], tzinfo=self.tz))
                closes = _to_us(datetime.combine(day, hours[1], tzinfo=self.tz))
                cached = (midnight, opens, closes)
            self._day_cache[ordinal] = cached
        return cached

    def _cover(self, first_day: date, last_day: date) -> "_Layout":
        """The layout, grown (whole years, a spare one on each side) to hold first_day..last_day."""
        lay = self._lay
        if lay.first <= first_day.toordinal() and last_day.toordinal() < lay.end:
            return lay
        with self._lock:
            lay = self._lay
            first = date(max(first_day.year - 1, 1), 1, 1).toordinal()
            end = date(min(last_day.year + 2, 9999), 1, 1).toordinal()
            if lay.end > lay.first:
                first, end = min(first, lay.first), max(end, lay.end)
            if (first, end) != (lay.first, lay.end):
                lay = _Layout.build(first, end, self._day_us, reuse=lay)
                self._lay = lay
            return lay

    def _cover_instant(self, us: int) -> "_Layout":
        lay = self._lay
        if lay.midnight and lay.midnight[0] <= us < lay.midnight[-1]:
            return lay
        day = _from_us(us).astimezone(self.tz).date()
        return self._cover(day, day + timedelta(days=1))

    def _grow(self, lay: "_Layout") -> "_Layout":
        """One more year laid out; a calendar that can never open again raises instead of looping."""
        last = date.fromordinal(lay.end - 1)
        if not self._weekly_open and (self._last_special_open is None or last >= self._last_special_open):
            raise ValidationFailed(
                _("The working-time calendar has no opening hours: no deadline can be computed.")
            )
        if last.year >= 9997:
            raise ValidationFailed(_("The deadline is too far in the future."))
        return self._cover(last, date(last.year + 1, 12, 31))

    # -- the questions --

    def is_open(self, at: datetime) -> bool:
        us = _to_us(at)
        lay = self._cover_instant(us)
        i = lay.index(us)
        return lay.open[i] <= us < lay.close[i]

    def between(self, a: datetime, b: datetime) -> int:
        """Whole seconds of working time in [a, b); 0 when b <= a."""
        a_us, b_us = _to_us(a), _to_us(b)
        if b_us <= a_us:
            return 0
        self._cover_instant(a_us)
        lay = self._cover_instant(b_us)
        return (lay.worked(b_us) - lay.worked(a_us)) // _SECOND

    def add(self, start: datetime, seconds: int) -> datetime:
        """The instant at which `seconds` of working time have passed since `start` (a start outside
        the opening hours counts from the next opening). The result lies inside an open interval or
        at its closing time, never at the next day's opening; with 0 seconds it is `start` when open,
        else the next opening."""
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        us = _to_us(start)
        lay = self._cover_instant(us)
        base = lay.worked(us)
        target = base + seconds * _SECOND
        probe = target if seconds else base + 1  # 0 seconds: the first working microsecond from start
        while lay.cum[-1] < probe:
            lay = self._grow(lay)
        i = bisect_left(lay.cum, probe) - 1
        return _from_us(lay.open[i] + target - lay.cum[i])

    def next_opening(self, at: datetime) -> datetime:
        """`at` when the calendar is open then, else the next opening."""
        return self.add(at, 0)

    def add_days(self, start: datetime, days: int) -> datetime:
        """N working days: the closing time of the N-th working day after the local date of `start`
        (that date itself is never counted, whether or not it is a working day and whatever the time
        of day: a Saturday or a Friday evening start with 1 day both give Monday's closing).
        0 days: the closing time of the working day `start` falls in, or of the next working day when
        `start` is at or after that day's closing or on a day off."""
        if days < 0:
            raise ValueError("days must not be negative")
        us = _to_us(start)
        lay = self._cover_instant(us)
        i = lay.index(us)
        if days:
            target = lay.count[i + 1] + days
        elif lay.open[i] < lay.close[i] and us < lay.close[i]:
            target = lay.count[i] + 1
        else:
            target = lay.count[i + 1] + 1
        while lay.count[-1] < target:
            lay = self._grow(lay)
        k = bisect_left(lay.count, target) - 1  # the target-th working day of the layout
        return _from_us(lay.close[k])

    def working_days_between(self, a: datetime, b: datetime) -> int:
        """Working days after the local date of `a`, up to and including the local date of `b`
        (0 when `b` is not on a later day): e.g. how many working days an answer took."""
        a_us, b_us = _to_us(a), _to_us(b)
        if b_us <= a_us:
            return 0
        self._cover_instant(a_us)
        lay = self._cover_instant(b_us)
        return lay.count[lay.index(b_us) + 1] - lay.count[lay.index(a_us) + 1]

    def add_working_days(self, day: date, days: int) -> date:
        """The date `days` working days after `day` (not counted), by this calendar."""
        moment = datetime.combine(day, time(12), tzinfo=self.tz)
        return self.add_days(moment, days).astimezone(self.tz).date() if days else day


class _Layout:
    """Days first..end-1 (ordinals) laid out: per day its local midnight, opening and closing (UTC
    microseconds), and running totals before each day of working microseconds (cum) and working
    days (count), each one longer than the days. Never changed once built: a wider one replaces it."""

    __slots__ = ("first", "end", "midnight", "open", "close", "cum", "count")

    def __init__(self, first, end, midnight, opens, closes, cum, count):
        self.first, self.end = first, end
        self.midnight, self.open, self.close, self.cum, self.count = midnight, opens, closes, cum, count

    @classmethod
    def empty(cls) -> "_Layout":
        return cls(0, 0, [], [], [], [0], [0])

    @classmethod
    def build(cls, first: int, end: int, day_us, *, reuse: "_Layout") -> "_Layout":
        if reuse.first == first and reuse.end > first:  # grown at the end only: append
            midnight, opens, closes = list(reuse.midnight), list(reuse.open), list(reuse.close)
            cum, count = list(reuse.cum), list(reuse.count)
            start_at = reuse.end
        else:
            midnight, opens, closes, cum, count = [], [], [], [0], [0]
            start_at = first
        for ordinal in range(start_at, end):
            m, o, c = day_us(ordinal)
            midnight.append(m)
            opens.append(o)
            closes.append(c)
            cum.append(cum[-1] + c - o)
            count.append(count[-1] + (c > o))
        return cls(first, end, midnight, opens, closes, cum, count)

    def index(self, us: int) -> int:
        """The day containing instant `us` (which the layout must cover)."""
        return bisect_right(self.midnight, us) - 1

    def worked(self, us: int) -> int:
        """Working microseconds from the layout's first midnight up to instant `us`."""
        i = bisect_right(self.midnight, us) - 1
        return self.cum[i] + min(max(us - self.open[i], 0), self.close[i] - self.open[i])


def calendar_load() -> WorkCalendar:
    """The calendar as stored (three queries, nothing written). A weekday without a row has the
    default hours (Mon–Fri 08:30–17:00, weekends closed)."""
    from teenindus.core.models import CalendarDay, OpeningHours, WorkCalendarState

    # A weekday with no row has the default hours (the migration seeds all seven; a test database's
    # flush empties the table); a weekday is closed by its row having no hours.
    weekly: dict[int, Hours | None] = {
        **DEFAULT_OPENING_HOURS,
        **{
            row.weekday: (row.opens, row.closes) if row.opens is not None else None
            for row in OpeningHours.objects.all()
        },
    }
    days: dict[date, Hours | None] = {
        row.day: (row.opens, row.closes) if row.kind == CalendarDay.OPEN else None
        for row in CalendarDay.objects.all()
    }
    state = WorkCalendarState.objects.filter(pk=1).values_list("version", flat=True).first()
    return WorkCalendar(weekly=weekly, days=days, version=state or 0)


def calendar_version() -> int:
    """The stored calendar's version (one query): e.g. to tell whether due times computed with an
    older version need recomputing."""
    from teenindus.core.models import WorkCalendarState

    return WorkCalendarState.objects.filter(pk=1).values_list("version", flat=True).first() or 0
