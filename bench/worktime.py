"""Due times with the working-time calendar (issue #10 §3): 100,000 tickets with random start
instants over 2027 and random SLA amounts (half in working hours, 1-40 h; half in working days,
1-15 days), computed with the fast calendar loaded once from the database (SQLite, migrated fresh,
a few exception days added through the services), and the ratio to the naive minute-by-minute
walk (core/worktime_reference.py) measured in the same run on a sample of the same tickets and
extrapolated; the sample's results are checked equal to the fast ones.

Goal from the issue: 100,000 due times in < 5 s.
Usage: python bench/worktime.py [--tickets 100000] [--sample 1000] [--seed 10] [--no-db]
  --no-db: the calendar is built from the defaults (Mon-Fri 08:30-17:00) without a database.
"""

import argparse
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

from _setup import ROOT, setup, sqlite_url

YEAR_START = datetime(2027, 1, 1, tzinfo=UTC)
YEAR_SECONDS = 365 * 24 * 3600


def tickets(count: int, seed: int) -> list[tuple[datetime, str, int]]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        start = YEAR_START + timedelta(minutes=rng.randrange(YEAR_SECONDS // 60))
        if rng.random() < 0.5:
            out.append((start, "hours", rng.randint(1, 40)))
        else:
            out.append((start, "days", rng.randint(1, 15)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--no-db", action="store_true")
    args = parser.parse_args()

    if args.no_db:
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from teenindus.core.worktime import WorkCalendar

        def load():
            return WorkCalendar()

        source = "defaults, no database"
    else:
        setup(sqlite_url("bench_worktime"))
        from teenindus.core.services import calendar_day_set
        from teenindus.core.worktime import calendar_load

        for day in (date(2027, 5, 14), date(2027, 8, 16), date(2027, 12, 27)):
            calendar_day_set(actor=None, day=day, kind="closed", note="bench: extra day off")
        calendar_day_set(actor=None, day=date(2027, 3, 20), kind="open", opens=clock(10), closes=clock(14))
        load = calendar_load
        source = "SQLite, defaults + 3 extra days off + 1 extra working Saturday"

    from teenindus.core.worktime_reference import naive_add, naive_add_days

    work = tickets(args.tickets, args.seed)
    started = time.perf_counter()
    cal = load()
    loaded = time.perf_counter() - started
    due = [
        cal.add(start, amount * 3600) if kind == "hours" else cal.add_days(start, amount)
        for start, kind, amount in work
    ]
    fast = time.perf_counter() - started

    sample = random.Random(args.seed + 1).sample(range(len(work)), min(args.sample, len(work)))
    naive_cal = load()
    started = time.perf_counter()
    naive_due = {}
    for i in sample:
        start, kind, amount = work[i]
        naive_due[i] = (
            naive_add(naive_cal, start, amount * 3600)
            if kind == "hours"
            else naive_add_days(naive_cal, start, amount)
        )
    naive = time.perf_counter() - started
    mismatches = sum(naive_due[i] != due[i] for i in sample)
    naive_full = naive / len(sample) * len(work)

    print(f"Working-time calendar: {len(work):,} due times (calendar: {source}, version {cal.version})")
    print("  tickets                 starts over 2027; 50% 1-40 working hours, 50% 1-15 working days")
    goal = "met" if fast < 5 else "MISSED"
    print(
        f"  fast calendar           {fast:.3f} s ({fast / len(work) * 1e6:.1f} µs per due time)"
        f"  goal < 5 s: {goal}"
    )
    print(f"  of which calendar load  {loaded * 1000:.1f} ms (once, {source.split(',')[0]})")
    print(
        f"  naive minute walk       {naive:.2f} s for a sample of {len(sample):,} "
        f"({naive / len(sample) * 1000:.1f} ms per due time)"
    )
    print(f"                          extrapolated to {len(work):,}: {naive_full:.0f} s")
    print(f"  naive / fast            {naive_full / fast:,.0f}x  (extrapolated from the sample)")
    print(f"  sample results equal    {len(sample) - mismatches:,} of {len(sample):,}")
    if mismatches:
        raise SystemExit("the fast calendar and the minute walk disagree")


if __name__ == "__main__":
    main()
