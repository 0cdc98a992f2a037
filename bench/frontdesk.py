"""Front desk (task: "two desks pressing next at once never get the same visitor"): 20 desks press
"call next" at the same time, again and again, on PostgreSQL.

Each desk is a thread with its own database connection; all are released together by a barrier.
A desk calls the next visitor (`queue.visitor_call_next`: SELECT ... FOR UPDATE SKIP LOCKED) and
marks them as not come (`visit_move` "no_show"), until no one waits. Printed: calls per second,
the median and 95th percentile of one call, and how many visitors were called more than once
(must be 0), checked from the calls the desks got and from the visits' timelines.

Then the same with a naive "next" (read the first waiting visitor, then UPDATE it by id, no lock
and no condition), to show the double calls the lock prevents.

The database is a fresh one of its own (never the demo's or a test's): `fd_bench_frontdesk` on the
server of DATABASE_URL (or BENCH_PG_URL's).
Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/frontdesk.py [--desks 20]
       [--visitors 3000]
"""

import argparse
import os
import statistics
import threading
import time
from collections import Counter
from datetime import timedelta

from _setup import percentile, pg_url, setup


def _url() -> str:
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith("postgres"):
        return base.rsplit("/", 1)[0] + "/fd_bench_frontdesk"
    return pg_url("fd_bench_frontdesk")


def _world(desks: int, visitors: int):
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from teenindus.accounts import roles
    from teenindus.accounts.models import User
    from teenindus.contacts.models import Topic
    from teenindus.frontdesk.models import Desk, Office, Service, Visit
    from teenindus.frontdesk.services.queue import desk_sign_in
    from teenindus.org.models import Agency, Unit

    agency = Agency.objects.create(name="Bench")
    unit = Unit.objects.create(agency=agency, name="Esindus", kind="office")
    office = Office.objects.create(unit=unit, code="bench", name="Esindus")
    topic = Topic.objects.create(name="Pensionid", code="pensionid")
    services = [
        Service.objects.create(office=office, name=f"Teenus {p}", prefix=p, topic=topic) for p in "AB"
    ]
    group = Group.objects.get(name=roles.INFO_SPECIALIST)
    pairs = []
    for i in range(desks):
        user = User.objects.create_user(username=f"desk{i}", password=None)
        user.groups.add(group)
        desk = Desk.objects.create(office=office, name=f"Laud {i + 1}")
        desk.services.set(services)
        desk_sign_in(actor=user, desk_id=desk.pk)
        pairs.append((User.objects.get(pk=user.pk), desk))
    now = timezone.now()
    Visit.objects.bulk_create(
        Visit(
            office=office,
            local_date=timezone.localdate(now),
            sequence=n + 1,
            number=f"{'AB'[n % 2]}{n + 1:03d}",
            service=services[n % 2],
            special_needs=n % 10 == 0,
            priority=n % 10 == 0,
            checked_in_at=now - timedelta(seconds=visitors - n),
            checked_in_by=pairs[0][0],
        )
        for n in range(visitors)
    )
    return office, pairs


def _race(target, n: int) -> list:
    from django.db import connections

    barrier = threading.Barrier(n)
    results: list = [None] * n
    errors: list = []

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=60)
            results[i] = target(i)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def locked(pairs) -> tuple[list, float]:
    from teenindus.core.exceptions import NotFound
    from teenindus.frontdesk.services.queue import visit_move, visitor_call_next

    def work(i: int):
        user, desk = pairs[i]
        called, times = [], []
        while True:
            started = time.perf_counter()
            try:
                visit = visitor_call_next(actor=user, desk_id=desk.pk)
            except NotFound:
                return called, times
            times.append(time.perf_counter() - started)
            called.append(visit.pk)
            visit_move(actor=user, visit_id=visit.pk, move="no_show", desk_id=desk.pk)

    started = time.perf_counter()
    results = _race(work, len(pairs))
    return results, time.perf_counter() - started


def naive(office, pairs) -> tuple[list, float]:
    """ "Next" without a lock: read the first waiting visitor, then set it called by id."""
    from django.db import transaction
    from django.utils import timezone

    from teenindus.frontdesk.models import Visit

    def work(i: int):
        _user, desk = pairs[i]
        called, times = [], []
        while True:
            started = time.perf_counter()
            with transaction.atomic():
                pk = (
                    Visit.objects.filter(office=office, state="waiting")
                    .order_by("-priority", "checked_in_at", "pk")
                    .values_list("pk", flat=True)
                    .first()
                )
                if pk is None:
                    return called, times
                Visit.objects.filter(pk=pk).update(state="called", desk=desk, called_at=timezone.now())
            times.append(time.perf_counter() - started)
            called.append(pk)
            Visit.objects.filter(pk=pk).update(state="no_show")

    started = time.perf_counter()
    results = _race(work, len(pairs))
    return results, time.perf_counter() - started


def report(name: str, results: list, seconds: float, visitors: int) -> None:
    calls = Counter(pk for called, _times in results for pk in called)
    times = [t * 1000 for _called, ts in results for t in ts]
    total = sum(calls.values())
    twice = sum(1 for n in calls.values() if n > 1)
    print(f"{name}:")
    print(f"  calls {total} of {visitors} visitors in {seconds:.2f} s: {total / seconds:.0f} calls/s")
    print(f"  one call: median {statistics.median(times):.1f} ms, p95 {percentile(times, 95):.1f} ms")
    print(f"  desks that called someone: {sum(1 for called, _t in results if called)} of {len(results)}")
    print(f"  visitors called more than once: {twice} (extra calls: {total - len(calls)})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--visitors", type=int, default=3000)
    args = parser.parse_args()
    setup(_url())
    from teenindus.frontdesk.models import Visit, VisitEvent

    office, pairs = _world(args.desks, args.visitors)
    print(f"{args.desks} desks, {args.visitors} visitors waiting, PostgreSQL, one connection per desk")
    results, seconds = locked(pairs)
    report("With the lock (SELECT ... FOR UPDATE SKIP LOCKED)", results, seconds, args.visitors)
    per_visit = Counter(VisitEvent.objects.filter(kind="call").values_list("visit_id", flat=True))
    print(
        f"  timeline check: {len(per_visit)} visits called, "
        f"most calls of one visit: {max(per_visit.values())}"
    )
    assert len(per_visit) == args.visitors and max(per_visit.values()) == 1, "a visitor was called twice"
    Visit.objects.update(state="waiting", desk=None, called_at=None, finished_at=None)
    results, seconds = naive(office, pairs)
    report("Naive (read, then update by id; no lock)", results, seconds, args.visitors)


if __name__ == "__main__":
    main()
