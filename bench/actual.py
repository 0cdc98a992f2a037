"""Planned against actual for a month (issue #13 §4): 30 agents × 31 days, each day a published
8.5-hour shift (in the roster's publication snapshot: what counts as planned) and about 200 state
spans (calls: ringing, on a call, after-call work, available; a break), read from the database
and set against the shifts by selectors_actual.employee_days. The peer, measured in the same run
on the same spans: the telephony rollup's own reading of them (rollups.agent_state_seconds,
seconds per agent, day, 15-minute slot and state), whose signed-in total must equal ours
(checked).

Usage: python bench/actual.py [--agents 30] [--days 31] [--seed 13]
"""

import argparse
import random
import time
from datetime import date, datetime, timedelta

from _setup import setup, sqlite_url


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agents", type=int, default=30)
    parser.add_argument("--days", type=int, default=31)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    setup(sqlite_url("bench_actual"))

    from django.utils import timezone

    from teenindus.core.localtime import tz
    from teenindus.org.models import Agency, Employee, Unit
    from teenindus.telephony.models import Agent, AgentStateChange
    from teenindus.telephony.rollups import agent_state_seconds
    from teenindus.workforce.models import Roster, RosterPublication, Shift, StaffingPlan
    from teenindus.workforce.selectors_actual import employee_days
    from teenindus.workforce.selectors_roster import shift_snapshot

    rng = random.Random(args.seed)
    first = date(2026, 10, 1)
    last = first + timedelta(days=args.days - 1)
    unit = Unit.objects.create(agency=Agency.objects.create(name="Amet"), name="Tiim", kind="section")
    plan = StaffingPlan.objects.create(unit=unit, first_day=first, last_day=last)
    roster = Roster.objects.create(
        unit=unit, first_day=first, weeks=4, plan=plan, status="published", publication=1
    )
    employees, agents, shifts, spans = [], [], [], []
    for n in range(args.agents):
        employee = Employee.objects.create(first_name=f"A{n}", last_name="Bench")
        employees.append(employee)
        agents.append(Agent.objects.create(name=f"A{n}", extension=str(1000 + n), employee=employee))
    for employee, agent in zip(employees, agents, strict=True):
        for offset in range(args.days):
            day = first + timedelta(days=offset)
            start = datetime(day.year, day.month, day.day, 8, 0, tzinfo=tz())
            shifts.append(
                Shift(
                    roster=roster,
                    employee=employee,
                    day=day,
                    starts_at=start,
                    ends_at=start + timedelta(minutes=510),
                    break_starts_at=start + timedelta(hours=4),
                    break_minutes=30,
                )
            )
            at = start + timedelta(minutes=rng.randint(-10, 10))
            end = start + timedelta(minutes=510 + rng.randint(-10, 10))
            breaking = start + timedelta(hours=4)
            took_break = False
            while at < end:
                if not took_break and at >= breaking:
                    step = timedelta(minutes=rng.randint(28, 40))
                    spans.append(
                        AgentStateChange(
                            agent=agent, state="break", started_at=at, ended_at=at + step, source="bench"
                        )
                    )
                    at += step
                    took_break = True
                    continue
                for state, seconds in (
                    ("available", rng.randint(10, 120)),
                    ("ringing", rng.randint(3, 12)),
                    ("on_call", rng.randint(60, 400)),
                    ("acw", rng.randint(10, 90)),
                ):
                    stop = min(at + timedelta(seconds=seconds), end)
                    spans.append(
                        AgentStateChange(
                            agent=agent, state=state, started_at=at, ended_at=stop, source="bench"
                        )
                    )
                    at = stop
            spans.append(
                AgentStateChange(
                    agent=agent,
                    state="offline",
                    started_at=end,
                    ended_at=end + timedelta(hours=12),
                    source="bench",
                )
            )
    Shift.objects.bulk_create(shifts, batch_size=2000)
    # Planned time is what was published: the roster's publication snapshot, as publishing makes it.
    RosterPublication.objects.create(roster=roster, number=1, shifts=[shift_snapshot(s) for s in shifts])
    AgentStateChange.objects.bulk_create(spans, batch_size=5000)
    print(f"{args.agents} agents × {args.days} days: {len(shifts)} shifts, {len(spans)} spans")

    ids = [e.pk for e in employees]
    now = timezone.now()
    began = time.perf_counter()
    ours = employee_days(ids, first=first, last=last, now=now)
    ours_s = time.perf_counter() - began
    agent_days = [(a.pk, first + timedelta(days=d)) for a in agents for d in range(args.days)]
    began = time.perf_counter()
    peer = agent_state_seconds(agent_days)
    peer_s = time.perf_counter() - began

    signed_ours = sum(row.signed_in for rows in ours.values() for row in rows)
    signed_peer = sum(s for (_a, _d, _slot, state), s in peer.items() if state != "offline")
    assert abs(signed_ours - signed_peer) < 1, (signed_ours, signed_peer)
    adherence = [row.adherence for rows in ours.values() for row in rows if row.adherence is not None]
    print(f"planned vs actual (employee_days, read + compute): {ours_s:.2f} s")
    print(f"peer: telephony rollups.agent_state_seconds on the same spans: {peer_s:.2f} s")
    print(f"ratio ours/peer: {ours_s / peer_s:.2f}; signed-in hours equal: {signed_ours / 3600:.1f} h")
    print(f"mean adherence {sum(adherence) / len(adherence):.3f} over {len(adherence)} shifts")


if __name__ == "__main__":
    main()
