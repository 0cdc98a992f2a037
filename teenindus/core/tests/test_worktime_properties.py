"""Properties of the working-time calendar: adding then measuring agrees, results land in open
time, and the fast calendar equals a naive minute-by-minute walk (core/worktime_reference.py) over
random calendars, across both daylight-saving switches of 2026 and the Christmas/New Year days."""

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teenindus.core.worktime import WorkCalendar
from teenindus.core.worktime_reference import naive_add, naive_add_days, naive_between

US = timedelta(microseconds=1)
WINDOW_START = datetime(2026, 3, 20, tzinfo=UTC)  # the spring switch is on 29.03
WINDOW_MINUTES = int((datetime(2027, 1, 10, tzinfo=UTC) - WINDOW_START).total_seconds() // 60)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


DST_NIGHTS = [(time(1), time(6)), (time(2, 30), time(4, 30)), (time(3), time(4)), (time(0), time(23, 30))]


@st.composite
def hours(draw, min_half_hours: int = 4):
    """Half-hour aligned (opens, closes), at least `min_half_hours` long (any time of day)."""
    start = draw(st.integers(0, 47 - min_half_hours))
    end = draw(st.integers(start + min_half_hours, 47))
    return (time(start // 2, 30 * (start % 2)), time(end // 2, 30 * (end % 2)))


@st.composite
def calendars(draw):
    """Two to seven open weekdays of at least 2 h, and a few exception days in the window."""
    open_days = draw(st.sets(st.integers(0, 5), min_size=2))
    weekly = {weekday: draw(hours()) for weekday in open_days}
    # Sundays: often open across the night of the daylight-saving switch (03:00/04:00).
    weekly[6] = draw(st.one_of(st.none(), hours(), st.sampled_from(DST_NIGHTS)))
    exception_dates = draw(
        st.lists(st.dates(min_value=date(2026, 3, 20), max_value=date(2027, 1, 10)), max_size=6, unique=True)
    )
    days = {day: draw(st.one_of(st.none(), hours(min_half_hours=1))) for day in exception_dates}
    return WorkCalendar(weekly=weekly, days=days)


special_starts = st.sampled_from(
    [
        datetime(2026, 3, 28, 22, 0, tzinfo=UTC),  # local night of the spring switch
        datetime(2026, 10, 24, 22, 0, tzinfo=UTC),  # of the autumn switch
        datetime(2026, 12, 22, 6, 0, tzinfo=UTC),  # before the shortened 23.12
        datetime(2026, 12, 30, 12, 0, tzinfo=UTC),
    ]
)
minute_starts = st.one_of(
    special_starts,
    st.integers(0, WINDOW_MINUTES).map(lambda m: WINDOW_START + timedelta(minutes=m)),
)
any_starts = st.integers(0, WINDOW_MINUTES * 60_000_000).map(lambda us: WINDOW_START + us * US)


@SETTINGS
@given(cal=calendars(), start=minute_starts, minutes=st.integers(0, 8 * 60))
def test_add_equals_the_minute_walk(cal, start, minutes):
    assert cal.add(start, minutes * 60) == naive_add(cal, start, minutes * 60)


@SETTINGS
@given(cal=calendars(), start=minute_starts, minutes=st.integers(0, 6 * 24 * 60))
def test_between_equals_the_minute_walk(cal, start, minutes):
    end = start + timedelta(minutes=minutes)
    assert cal.between(start, end) == naive_between(cal, start, end)


@SETTINGS
@given(cal=calendars(), start=minute_starts, days=st.integers(1, 4))
def test_add_days_equals_the_minute_walk(cal, start, days):
    assert cal.add_days(start, days) == naive_add_days(cal, start, days)


@settings(max_examples=100, deadline=None)
@given(cal=calendars(), start=any_starts, seconds=st.integers(0, 2000 * 3600))
def test_measuring_back_what_was_added(cal, start, seconds):
    end = cal.add(start, seconds)
    assert cal.between(start, end) == seconds
    if seconds:
        assert cal.is_open(end - US)  # inside an open interval, or at its closing time
        assert cal.between(start, end - US) == seconds - 1  # not a microsecond later than needed
    else:
        assert cal.is_open(end) and cal.between(start, end) == 0


@settings(max_examples=100, deadline=None)
@given(cal=calendars(), start=any_starts, days=st.integers(0, 30))
def test_add_days_lands_on_a_closing_time(cal, start, days):
    end = cal.add_days(start, days)
    assert cal.is_open(end - US) and not cal.is_open(end)
    assert end > start
