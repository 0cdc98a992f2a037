"""Planned against actual on hand-made spans and shifts: every figure counted by hand."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from teenindus.workforce.actual_timeline import (
    ABSENT,
    EARLY,
    LATE,
    LONG_BREAK,
    UNSCHEDULED,
    PlannedShift,
    Timeline,
    hours_minutes,
    person_days,
)

TALLINN = ZoneInfo("Europe/Tallinn")
DAY = date(2026, 11, 10)  # a Tuesday, UTC+2
MIN = 60


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TALLINN)


def spans(*parts, end=None):
    """(state, start) pairs; each ends where the next starts, the last at `end` (None: open)."""
    out = []
    for i, (state, start) in enumerate(parts):
        stop = parts[i + 1][1] if i + 1 < len(parts) else end
        out.append((state, start, stop))
    return out


def day_shift(day=DAY, *, break_at=(12, 0), break_minutes=30, **extra) -> PlannedShift:
    return PlannedShift(
        day=day,
        starts_at=at(8, 0, day),
        ends_at=at(16, 30, day),
        break_starts_at=at(*break_at, day) if break_at else None,
        break_minutes=break_minutes,
        **extra,
    )


def only(rows):
    assert len(rows) == 1
    return rows[0]


def kinds(row):
    return [e.kind for e in row.exceptions]


LATER = at(9, 0, DAY + timedelta(days=3))


def test_late_start_long_break_and_early_end():
    rows = person_days(
        spans=spans(
            ("offline", at(7, 0)),
            ("available", at(8, 10)),
            ("break", at(12, 0)),
            ("available", at(12, 40)),
            ("offline", at(16, 20)),
            end=None,
        ),
        shifts=[day_shift()],
        first=DAY,
        last=DAY,
        now=LATER,
    )
    row = only(rows)
    assert row.planned == row.scheduled == 480 * MIN
    # work time 08:00–12:00 and 12:30–16:30: on the phones 08:10–12:00 (230) and 12:40–16:20 (220);
    # the scheduled break 12:00–12:30 in the break state (30): 480 of the shift's 510 minutes.
    assert row.adherent == 480 * MIN and row.shift_elapsed == 510 * MIN
    assert row.adherence == pytest.approx(480 / 510)
    assert row.inside == 490 * MIN and row.outside == 0 and row.breaks == 40 * MIN
    assert row.worked == 450 * MIN
    assert row.conformance == pytest.approx(450 / 480)
    assert kinds(row) == [LATE, LONG_BREAK, EARLY]
    late, long_break, early = row.exceptions
    assert (late.starts, late.ends, late.minutes) == (at(8, 0), at(8, 10), 10)
    assert (long_break.starts, long_break.ends, long_break.minutes) == (at(12, 0), at(12, 40), 40)
    assert (early.starts, early.ends, early.minutes) == (at(16, 20), at(16, 30), 10)
    assert not row.absent


def test_span_crossing_the_shift_start_training_and_early_sign_in():
    shift = PlannedShift(day=DAY, starts_at=at(8), ends_at=at(12))
    rows = person_days(
        spans=spans(
            ("available", at(7, 40)),
            ("on_call", at(9, 0)),
            ("acw", at(9, 30)),
            ("training", at(9, 35)),
            ("available", at(10, 35)),
            ("offline", at(12, 0)),
        ),
        shifts=[shift],
        first=DAY,
        last=DAY,
        now=LATER,
    )
    row = only(rows)
    # The span 07:40–09:00 counts from 08:00 inside the shift, its first 20 minutes outside.
    assert row.inside == 240 * MIN and row.outside == 20 * MIN
    # phones: 60 + 30 + 5 + 85; training (60 min) is not the scheduled activity
    assert row.adherent == 180 * MIN and row.adherence == pytest.approx(0.75)
    assert row.other_work == 60 * MIN
    assert row.worked == 260 * MIN and row.conformance == pytest.approx(260 / 240)
    assert kinds(row) == [UNSCHEDULED]
    assert (row.exceptions[0].starts, row.exceptions[0].ends, row.exceptions[0].minutes) == (
        at(7, 40),
        at(8, 0),
        20,
    )


def test_open_span_counted_up_to_now_and_not_signed_in_yet():
    now = at(10, 0)
    working = only(
        person_days(
            spans=[("offline", at(6, 0), at(7, 58)), ("available", at(7, 58), None)],
            shifts=[day_shift()],
            first=DAY,
            last=DAY,
            now=now,
        )
    )
    assert working.scheduled == 120 * MIN and working.planned == 480 * MIN
    assert working.inside == 120 * MIN and working.outside == 2 * MIN
    assert working.adherence == 1.0
    assert working.conformance == pytest.approx(122 / 120)
    assert working.exceptions == []  # no early end while the shift runs, 2 min early is no exception
    missing = only(person_days(spans=[], shifts=[day_shift()], first=DAY, last=DAY, now=now))
    assert not missing.absent
    assert kinds(missing) == [LATE] and missing.exceptions[0].ends is None
    assert missing.exceptions[0].minutes == 120
    upcoming = only(person_days(spans=[], shifts=[day_shift()], first=DAY, last=DAY, now=at(7, 0)))
    assert upcoming.upcoming and upcoming.exceptions == [] and upcoming.adherence is None


def test_breaks_longer_than_scheduled_in_total():
    rows = person_days(
        spans=spans(
            ("available", at(8, 0)),
            ("break", at(10, 0)),
            ("available", at(10, 20)),
            ("break", at(12, 0)),
            ("available", at(12, 20)),
            ("offline", at(16, 30)),
        ),
        shifts=[day_shift()],
        first=DAY,
        last=DAY,
        now=LATER,
    )
    row = only(rows)
    assert kinds(row) == [LONG_BREAK]
    total = row.exceptions[0]
    assert (total.starts, total.ends, total.minutes) == (at(10, 0), at(12, 20), 40)
    # not adherent: the break 10:00–10:20 in work time, and 12:20–12:30 on the phones in the
    # scheduled break (12:00–12:30)
    assert row.adherent == (510 - 20 - 10) * MIN
    assert row.breaks == 40 * MIN and row.worked == 470 * MIN


def test_one_long_break_is_listed_alone():
    row = only(
        person_days(
            spans=spans(
                ("available", at(8, 0)),
                ("break", at(12, 0)),
                ("available", at(12, 36)),
                ("offline", at(16, 30)),
            ),
            shifts=[day_shift()],
            first=DAY,
            last=DAY,
            now=LATER,
        )
    )
    assert kinds(row) == [LONG_BREAK] and row.exceptions[0].minutes == 36
    row = only(
        person_days(
            spans=spans(
                ("available", at(8, 0)),
                ("break", at(12, 0)),
                ("available", at(12, 35)),
                ("offline", at(16, 30)),
            ),
            shifts=[day_shift()],
            first=DAY,
            last=DAY,
            now=LATER,
        )
    )
    assert row.exceptions == []  # exactly break + 5 min is within the tolerance


def test_days_without_a_shift_and_an_absent_day():
    monday, tuesday, wednesday = DAY - timedelta(days=1), DAY, DAY + timedelta(days=1)
    rows = person_days(
        spans=[
            ("available", at(10, 0, monday), at(10, 30, monday)),
            ("offline", at(10, 30, monday), at(9, 0, wednesday)),
            ("available", at(9, 0, wednesday), at(9, 10, wednesday)),
            ("offline", at(9, 10, wednesday), None),
        ],
        shifts=[day_shift(tuesday)],
        first=monday,
        last=wednesday + timedelta(days=1),
        now=LATER,
    )
    assert [r.day for r in rows] == [monday, tuesday, wednesday]
    mon, tue, wed = rows
    assert mon.shift is None and mon.outside == 30 * MIN and mon.worked == 30 * MIN
    assert kinds(mon) == [UNSCHEDULED] and mon.conformance is None and mon.adherence is None
    assert (mon.exceptions[0].starts, mon.exceptions[0].ends) == (at(10, 0, monday), at(10, 30, monday))
    assert tue.absent and kinds(tue) == [ABSENT]
    assert tue.inside == 0 and tue.worked == 0 and tue.conformance == 0.0
    # signed out through the scheduled break is adherent to it: 30 of 510 minutes
    assert tue.adherent == 30 * MIN and tue.adherence == pytest.approx(30 / 510)
    assert wed.shift is None and wed.outside == 10 * MIN and wed.exceptions == []


def test_shift_crossing_midnight_belongs_to_its_day():
    night, morning = DAY, DAY + timedelta(days=1)
    shift = PlannedShift(
        day=night,
        starts_at=at(22, 0, night),
        ends_at=at(6, 0, morning),
        break_starts_at=at(2, 0, morning),
        break_minutes=30,
        night_minutes=480,
    )
    rows = person_days(
        spans=spans(
            ("available", at(21, 55, night)),
            ("break", at(2, 0, morning)),
            ("available", at(2, 30, morning)),
            ("offline", at(6, 10, morning)),
        ),
        shifts=[shift],
        first=night,
        last=morning,
        now=LATER,
    )
    first, second = rows
    assert first.day == night and first.inside == 480 * MIN and first.outside == 5 * MIN
    assert first.scheduled == 450 * MIN and first.worked == 455 * MIN
    assert first.adherence == 1.0 and first.exceptions == []
    # the morning after: only the 10 minutes past the shift's end, within the tolerance
    assert second.day == morning and second.shift is None and second.outside == 10 * MIN
    assert second.inside == 0 and second.exceptions == []


def test_break_without_a_start_sits_in_the_middle():
    shift = day_shift(break_at=None)
    assert shift.break_window == (at(12, 0), at(12, 30))


def test_timeline_ends_a_span_where_the_next_begins_and_at_now():
    line = Timeline([("available", at(8), at(11)), ("on_call", at(10), None)], now=at(12))
    assert [(s.state, s.start, s.end) for s in line.spans] == [
        ("available", at(8), at(10)),
        ("on_call", at(10), at(12)),
    ]


def test_hours_minutes():
    assert hours_minutes(7.5 * 3600) == "7:30"
    assert hours_minutes(-15 * 60) == "−0:15"
    assert hours_minutes(None) == "—"
