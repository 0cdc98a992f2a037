"""Call statistics over a large history: a month by 15-minute interval for one queue, with
5,000,000 calls in the database, read from the rollups and computed from the raw calls.

Goal from the issue: under 200 ms from the rollups; the ratio raw/rollup shows what the
rollups buy. Calls are generated inside PostgreSQL (three years, four queues, realistic
outcomes); their local date and slot are set as arrival would set them, and the rollups are
built by the application's own refresh.
Usage: python bench/stats.py [--calls 5000000] [--repeat 20]
"""

import argparse
import statistics
import time
from datetime import date

from _setup import PG_URL, setup

GENERATE = """
SELECT setseed(0.42);
INSERT INTO telephony_call (call_id, queue_id, caller, entered_at, local_date, slot, outcome, agent_id,
    answered_at, ended_at, wait_seconds, talk_seconds, hold_seconds, acw_seconds, transferred)
SELECT 'b' || g, q.id, '5' || (1000000 + g %% 8999999), t.entered,
    (t.entered AT TIME ZONE 'Europe/Tallinn')::date,
    floor(extract(epoch FROM t.entered - ((t.entered AT TIME ZONE 'Europe/Tallinn')::date::timestamp
        AT TIME ZONE 'Europe/Tallinn')) / 900)::int,
    CASE WHEN r.o < 0.86 THEN 'answered' WHEN r.o < 0.97 THEN 'abandoned' ELSE 'timed_out' END,
    NULL,
    CASE WHEN r.o < 0.86 THEN t.entered + r.w * interval '1 second' END,
    t.entered + (r.w + CASE WHEN r.o < 0.86 THEN r.h ELSE 0 END) * interval '1 second',
    r.w, CASE WHEN r.o < 0.86 THEN r.h ELSE 0 END, 0, CASE WHEN r.o < 0.86 THEN 20 ELSE 0 END, false
FROM generate_series(1, %(calls)s) g
CROSS JOIN LATERAL (
    SELECT random() AS o, (-ln(random()) * 25)::float AS w, (-ln(random()) * 270)::float AS h
) r
CROSS JOIN LATERAL (
    SELECT timestamptz '2023-11-01 07:00+00' + (g::float / %(calls)s * 1095) * interval '1 day'
        + (random() * 8) * interval '1 hour' AS entered
) t
JOIN LATERAL (SELECT id FROM telephony_queue ORDER BY id OFFSET (g %% 4) LIMIT 1) q ON true;
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    setup(PG_URL)

    from django.db import connection

    from teenindus.telephony.models import Call, Queue
    from teenindus.telephony.rollups import call_intervals_refresh
    from teenindus.telephony.selectors import calls_stats, calls_stats_from_raw

    for name in ("pensionid", "peretoetused", "puue", "üldinfo"):
        Queue.objects.create(name=name)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(GENERATE, {"calls": args.calls})
        cursor.execute("ANALYZE telephony_call")
    generated = time.perf_counter() - started
    started = time.perf_counter()
    keys = {(q, d, s) for q, d, s in Call.objects.values_list("queue_id", "local_date", "slot").distinct()}
    call_intervals_refresh(keys)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE telephony_queueinterval")
    rolled = time.perf_counter() - started
    queue = Queue.objects.get(name="pensionid")
    month = {"start": date(2026, 3, 1), "end": date(2026, 4, 1), "granularity": "15m", "queue": queue}

    def timed(fn) -> tuple[list[float], list[dict]]:
        rows = fn(**month)
        times = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            fn(**month)
            times.append((time.perf_counter() - began) * 1000)
        return times, rows

    fast, rows = timed(calls_stats)
    slow, raw_rows = timed(calls_stats_from_raw)
    same = [
        {k: r[k] for k in raw_rows[0] if k not in ("occupancy", "utilisation")} for r in rows if r["offered"]
    ]
    assert same == [{k: r[k] for k in r if k not in ("occupancy", "utilisation")} for r in raw_rows]
    print(
        f"call statistics, PostgreSQL, {Call.objects.count():,} calls (generated in {generated:.0f} s, "
        f"rollups built in {rolled:.0f} s)"
    )
    print(
        f"  a month (March 2026, one of four queues) by 15 minutes: {len(rows)} rows, "
        f"{sum(r['offered'] for r in rows):,} calls"
    )
    print(
        f"  from rollups:   median {statistics.median(fast):7.1f} ms  max {max(fast):7.1f} ms  "
        f"median/goal {statistics.median(fast) / 200:.2f}"
    )
    print(f"  from raw calls: median {statistics.median(slow):7.1f} ms  max {max(slow):7.1f} ms")
    print(
        f"  raw / rollups: {statistics.median(slow) / statistics.median(fast):.1f}x (same figures: checked)"
    )


if __name__ == "__main__":
    main()
