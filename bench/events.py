"""The phone system's events API through the production server, on PostgreSQL and on SQLite.

`POST /api/v1/telephony/events` as the phone system sends it: the production server (Granian, DEBUG
off, 4 workers) on loopback, an API token of a user with the phone system's role, 16 concurrent
senders (threads, each with its own keep-alive HTTP connection) taking the next event of one shared
stream.

The stream: calls of four queues over a few hours of one day, each agent's calls one after the
other (offered, ringing, answered, ended; a fifth of the calls abandoned: offered, abandoned),
sent in the order they happened, except that 10 % of the calls have their events sent shuffled
(out of order) and 3 % of the events are sent again (the same event_id; some right after the
first, so two senders post it at once).

Two phases, each with a stream of its own (other calls, other agents): one event per request
(POST /events), then the phone system's batches (POST /events/batch, --batch events a request,
consecutive events of the stream). Figures are per event in both; the batch phase also per request.

Figures: events/s sustained (all requests / wall time, and the slowest 5-second window), latency
p50/p99/max, status counts with 5xx, unique events sent vs stored in the database afterwards
(lost = unique event_ids sent that are not stored), and the calls whose stored row differs from
folding all of their stored events (a lost update between two events of one call).
Goal from the issue: >= 500 events/s on PostgreSQL; 0 5xx and 0 lost on both.
Bounded: --events per database and --seconds per database, whichever first.
Usage: python bench/events.py [--events 9000] [--seconds 45] [--senders 16] [--batch 20]
                              [--db postgresql,sqlite]
"""

import argparse
import heapq
import itertools
import json
import random
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

from _server import CpuMeter, Server, cpu_line
from _setup import percentile, pg_url, phone_system_token, setup, sqlite_url

GOAL_RATE = 500.0
QUEUES = ["pensionid", "peretoetused", "puue", "üldinfo"]
PATH = "/api/v1/telephony/events"
BATCH_PATH = "/api/v1/telephony/events/batch"


def workload(events: int, agents: int, seed: int = 8, prefix: str = "ev", first_agent: int = 0) -> list[dict]:
    """About `events` events (duplicates included), in the order they are to be sent."""
    rng = random.Random(seed)
    free = [(rng.uniform(0, 120), n) for n in range(agents)]  # (seconds when free, agent)
    heapq.heapify(free)
    calls: list[list[dict]] = []
    produced = 0
    while produced < events / 1.03:
        k = len(calls)
        call_id = f"{prefix}-{k}"
        queue = rng.choice(QUEUES)
        caller = f"5{rng.randrange(1000000, 9999999)}"
        wait = min(rng.expovariate(1 / 20), 300)
        if rng.random() < 0.8:
            at_free, agent_no = heapq.heappop(free)
            entered = at_free + rng.uniform(0, 30)
            answered = entered + wait
            ended = answered + 20 + rng.expovariate(1 / 240)
            heapq.heappush(free, (ended + 20, agent_no))
            agent = f"PJSIP/{2000 + first_agent + agent_no}"
            steps = [
                ("offered", entered, {"queue": queue, "caller": caller}),
                ("ringing", max(entered, answered - 3), {"agent": agent}),
                ("answered", answered, {"agent": agent, "wait": round(wait, 1)}),
                ("ended", ended, {"agent": agent}),
            ]
        else:
            entered = rng.uniform(0, max(120.0, free[0][0]))
            steps = [
                ("offered", entered, {"queue": queue, "caller": caller}),
                ("abandoned", entered + wait, {"wait": round(wait, 1)}),
            ]
        calls.append(
            [
                {"event_id": f"{call_id}-{n}", "call_id": call_id, "type": kind, "at": at, **extra}
                for n, (kind, at, extra) in enumerate(steps)
            ]
        )
        produced += len(steps)
    # The day's calls end a minute ago (times are real ones, in the local day's slots).
    last = max(event["at"] for call in calls for event in call)
    zero = datetime.now(UTC) - timedelta(seconds=last + 60)
    keyed = []
    for call in calls:
        keys = [event["at"] for event in call]
        if rng.random() < 0.1:
            rng.shuffle(keys)  # out of order: e.g. "ended" before "answered" or "offered"
        for key, event in zip(keys, call, strict=True):
            event["at"] = (zero + timedelta(seconds=event["at"])).isoformat()
            keyed.append((key, event["event_id"], event))
    keyed.sort(key=lambda item: item[:2])
    stream: list[dict] = []
    later: dict[int, list[dict]] = defaultdict(list)
    for position, (_key, _id, event) in enumerate(keyed):
        stream.append(event)
        stream.extend(later.pop(position, []))
        if rng.random() < 0.03:
            later[position + rng.choice([0, 0, 1, 2, 5, 50, 300])].append(event)
    stream.extend(itertools.chain.from_iterable(later.values()))
    return stream


def send(server, token: str, stream: list, *, senders: int, seconds: float, method="POST", path=PATH) -> dict:
    """Post the stream (events, or lists of events for the batch path) with `senders` threads;
    each result is (index, status, seconds, finished)."""
    bodies = [json.dumps(item).encode() if method == "POST" else None for item in stream]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    counter = itertools.count()
    results: list[tuple[int, int, float, float]] = []
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(senders + 1)
    deadline = [0.0]

    def sender() -> None:
        conn = server.connection()
        mine = []
        start.wait()
        while True:
            i = next(counter)
            if i >= len(bodies) or time.perf_counter() > deadline[0]:
                break
            began = time.perf_counter()
            try:
                conn.request(method, path, bodies[i], headers)
                response = conn.getresponse()
                body = response.read()
                status = response.status
            except OSError as exc:  # connection refused or reset: a failure the phone system sees
                conn.close()
                status, body = 599, repr(exc).encode()
            finished = time.perf_counter()
            mine.append((i, status, finished - began, finished))
            if status >= 500:
                with lock:
                    failures.append(f"{status} {body[:300]!r}")
        conn.close()
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=sender) for _ in range(senders)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    return {"results": results, "failures": failures, "began": began, "ended": time.perf_counter()}


def slowest_window(finished: list[float], began: float, ended: float, width: float = 5.0) -> float:
    """The fewest completions per second in any full `width`-second window of the run."""
    if ended - began < 2 * width:
        return len(finished) / max(ended - began, 1e-9)
    buckets = Counter(int((t - began) // width) for t in finished)
    full = int((ended - began) // width)
    return min(buckets.get(b, 0) for b in range(full)) / width


def folds_checked(sent_calls: set[str]) -> tuple[int, int, str]:
    """(calls whose stored row differs from folding all their stored events, calls checked, an example)."""
    from teenindus.telephony import fold
    from teenindus.telephony.models import Call, TelephonyEvent

    events = defaultdict(list)
    for row in TelephonyEvent.objects.filter(call_id__in=sent_calls).values_list(*fold.EVENT_FIELDS):
        events[row[1]].append(fold.Event(*row))
    stored = {c.call_id: c for c in Call.objects.filter(call_id__in=sent_calls)}
    wrong = checked = 0
    example = ""
    for call_id, call_events in events.items():
        folded = fold.fold(call_events)
        if folded is None:
            continue
        checked += 1
        call = stored.get(call_id)
        got = (call.outcome, call.answered_at, call.ended_at) if call else None
        expected = (folded.outcome, folded.answered_at, folded.ended_at)
        if got != expected:
            wrong += 1
            kinds = sorted(e.kind for e in call_events)
            example = example or f"{call_id} {kinds}: stored {got and got[0]}, folded {expected[0]}"
    return wrong, checked, example


def child(db: str, events: int, seconds: float, senders: int, workers: int, batch: int) -> None:

    url = pg_url("bench_events") if db == "postgresql" else sqlite_url("bench_events")
    setup(url)
    from teenindus.telephony.models import Agent, AgentSkill, Queue

    agents_count = 100
    queues = [Queue.objects.create(name=name) for name in QUEUES]
    agents = Agent.objects.bulk_create(
        [Agent(name=f"Agent {n}", extension=str(2000 + n)) for n in range(2 * agents_count)]
    )
    AgentSkill.objects.bulk_create([AgentSkill(agent=a, queue=q) for a in agents for q in queues])
    token = phone_system_token()
    single = workload(events, agents_count)
    batched = workload(events, agents_count, seed=9, prefix="bt", first_agent=agents_count)
    chunks = [batched[i : i + batch] for i in range(0, len(batched), batch)]
    from django.db import connections

    connections.close_all()
    with Server(url, workers=workers, name=f"events-{db}") as server:
        # Every worker loads the URLs and the API before the clock starts (a GET: 405, nothing stored).
        send(server, token, [{}] * (8 * workers), senders=workers, seconds=60, method="GET")
        send(server, token, [{}] * (8 * workers), senders=workers, seconds=60, method="GET", path=BATCH_PATH)
        phases = []
        for label, stream, path in (
            ("single", single, PATH),
            (f"batch of {batch}", chunks, BATCH_PATH),
        ):
            meter = CpuMeter(server, url).start()
            run = send(server, token, stream, senders=senders, seconds=seconds, path=path)
            cpu = meter.stop()
            phases.append((label, stream, run, cpu, server.log_tail(30)))
            connections.close_all()
    for label, stream, run, cpu, server_log in phases:
        report(db, label, stream, run, cpu, server_log)


def report(db: str, label: str, stream: list, run: dict, cpu: dict, server_log: str) -> None:
    """One phase's figures; with batches, per event (a request carries several)."""
    from teenindus.telephony.models import TelephonyEvent

    results, failures = run["results"], run["failures"]
    items = [item if isinstance(item, list) else [item] for item in stream]
    elapsed = max(t for *_, t in results) - run["began"]
    statuses = Counter(status for _, status, _, _ in results)
    ms = [s * 1000 for _, _, s, _ in results]
    sent = [event for i, *_ in results for event in items[i]]
    sent_ids = {event["event_id"] for event in sent}
    accepted_ids = {e["event_id"] for i, status, _, _ in results if status < 300 for e in items[i]}
    stored_ids = set(TelephonyEvent.objects.filter(event_id__in=sent_ids).values_list("event_id", flat=True))
    lost = len(sent_ids - stored_ids)
    lost_accepted = len(accepted_ids - stored_ids)
    wrong_calls, checked_calls, example = folds_checked({event["call_id"] for event in sent})
    rate = len(sent) / elapsed
    fives = sum(n for status, n in statuses.items() if status >= 500)
    per_request = len(sent) / max(len(results), 1)
    finished = [t for i, _, _, t in results for _event in items[i]]
    slowest = slowest_window(finished, run["began"], run["ended"])
    name = f"{db} {label}"
    print(
        f"  {name:<22} {len(sent):>6} events sent ({len(sent_ids)} unique) in {len(results)} requests, "
        f"{elapsed:5.1f} s  {rate:6.0f} events/s (slowest 5 s: {slowest:.0f}/s)  per request: "
        f"p50 {percentile(ms, 50):6.1f} ms  p99 {percentile(ms, 99):7.1f} ms  max {max(ms):7.1f} ms"
    )
    print(
        f"  {'':<22} statuses {dict(sorted(statuses.items()))}  5xx {fives}  stored {len(stored_ids)} "
        f"of {len(sent_ids)} unique  lost {lost} (of them answered 2xx: {lost_accepted})  "
        f"calls folded wrong {wrong_calls} of {checked_calls}"
    )
    goal = f"events/s / goal {rate / GOAL_RATE:.2f}  " if db == "postgresql" else ""
    print(f"  {'':<22} {goal}5xx {fives} (goal 0)  lost {lost} (goal 0)")
    print(f"  {'':<22} {cpu_line(cpu, len(sent)).replace('per request', 'per event')}")
    if per_request > 1:
        print(f"  {'':<22} per request ({per_request:.1f} events): {cpu_line(cpu, len(results))}")
    if example:
        print(f"  {'':<22} e.g. {example}")
    if len(results) < len(stream):
        print(f"  {'':<22} stopped at the time limit: {len(stream) - len(results)} requests not sent")
    for failure in Counter(failures).most_common(3):
        print(f"  {'':<22} 5xx x{failure[1]}: {failure[0]}")
    if fives:
        print(f"  {'':<22} server log tail:")
        print("\n".join(f"    {line}" for line in server_log.splitlines()[-12:]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=9000, help="events per database (duplicates included)")
    parser.add_argument("--seconds", type=float, default=45, help="time limit per database")
    parser.add_argument("--senders", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4, help="server workers")
    parser.add_argument("--db", default="postgresql,sqlite")
    parser.add_argument("--batch", type=int, default=20, help="events per request in the batch phase")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.events, args.seconds, args.senders, args.workers, args.batch)
        return
    print(
        f"events API through the production server (Granian, {args.workers} workers, DEBUG off), "
        f"{args.senders} concurrent senders, "
        f"up to {args.events} events or {args.seconds:.0f} s per database and phase: one event per "
        f"request, then batches of {args.batch} (POST /events/batch) "
        f"(goal: >= {GOAL_RATE:.0f} events/s on PostgreSQL; 0 5xx, 0 lost on both)"
    )
    for db in args.db.split(","):
        db = "postgresql" if db.startswith("postgres") else "sqlite"
        command = [sys.executable, __file__, "--child", db, "--events", str(args.events)]
        command += ["--seconds", str(args.seconds), "--senders", str(args.senders)]
        command += ["--batch", str(args.batch)]
        subprocess.run([*command, "--workers", str(args.workers)], check=True)


if __name__ == "__main__":
    main()
