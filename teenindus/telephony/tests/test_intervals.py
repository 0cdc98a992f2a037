from datetime import UTC, date, datetime

from teenindus.telephony.intervals import (
    day_length_slots,
    period_key,
    period_start,
    slot_of,
    slot_start,
    split_by_slot,
)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_winter_and_summer_slots():
    assert slot_of(utc(2026, 1, 15, 7, 14, 59)) == (date(2026, 1, 15), 36)  # 09:14:59 EET
    assert slot_of(utc(2026, 7, 15, 6, 15)) == (date(2026, 7, 15), 37)  # 09:15 EEST


def test_late_evening_utc_is_the_next_local_day():
    assert slot_of(utc(2026, 7, 14, 21, 5)) == (date(2026, 7, 15), 0)  # 00:05 EEST


def test_spring_forward_day_has_23_hours():
    # 29 March 2026: 03:00 EET jumps to 04:00 EEST.
    assert day_length_slots(date(2026, 3, 29)) == 92
    assert slot_of(utc(2026, 3, 29, 0, 59)) == (date(2026, 3, 29), 11)  # 02:59 EET
    assert slot_of(utc(2026, 3, 29, 1, 0)) == (date(2026, 3, 29), 12)  # 04:00 EEST, the next slot
    assert slot_start(date(2026, 3, 29), 12).isoformat() == "2026-03-29T04:00:00+03:00"


def test_fall_back_day_has_25_hours_and_the_repeated_hour_twice():
    # 25 October 2026: 04:00 EEST falls back to 03:00 EET; 03:00-04:00 happens twice.
    assert day_length_slots(date(2026, 10, 25)) == 100
    first = slot_of(utc(2026, 10, 25, 0, 10))  # 03:10 EEST
    second = slot_of(utc(2026, 10, 25, 1, 10))  # 03:10 EET
    assert first == (date(2026, 10, 25), 12) and second == (date(2026, 10, 25), 16)
    assert slot_start(*first).isoformat() == "2026-10-25T03:00:00+03:00"
    assert slot_start(*second).isoformat() == "2026-10-25T03:00:00+02:00"
    assert period_start(period_key(*second, "hour"), "hour").isoformat() == "2026-10-25T03:00:00+02:00"


def test_periods():
    day = date(2026, 11, 19)  # a Thursday
    assert period_start(period_key(day, 40, "week"), "week").isoformat() == "2026-11-16T00:00:00+02:00"
    assert period_start(period_key(day, 40, "month"), "month").isoformat() == "2026-11-01T00:00:00+02:00"
    assert period_start(period_key(day, 41, "hour"), "hour").isoformat() == "2026-11-19T10:00:00+02:00"


def test_split_across_slots_and_midnight():
    parts = list(split_by_slot(utc(2026, 11, 19, 21, 50), utc(2026, 11, 19, 22, 20)))  # 23:50 -> 00:20
    assert parts == [
        (date(2026, 11, 19), 95, 600.0),
        (date(2026, 11, 20), 0, 900.0),
        (date(2026, 11, 20), 1, 300.0),
    ]
