"""The hard rules checked on a finished roster, written apart from the solver's model: each
person's shifts are sorted as aware-datetime intervals, and gaps, rolling windows and sums are
measured directly in UTC. Used by the tests and the benchmark on every solution.

Rules (the same reading as solver.py's docstring): at most one shift a local day; every shift an
existing option at its stated local start, end = start + length in real time, break as the option
says; a shift over 6 h has a break of at least 30 min inside it; 11 h between one shift's end and
the next one's start; in each of the period's whole weeks (local midnight of day 7k to local
midnight of day 7k + 7) a stretch of at least 47 h without work (36 h of weekly rest after the
11 h of daily rest); at most 48 h of work a week on average (a period under a week counts as a
week); work minutes within contracted ± tolerance; no shift touching a day of approved absence."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from .problem import Assignment, Problem

HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Violation:
    rule: str  # one of problem.Unsolvable.RULES, or "one_a_day" / "option"
    person: int  # Person.key
    day: int | None
    detail: str


def _day_bounds(problem: Problem, day: int) -> tuple[datetime, datetime]:
    """Local midnight of `day` and of the day after, in UTC."""
    zone = ZoneInfo(problem.tz)
    d = problem.first_day + timedelta(days=day)
    start = datetime(d.year, d.month, d.day, tzinfo=zone)
    n = d + timedelta(days=1)
    return start.astimezone(UTC), datetime(n.year, n.month, n.day, tzinfo=zone).astimezone(UTC)


def violations(problem: Problem, assignments: list[Assignment]) -> list[Violation]:
    out: list[Violation] = []
    options = {o.key: o for o in problem.options}
    people = {p.key: p for p in problem.people}
    zone = ZoneInfo(problem.tz)
    by_person: dict[int, list[Assignment]] = {}
    for a in assignments:
        by_person.setdefault(a.person, []).append(a)
        if a.person not in people:
            out.append(Violation("option", a.person, a.day, "no such person"))
    for key, shifts in by_person.items():
        shifts.sort(key=lambda a: a.starts_at.astimezone(UTC))
        person = people.get(key)
        seen_days: set[int] = set()
        work = 0
        for a in shifts:
            s, e = a.starts_at.astimezone(UTC), a.ends_at.astimezone(UTC)
            if a.day in seen_days:
                out.append(Violation("one_a_day", key, a.day, "two shifts start on this day"))
            seen_days.add(a.day)
            if not 0 <= a.day < problem.days:
                out.append(Violation("option", key, a.day, "day outside the period"))
            option = options.get(a.option)
            if option is None:
                out.append(Violation("option", key, a.day, f"no option {a.option!r}"))
            else:
                d = problem.first_day + timedelta(days=a.day)
                want = datetime(d.year, d.month, d.day, tzinfo=zone) + timedelta(
                    minutes=option.start
                )  # wall-clock arithmetic: the local start
                if s != want.astimezone(UTC):
                    out.append(Violation("option", key, a.day, f"starts at {a.starts_at}"))
                if e - s != timedelta(minutes=option.length):
                    out.append(Violation("option", key, a.day, "length differs from the option"))
                if a.break_minutes != option.break_minutes:
                    out.append(Violation("option", key, a.day, "break differs from the option"))
            span = (e - s).total_seconds() / 60
            work += span - a.break_minutes
            if span > 6 * 60:
                inside = (
                    a.break_starts_at is not None
                    and s < a.break_starts_at.astimezone(UTC)
                    and a.break_starts_at.astimezone(UTC) + timedelta(minutes=a.break_minutes) < e
                )
                if a.break_minutes < 30 or not inside:
                    out.append(
                        Violation(
                            "break",
                            key,
                            a.day,
                            f"{span / 60:.2f} h shift with a {a.break_minutes} min break"
                            + ("" if inside else " not inside it"),
                        )
                    )
            if person is not None:
                for d in person.unavailable:
                    d0, d1 = _day_bounds(problem, d)
                    if s < d1 and e > d0:
                        out.append(Violation("absence", key, d, "shift during an absence"))
        for prev, nxt in zip(shifts, shifts[1:], strict=False):
            gap = nxt.starts_at.astimezone(UTC) - prev.ends_at.astimezone(UTC)
            if gap < 11 * HOUR:
                out.append(Violation("daily_rest", key, nxt.day, f"{gap / HOUR:.2f} h of rest before it"))
        for w in range(0, problem.days - 6, 7):  # the period's whole weeks
            w0 = _day_bounds(problem, w)[0]
            w1 = _day_bounds(problem, w + 6)[1]
            longest, cursor = timedelta(0), w0
            for a in shifts:
                s, e = a.starts_at.astimezone(UTC), a.ends_at.astimezone(UTC)
                if e <= w0 or s >= w1:
                    continue
                longest = max(longest, max(s, w0) - cursor)
                cursor = max(cursor, e)
            longest = max(longest, w1 - min(cursor, w1))
            if longest < (11 + 36) * HOUR:  # the daily rest, then the weekly rest
                out.append(
                    Violation(
                        "weekly_rest",
                        key,
                        w,
                        f"longest rest in days {w}-{w + 6} is {longest / HOUR:.2f} h",
                    )
                )
        if work > 48 * 60 * max(problem.days, 7) / 7:  # a period under a week counts as one
            out.append(
                Violation(
                    "week_average",
                    key,
                    None,
                    f"{work / 60:.2f} h in {problem.days} days is over 48 h a week on average",
                )
            )
    for person in problem.people:
        work = sum(
            (a.ends_at.astimezone(UTC) - a.starts_at.astimezone(UTC)).total_seconds() / 60 - a.break_minutes
            for a in by_person.get(person.key, ())
        )
        if abs(work - person.contracted) > person.tolerance:
            out.append(
                Violation(
                    "contracted_hours",
                    person.key,
                    None,
                    f"{work / 60:.2f} h worked, {person.contracted / 60:.2f} h "
                    f"± {person.tolerance / 60:.2f} h contracted",
                )
            )
    return out
