"""Routing: latency per decision with 300 agents and 32 concurrent requesters (PostgreSQL).

Each requester is its own process (as phone-system connections to separate server workers would
be). Every round makes all agents available and routes exactly one call per agent, so any agent
given two calls would show as a double assignment. Two loads:
  - saturation: every requester sends its next request the moment the last one is answered;
  - open loop at --rate decisions/s in all: latency counts from when the request was due, so a
    requester that falls behind is charged for it.
Goal from the issue: p99 under 10 ms, zero double assignments.
Usage: python bench/routing.py [--agents 300] [--requesters 32] [--rounds 10] [--rates 100,400]
"""

import argparse
import multiprocessing as mp
import random
import time

from _setup import PG_URL, percentile, setup


def _worker(n, barrier, counter, results, rounds, agents, rate, requesters):
    from django.db import connections
    from django.utils import timezone

    from teenindus.core.exceptions import ConflictError
    from teenindus.telephony.models import Agent
    from teenindus.telephony.routing import call_route, ring_timeouts_expire

    connections.close_all()
    # Open this requester's connection before measuring (a server worker keeps its connection).
    Agent.objects.exists()
    ring_timeouts_expire(now=timezone.now())
    rng = random.Random(n)
    for round_no in range(rounds):
        barrier.wait()
        start = time.perf_counter()
        interval = requesters / rate if rate else 0.0
        due = start + rng.uniform(0, interval)
        latencies, assigned = [], []
        while True:
            with counter.get_lock():
                k = counter.value
                counter.value += 1
            if k >= agents:
                break
            if rate:
                now = time.perf_counter()
                if due > now:
                    time.sleep(due - now)
                began = due
                due += interval
            else:
                began = time.perf_counter()
            try:
                agent = call_route(call_id=f"r{round_no}-{k}", queue_name="pensionid")
            except ConflictError:
                assigned.append(None)
                continue
            latencies.append(time.perf_counter() - began)
            assigned.append(agent.extension)
        results.put((latencies, assigned))
        barrier.wait()
    connections.close_all()


def run(label: str, *, agents: int, requesters: int, rounds: int, rate: float) -> None:
    from datetime import timedelta

    from django.db import connections
    from django.utils import timezone

    from teenindus.telephony.models import Agent, AgentStateChange

    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(requesters + 1)
    counter = ctx.Value("i", 0)
    results = ctx.Queue()
    connections.close_all()
    procs = [
        ctx.Process(target=_worker, args=(n, barrier, counter, results, rounds, agents, rate, requesters))
        for n in range(requesters)
    ]
    for proc in procs:
        proc.start()
    latencies, doubles, conflicts, elapsed = [], 0, 0, 0.0
    for _round in range(rounds):
        now = timezone.now()
        ids = list(Agent.objects.order_by("pk").values_list("pk", flat=True))
        Agent.objects.update(state="available", current_call_id="", ringing_until=None, state_since=now)
        AgentStateChange.objects.filter(ended_at__isnull=True).update(ended_at=now)
        for i, pk in enumerate(ids):
            Agent.objects.filter(pk=pk).update(idle_since=now - timedelta(seconds=i))
        counter.value = 0
        connections.close_all()
        barrier.wait()
        started = time.perf_counter()
        assigned = []
        for _ in range(requesters):
            lat, got = results.get()
            latencies += lat
            assigned += got
        elapsed += time.perf_counter() - started
        barrier.wait()
        routed = [a for a in assigned if a is not None]
        conflicts += len(assigned) - len(routed)
        doubles += len(routed) - len(set(routed))
    for proc in procs:
        proc.join()
    ms = [x * 1000 for x in latencies]
    print(
        f"  {label:<22} {len(ms):>5} decisions  {len(ms) / elapsed:>7.0f}/s  "
        f"p50 {percentile(ms, 50):6.2f} ms  p99 {percentile(ms, 99):7.2f} ms  max {max(ms):7.2f} ms  "
        f"doubles {doubles}  409s {conflicts}  p99/goal {percentile(ms, 99) / 10:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agents", type=int, default=300)
    parser.add_argument("--requesters", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--rates", default="100,400", help="open-loop totals, decisions per second")
    args = parser.parse_args()
    setup(PG_URL)

    from teenindus.telephony.models import Agent, AgentSkill, Queue
    from teenindus.telephony.routing import call_route

    queue = Queue.objects.create(name="pensionid")
    agents = Agent.objects.bulk_create(
        [Agent(name=f"Agent {i}", extension=str(1000 + i)) for i in range(args.agents)]
    )
    AgentSkill.objects.bulk_create([AgentSkill(agent=a, queue=queue) for a in agents])
    Agent.objects.update(state="available")
    single = []
    for i in range(200):
        began = time.perf_counter()
        call_route(call_id=f"warm-{i}", queue_name="pensionid")
        single.append((time.perf_counter() - began) * 1000)
    print(f"routing, PostgreSQL, {args.agents} agents, {args.requesters} concurrent requesters (processes)")
    print(f"  one requester alone: p50 {percentile(single, 50):.2f} ms  p99 {percentile(single, 99):.2f} ms")
    for rate in [float(r) for r in args.rates.split(",") if r]:
        run(
            f"open loop {rate:.0f}/s",
            agents=args.agents,
            requesters=args.requesters,
            rounds=args.rounds,
            rate=rate,
        )
    run("saturation", agents=args.agents, requesters=args.requesters, rounds=args.rounds, rate=0)


if __name__ == "__main__":
    main()
