"""Call statistics over a large history, with 5,000,000 calls in the database: a month by
15 minutes for one queue, and a year by day for all queues; Teenindus (its rollups) side by side
with the analyst's alternative, DuckDB with the raw calls loaded in memory (bench-only
dependency), computing the same definitions. The figures of both are asserted equal.

Goal from issue 8: each report within 2x of DuckDB in the same run. Calls are generated inside
PostgreSQL (three years, four queues, realistic outcomes); their local date and slot are set as
arrival would set them, and the rollups are built by the application's own refresh.
Usage: python bench/stats.py [--calls 5000000] [--repeat 20]
"""

import argparse
import io
import statistics
import time
from datetime import date

from _setup import PG_URL, ROOT, setup

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
    with connection.cursor() as cursor:
        # The default 4 MB of work memory makes this one-off grouping of millions of rows spill
        # (ten minutes and more); the bench's own session may use more.
        cursor.execute("SET work_mem = '256MB'")
    keys = {(q, d, s) for q, d, s in Call.objects.values_list("queue_id", "local_date", "slot").distinct()}
    call_intervals_refresh(keys)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE telephony_queueinterval")
    rolled = time.perf_counter() - started
    queue = Queue.objects.get(name="pensionid")
    reports = {
        "a month (March 2026) by 15 minutes, one of four queues": {
            "start": date(2026, 3, 1),
            "end": date(2026, 4, 1),
            "granularity": "15m",
            "queue": queue,
        },
        "a year (2025) by day, all queues": {
            "start": date(2025, 1, 1),
            "end": date(2026, 1, 1),
            "granularity": "day",
            "queue": None,
        },
    }
    started = time.perf_counter()
    duck = duckdb_load(connection)
    loaded = time.perf_counter() - started
    print(
        f"call statistics, PostgreSQL, {Call.objects.count():,} calls (generated in {generated:.0f} s, "
        f"rollups built in {rolled:.0f} s, loaded into DuckDB in {loaded:.0f} s)"
    )

    def timed(fn, params) -> tuple[list[float], list[dict]]:
        rows = fn(**params)
        times = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            fn(**params)
            times.append((time.perf_counter() - began) * 1000)
        return times, rows

    for title, params in reports.items():
        ours, rows = timed(calls_stats, params)
        peer, peer_rows = timed(lambda **p: duckdb_stats(duck, **p), params)
        raw, raw_rows = timed(calls_stats_from_raw, params)
        keep = [k for k in raw_rows[0] if k not in ("occupancy", "utilisation")]
        same = [{k: r[k] for k in keep} for r in rows if r["offered"]]
        assert same == [{k: r[k] for k in keep} for r in raw_rows]
        assert same == [{k: r[k] for k in keep} for r in peer_rows], "DuckDB and Teenindus differ"
        ratio = statistics.median(ours) / statistics.median(peer)
        print(
            f"  {title}: {len(rows)} rows, {sum(r['offered'] for r in rows):,} calls (same figures: checked)"
        )
        print(f"    Teenindus (rollups): median {statistics.median(ours):7.1f} ms  max {max(ours):7.1f} ms")
        print(f"    DuckDB (raw calls):  median {statistics.median(peer):7.1f} ms  max {max(peer):7.1f} ms")
        print(f"    PostgreSQL raw:      median {statistics.median(raw):7.1f} ms")
        print(f"    Teenindus / DuckDB: {ratio:.2f}x (goal <= 2, ratio to goal {ratio / 2:.2f})")


def duckdb_load(connection):
    """The analyst's copy: the raw calls (and the queues' thresholds) in an in-memory DuckDB."""
    import duckdb

    duck = duckdb.connect(":memory:")
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        raw = cursor.connection.cursor()
        with raw.copy(
            "COPY (SELECT c.queue_id, c.local_date, c.slot, c.outcome, c.wait_seconds, c.talk_seconds,"
            " c.hold_seconds, c.acw_seconds, (c.ended_at IS NOT NULL)::int AS ended,"
            " q.sl_threshold_seconds, q.short_abandon_seconds"
            " FROM telephony_call c JOIN telephony_queue q ON q.id = c.queue_id)"
            " TO STDOUT WITH (FORMAT csv, HEADER)"
        ) as copy:
            for block in copy:
                buffer.write(block)
    path = ROOT / "var" / "bench_calls.csv"
    path.write_bytes(buffer.getvalue())
    duck.execute(f"CREATE TABLE calls AS SELECT * FROM read_csv_auto('{path}')")
    path.unlink()
    return duck


DUCK_SQL = """
SELECT local_date, {second} AS second,
    count(*) AS offered,
    count(*) FILTER (WHERE outcome = 'answered') AS answered,
    count(*) FILTER (WHERE outcome = 'answered' AND wait_seconds <= sl_threshold_seconds) AS in_sl,
    count(*) FILTER (WHERE outcome = 'abandoned'
        AND NOT coalesce(wait_seconds <= short_abandon_seconds, false)) AS abandoned,
    count(*) FILTER (WHERE outcome = 'abandoned' AND wait_seconds <= short_abandon_seconds) AS short,
    count(*) FILTER (WHERE outcome = 'timed_out') AS timed_out,
    count(*) FILTER (WHERE outcome = 'withdrawn') AS withdrawn,
    coalesce(sum(wait_seconds) FILTER (WHERE outcome = 'answered'), 0.0) AS wait_answered,
    coalesce(max(wait_seconds), 0.0) AS max_wait,
    count(*) FILTER (WHERE outcome = 'answered' AND ended = 1) AS handled,
    coalesce(sum(talk_seconds + hold_seconds + acw_seconds)
        FILTER (WHERE outcome = 'answered' AND ended = 1), 0.0) AS handle_time
FROM calls WHERE local_date >= ? AND local_date < ? {queue}
GROUP BY 1, 2 ORDER BY 1, 2
"""


def duckdb_stats(duck, *, start, end, granularity, queue) -> list[dict]:
    """The same rows as calls_stats (call figures; no agent states in raw calls)."""
    from teenindus.telephony.intervals import period_start
    from teenindus.telephony.selectors import _figures

    second = {"15m": "slot", "hour": "slot // 4"}.get(granularity, "0")
    sql = DUCK_SQL.format(second=second, queue="AND queue_id = ?" if queue else "")
    params = [start, end] + ([queue.pk] if queue else [])
    out = []
    for day, second_value, *sums in duck.execute(sql, params).fetchall():
        key = (day, second_value) if granularity in ("15m", "hour") else day
        out.append({"period_start": period_start(key, granularity).isoformat(), **_figures(sums, {})})
    return out


if __name__ == "__main__":
    main()
