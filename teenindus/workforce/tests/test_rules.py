"""The independent rule check (rules.py) on hand-made rosters: each rule broken on its own."""

from datetime import date

from teenindus.workforce.problem import Assignment, Person, Problem, ShiftOption
from teenindus.workforce.rules import violations

DAY = ShiftOption("D", 8 * 60, 510, 30)  # 08:00-16:30, break 30 min: 8 h of work
LONG = ShiftOption("L", 7 * 60, 600, 30)  # 07:00-17:00: 9.5 h of work
NOBREAK = ShiftOption("N", 8 * 60, 420, 0)  # 7 h without a break
LATE = ShiftOption("E", 13 * 60, 480, 30)  # 13:00-21:00
EARLY = ShiftOption("M", 7 * 60, 480, 30)  # 07:00-15:00
SHORT = ShiftOption("S", 8 * 60, 360)  # 08:00-14:00, 6 h: no break needed
TWELVE = ShiftOption("X", 7 * 60, 750, 30)  # 07:00-19:30: 12 h of work


def problem(days=7, first=date(2026, 6, 1), contracted=5 * 480, tolerance=60, unavailable=()):
    return Problem(
        first_day=first,
        days=days,
        tz="Europe/Tallinn",
        people=(Person(1, "Mari Maasikas", contracted, tolerance, frozenset(unavailable)),),
        options=(DAY, LONG, NOBREAK, LATE, EARLY, SHORT, TWELVE),
        required=tuple((0,) * 96 for _ in range(days)),
    )


def shift(p, day, option, person=1):
    start = p.local(day, option.start)
    brk = p.at(p.minute(start) + (option.length - option.break_minutes) // 2)
    return Assignment(
        person=person,
        day=day,
        option=option.key,
        starts_at=start,
        ends_at=p.at(p.minute(start) + option.length),
        break_starts_at=brk if option.break_minutes else None,
        break_minutes=option.break_minutes,
    )


def rules(found):
    return sorted({v.rule for v in found})


def test_a_lawful_week_has_no_violations():
    p = problem()
    assert violations(p, [shift(p, d, DAY) for d in range(5)]) == []


def test_daily_rest_under_11_hours():
    p = problem(contracted=2 * 450, tolerance=120)
    found = violations(p, [shift(p, 0, LATE), shift(p, 1, EARLY)])  # 21:00 -> 07:00: 10 h
    assert rules(found) == ["daily_rest"]
    assert found[0].day == 1 and found[0].person == 1


def test_weekly_rest_under_36_hours_in_seven_days():
    p = problem(contracted=7 * 480, tolerance=60)
    found = violations(p, [shift(p, d, DAY) for d in range(7)])
    assert "weekly_rest" in rules(found)


def test_weekly_rest_comes_after_the_daily_rest_so_one_day_off_is_not_enough():
    # 16:30 on day 2 to 08:00 on day 4 is 39.5 h: 36 h of weekly rest, but not after 11 h of
    # daily rest (CJEU C-477/21): the week needs 47 h in a row.
    p = problem(contracted=6 * 480, tolerance=60)
    found = violations(p, [shift(p, d, DAY) for d in [0, 1, 2, 4, 5, 6]])
    assert rules(found) == ["weekly_rest"]
    assert found[0].day == 0 and "39.50 h" in found[0].detail


def test_weekly_rest_of_47_hours_around_one_day_off_is_enough():
    p = problem(contracted=3 * 360 + 3 * 450, tolerance=60)
    days = [(0, SHORT), (1, SHORT), (2, SHORT), (4, LATE), (5, LATE), (6, LATE)]
    # 14:00 on day 2 to 13:00 on day 4: exactly 47 h.
    assert violations(p, [shift(p, d, o) for d, o in days]) == []


def test_weekly_rest_needs_36_hours_not_just_a_day_off():
    p = problem(contracted=6 * 450, tolerance=60)
    days = [(0, LATE), (1, LATE), (2, LATE), (4, EARLY), (5, EARLY), (6, EARLY)]
    # 21:00 on day 2 to 07:00 on day 4 is 34 h; the ends of the week hold less.
    found = violations(p, [shift(p, d, o) for d, o in days])
    assert rules(found) == ["weekly_rest"]


def test_weekly_rest_is_owed_in_each_week_not_after_every_six_working_days():
    # Wednesday to the next Tuesday, seven days in a row: each calendar week still holds its
    # rest (Monday 00:00 to Wednesday 08:00; Tuesday 16:30 to the next Monday), which is how
    # the CJEU reads "per each seven-day period" (C-306/16).
    p = problem(days=14, contracted=7 * 480, tolerance=60)
    assert violations(p, [shift(p, d, DAY) for d in range(2, 9)]) == []


def test_a_rest_counts_in_the_week_it_lies_in():
    # Monday to Saturday, then Sunday and Monday off, then Tuesday to Friday: 63.5 h from
    # Saturday 16:30 to Tuesday 08:00, but the first week holds only 31.5 h of it. The second
    # week has its own rest at its end.
    p = problem(days=14, contracted=10 * 480, tolerance=60)
    found = violations(p, [shift(p, d, DAY) for d in [*range(6), *range(8, 12)]])
    assert rules(found) == ["weekly_rest"]
    assert [v.day for v in found] == [0]


def test_break_missing_in_a_shift_over_six_hours():
    p = problem(contracted=420, tolerance=0)
    found = violations(p, [shift(p, 0, NOBREAK)])
    assert rules(found) == ["break"]


def test_average_week_over_48_hours():
    p = problem(contracted=5 * 720, tolerance=0)
    found = violations(p, [shift(p, d, TWELVE) for d in range(5)])  # 60 h
    assert rules(found) == ["week_average"]


def test_contracted_hours_outside_the_tolerance():
    p = problem(contracted=5 * 480, tolerance=60)
    found = violations(p, [shift(p, d, DAY) for d in range(4)])
    assert rules(found) == ["contracted_hours"]


def test_shift_on_an_approved_absence():
    p = problem(unavailable=[3])
    found = violations(p, [shift(p, d, DAY) for d in range(5)])
    assert rules(found) == ["absence"] and found[0].day == 3


def test_two_shifts_on_one_day_and_unknown_options():
    p = problem(contracted=5 * 480, tolerance=60)
    two = [shift(p, d, DAY) for d in range(5)] + [shift(p, 0, LATE)]
    assert "one_a_day" in rules(violations(p, two))
    bad = [shift(p, d, DAY) for d in range(5)]
    bad[0] = Assignment(**{**bad[0].__dict__, "option": "nope"})
    assert rules(violations(p, bad)) == ["option"]
    moved = [shift(p, d, DAY) for d in range(5)]
    moved[1] = Assignment(**{**moved[1].__dict__, "starts_at": p.local(1, 9 * 60)})
    assert "option" in rules(violations(p, moved))


def test_rest_is_measured_in_real_time_across_a_clock_change():
    # 2026-03-29 03:00 -> 04:00 in Tallinn: 21:00 to 08:00 on the wall is 10 real hours.
    spring = problem(days=2, first=date(2026, 3, 28), contracted=2 * 450, tolerance=0)
    wake = ShiftOption("M", 8 * 60, 480, 30)
    spring = Problem(**{**spring.__dict__, "options": (LATE, wake)})
    found = violations(spring, [shift(spring, 0, LATE), shift(spring, 1, wake)])
    assert [v.day for v in found if v.rule == "daily_rest"] == [1]
    # 2026-10-25 04:00 -> 03:00: 21:00 to 07:00 on the wall is 11 real hours.
    autumn = problem(days=2, first=date(2026, 10, 24), contracted=2 * 450, tolerance=0)
    found = violations(autumn, [shift(autumn, 0, LATE), shift(autumn, 1, EARLY)])
    assert "daily_rest" not in rules(found)
