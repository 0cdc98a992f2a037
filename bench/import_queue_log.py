"""queue_log import: 1,000,000 lines into an empty database, on PostgreSQL and on SQLite.

Goal from the issue: under 60 s for a million lines on each. Also times importing the same file
a second time (nothing new may be stored). The file is simulated traffic (100 agents, four
queues), generated once into var/.
Usage: python bench/import_queue_log.py [--lines 1000000] [--db sqlite,postgresql]
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

from _setup import PG_URL, ROOT, SQLITE_URL, setup


def make_file(lines: int) -> Path:
    path = ROOT / "var" / f"bench-queue_log-{lines}.txt"
    if path.exists():
        return path
    big = ROOT / "var" / "bench-queue_log-source.txt"
    days = max(1, lines // 13500 + 2)
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "simulate_calls",
            "--days",
            str(days),
            "--agents",
            "100",
            "--start",
            "2026-03-02",
            "--seed",
            "7",
            "--output",
            str(big),
        ],
        check=True,
        env={"DATABASE_URL": SQLITE_URL, "PATH": "/usr/bin:/bin"},
    )
    with big.open() as source, path.open("w") as target:
        for n, line in enumerate(source):
            if n >= lines:
                break
            target.write(line)
    big.unlink()
    return path


def child(url: str, path: str) -> None:
    setup(url)
    from teenindus.telephony.models import Call, TelephonyEvent
    from teenindus.telephony.queue_log import import_queue_log

    started = time.perf_counter()
    with open(path) as handle:
        report = import_queue_log(handle)
    first = time.perf_counter() - started
    events = TelephonyEvent.objects.count()
    started = time.perf_counter()
    with open(path) as handle:
        again = import_queue_log(handle)
    second = time.perf_counter() - started
    assert again.new_events == 0 and TelephonyEvent.objects.count() == events
    print(
        f"  {url.split(':')[0]:<10} {report.lines:>9} lines  first import {first:6.1f} s "
        f"({report.lines / first:,.0f} lines/s)  again {second:6.1f} s  calls {Call.objects.count()}  "
        f"unreadable {len(report.errors)}  first/goal {first / 60:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--db", default="sqlite,postgresql")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    path = make_file(args.lines)
    print(f"queue_log import of {path.name} (goal: a million lines in under 60 s)")
    for db in args.db.split(","):
        url = PG_URL if db.startswith("postgres") else SQLITE_URL
        subprocess.run([sys.executable, __file__, "--child", url, str(path)], check=True)


if __name__ == "__main__":
    main()
