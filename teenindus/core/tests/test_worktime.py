"""The working-time calendar's rules on hand-checked cases (no database: WorkCalendar built directly)."""

from datetime import UTC, date, datetime, time

import pytest

from teenindus.core.exceptions import ValidationFailed
from teenindus.core.worktime import DEFAULT_OPENING_HOURS, WorkCalendar

H = 3600


def local(*args) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(*args, tzinfo=ZoneInfo("Europe/Tallinn"))


@pytest.fixture
def cal() -> WorkCalendar:
    return WorkCalendar()  # Mon-Fri 08:30-17:00 (the migration's defaults)


def test_weekend_is_skipped(cal):
    assert cal.add(local(2026, 11, 20, 16, 0), 2 * H) == local(2026, 11, 23, 9, 30)
    assert cal.between(local(2026, 11, 20, 16, 0), local(2026, 11, 23, 9, 30)) == 2 * H
    assert not cal.is_working_day(date(2026, 11, 21))
    assert not cal.is_open(local(2026, 11, 21, 12, 0))


def test_start_outside_hours_counts_from_next_opening(cal):
    assert cal.add(local(2026, 11, 23, 6, 0), H) == local(2026, 11, 23, 9, 30)
    assert cal.add(local(2026, 11, 23, 18, 0), H) == local(2026, 11, 24, 9, 30)
    assert cal.add(local(2026, 11, 21, 12, 0), 0) == local(2026, 11, 23, 8, 30)
    assert cal.next_opening(local(2026, 11, 23, 12, 0)) == local(2026, 11, 23, 12, 0)


def test_result_ends_at_closing_not_at_next_opening(cal):
    assert cal.add(local(2026, 11, 23, 16, 0), H) == local(2026, 11, 23, 17, 0)
    assert cal.add(local(2026, 11, 20, 8, 30), int(8.5 * H)) == local(2026, 11, 20, 17, 0)


def test_christmas_shortened_23_december_and_holidays(cal):
    # 2026-12-23 is a Wednesday: it closes at 14:00; 24.-26.12 are public holidays.
    assert cal.day_hours(date(2026, 12, 23)) == (time(8, 30), time(14, 0))
    assert cal.hours_on(date(2026, 12, 23)) == [(local(2026, 12, 23, 8, 30), local(2026, 12, 23, 14, 0))]
    assert cal.hours_on(date(2026, 12, 24)) == []
    assert cal.add(local(2026, 12, 23, 13, 0), 2 * H) == local(2026, 12, 28, 9, 30)
    assert cal.between(local(2026, 12, 23, 0, 0), local(2026, 12, 24, 0, 0)) == int(5.5 * H)


def test_new_year_eve_shortened(cal):
    assert cal.day_hours(date(2026, 12, 31)) == (time(8, 30), time(14, 0))  # Thursday
    assert cal.add(local(2026, 12, 31, 13, 30), H) == local(2027, 1, 4, 9, 0)  # 1.1. holiday, then weekend


def test_victory_day_and_midsummer(cal):
    # 2026-06-22 is a Monday (shortened); 23.06 and 24.06 are public holidays.
    assert cal.day_hours(date(2026, 6, 22)) == (time(8, 30), time(14, 0))
    assert not cal.is_working_day(date(2026, 6, 23))
    assert not cal.is_working_day(date(2026, 6, 24))
    assert cal.add(local(2026, 6, 22, 13, 0), int(1.5 * H)) == local(2026, 6, 25, 9, 0)


def test_independence_day_eve_shortened(cal):
    assert cal.day_hours(date(2026, 2, 23)) == (time(8, 30), time(14, 0))  # Monday
    assert not cal.is_working_day(date(2026, 2, 24))


def test_shortening_only_on_the_date_itself_when_working():
    cal = WorkCalendar()
    # 2030-02-23 is a Saturday: no working day is shortened (not the Friday before).
    assert cal.day_hours(date(2030, 2, 22)) == (time(8, 30), time(17, 0))
    assert cal.day_hours(date(2030, 2, 23)) is None
    # An agency open on Saturdays has that Saturday shortened.
    saturdays = WorkCalendar(weekly={**DEFAULT_OPENING_HOURS, 5: (time(9), time(15))})
    assert saturdays.day_hours(date(2030, 2, 23)) == (time(9), time(12))
    # A day too short to shorten closes.
    short = WorkCalendar(weekly={weekday: (time(9), time(11)) for weekday in range(7)})
    assert short.day_hours(date(2026, 12, 23)) is None


def test_moving_holidays_good_friday_and_easter(cal):
    assert not cal.is_working_day(date(2027, 3, 26))  # Good Friday
    easter_sunday_open = WorkCalendar(weekly={weekday: (time(9), time(17)) for weekday in range(7)})
    assert not easter_sunday_open.is_working_day(date(2027, 3, 28))  # Easter Sunday
    assert easter_sunday_open.is_working_day(date(2027, 3, 27))
    assert easter_sunday_open.is_working_day(date(2027, 3, 29))  # Easter Monday is no holiday in Estonia
    assert cal.add(local(2027, 3, 25, 16, 30), H) == local(2027, 3, 29, 9, 0)


def test_opening_hours_per_weekday():
    cal = WorkCalendar(weekly={0: (time(8), time(18)), 2: (time(10), time(12)), 4: (time(8), time(14))})
    assert cal.between(local(2026, 11, 23), local(2026, 11, 30)) == (10 + 2 + 6) * H
    assert cal.add(local(2026, 11, 23, 17, 0), 2 * H) == local(2026, 11, 25, 11, 0)
    assert not cal.is_working_day(date(2026, 11, 24))


def test_extra_day_off_and_extra_working_day():
    off = WorkCalendar(days={date(2026, 11, 23): None})
    assert off.add(local(2026, 11, 20, 16, 0), 2 * H) == local(2026, 11, 24, 9, 30)
    saturday = WorkCalendar(days={date(2026, 11, 21): (time(10), time(14))})
    assert saturday.add(local(2026, 11, 20, 16, 0), 2 * H) == local(2026, 11, 21, 11, 0)
    # Hours of its own on a public holiday open it; they are not shortened either.
    special = WorkCalendar(
        days={date(2026, 12, 24): (time(9), time(12)), date(2026, 12, 23): (time(8), time(17))}
    )
    assert special.day_hours(date(2026, 12, 24)) == (time(9), time(12))
    assert special.day_hours(date(2026, 12, 23)) == (time(8), time(17))


def test_dst_weekends_counted_in_real_time(cal):
    # Friday 16:00 EET to Monday 09:00 EEST (spring) and back (autumn): 1 h + 30 min either way.
    assert cal.between(local(2026, 3, 27, 16, 0), local(2026, 3, 30, 9, 0)) == int(1.5 * H)
    assert cal.between(local(2026, 10, 23, 16, 0), local(2026, 10, 26, 9, 0)) == int(1.5 * H)
    assert cal.add(local(2026, 3, 27, 16, 0), int(1.5 * H)) == local(2026, 3, 30, 9, 0)
    assert cal.add(local(2026, 10, 23, 16, 0), int(1.5 * H)) == local(2026, 10, 26, 9, 0)


def test_dst_day_itself_as_a_working_day():
    night = WorkCalendar(weekly={6: (time(1), time(6))})  # open on Sundays across the switch
    # 29.03.2026: 03:00 EET becomes 04:00 EEST, so 01:00-06:00 local is 4 real hours; 25.10: 6.
    assert night.between(local(2026, 3, 29), local(2026, 3, 30)) == 4 * H
    assert night.between(local(2026, 10, 25), local(2026, 10, 26)) == 6 * H
    assert night.add(local(2026, 3, 29, 1, 0), 2 * H) == local(2026, 3, 29, 4, 0)
    assert night.add(local(2026, 3, 29, 1, 0), 4 * H) == local(2026, 3, 29, 6, 0)
    autumn_end = night.add(local(2026, 10, 25, 1, 0), 6 * H)
    assert autumn_end == local(2026, 10, 25, 6, 0)
    assert night.add(local(2026, 10, 25, 1, 0), 3 * H) == datetime(2026, 10, 25, 1, 0, tzinfo=UTC)
    day = WorkCalendar(weekly={6: (time(8, 30), time(17, 0))})  # the switch is before opening
    assert day.hours_on(date(2026, 3, 29)) == [(local(2026, 3, 29, 8, 30), local(2026, 3, 29, 17, 0))]
    assert day.between(local(2026, 3, 29), local(2026, 3, 30)) == int(8.5 * H)
    assert day.between(local(2026, 10, 25), local(2026, 10, 26)) == int(8.5 * H)


def test_add_days_rule(cal):
    friday, saturday = local(2026, 11, 20, 10, 0), local(2026, 11, 21, 10, 0)
    monday_close = local(2026, 11, 23, 17, 0)
    assert cal.add_days(friday, 1) == monday_close
    assert cal.add_days(local(2026, 11, 20, 20, 0), 1) == monday_close  # after closing: still Friday's date
    assert cal.add_days(saturday, 1) == monday_close  # counting begins at the next working day
    assert cal.add_days(friday, 0) == local(2026, 11, 20, 17, 0)
    assert cal.add_days(local(2026, 11, 20, 17, 0), 0) == monday_close
    assert cal.add_days(saturday, 0) == monday_close
    # Five working days from 22.12.2026: 23 (shortened), 28, 29, 30, 31 (shortened).
    assert cal.add_days(local(2026, 12, 22, 9, 0), 5) == local(2026, 12, 31, 14, 0)
    assert cal.add_working_days(date(2026, 12, 22), 5) == date(2026, 12, 31)


def test_long_spans_cross_years_and_reach_back(cal):
    start = local(2026, 5, 4, 12, 0)
    end = cal.add(start, 5000 * H)  # about 2.3 years of working time
    assert end.astimezone(UTC).year == 2028
    assert cal.between(start, end) == 5000 * H
    earlier = local(2019, 6, 3, 9, 0)  # before everything laid out so far
    assert cal.between(earlier, start) == WorkCalendar().between(earlier, start)
    assert cal.add(earlier, 10 * H) == local(2019, 6, 4, 10, 30)
    assert cal.add_days(earlier, 260) == WorkCalendar().add_days(earlier, 260)


def test_bad_input():
    cal = WorkCalendar()
    with pytest.raises(ValueError):
        cal.add(local(2026, 11, 23, 9, 0), -1)
    with pytest.raises(ValueError):
        cal.add_days(local(2026, 11, 23, 9, 0), -1)
    with pytest.raises(ValueError):
        cal.add(datetime(2026, 11, 23, 9, 0), 60)  # naive datetime
    assert cal.between(local(2026, 11, 24), local(2026, 11, 23)) == 0
    with pytest.raises(ValueError):
        WorkCalendar(weekly={0: (time(17), time(9))})


def test_calendar_without_opening_hours_raises_instead_of_looping():
    closed = WorkCalendar(weekly={})
    with pytest.raises(ValidationFailed):
        closed.add(local(2026, 11, 23, 9, 0), 60)
    with pytest.raises(ValidationFailed):
        closed.add_days(local(2026, 11, 23, 9, 0), 1)
    assert closed.between(local(2026, 1, 1), local(2027, 1, 1)) == 0
    one_day = WorkCalendar(weekly={}, days={date(2026, 12, 1): (time(9), time(10))})
    assert one_day.add(local(2026, 11, 23, 9, 0), 1800) == local(2026, 12, 1, 9, 30)
    assert one_day.add_days(local(2026, 11, 23, 9, 0), 1) == local(2026, 12, 1, 10, 0)
    with pytest.raises(ValidationFailed):
        one_day.add(local(2026, 11, 23, 9, 0), 2 * H)
