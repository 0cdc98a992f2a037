"""A first roster for the team model, found one person at a time (solver.py finishes it).

Each person has a small CP-SAT model of their own rules (solver._add_person). Holding everyone
else's shifts fixed, the best shifts for one person are exact and fast: a shift's value is the
slots it would cover that are still short (weight UNDER), less the slots it would overstaff
(OVER), less a requested day off (REQUEST); the weights keep the objective's order within one
person (a person covers at most 28 x 40 slots). Going round the team this way never makes the
weighted total worse (each step is an optimum for that person, the old shifts among its
choices), and the first round is a greedy construction from an empty roster. The rounds stop
when a whole round changes nothing or the time is up; the answer is the hint of the team model,
which then minimises the lexicographic objective with all people free at once."""

import random
import time

from ortools.sat.python import cp_model

from .problem import SLOT, Problem

UNDER, OVER, REQUEST = 100_000, 100, 1
PERSON_SECONDS = 0.4


def descend(
    problem: Problem,
    insts: list,
    models: dict,
    slots_of: dict[int, list[int]],
    seconds: float,
    fallback: dict[int, set[int]],
    rounds: int = 1_000,
) -> dict[int, set[int]]:
    """Each person's shift instances (indexes into `insts`). `models`: person key ->
    (CpModel, {instance index: BoolVar}); `slots_of`: instance -> flat slot indexes
    (day * slots + slot) it covers; `fallback`: a feasible answer per person, kept when a
    person's search runs out of time before finding one."""
    began = time.monotonic()
    per_day = 24 * 60 // SLOT
    need = [
        problem.required[d][s] if s < len(problem.required[d]) else 0
        for d in range(problem.days)
        for s in range(per_day)
    ]
    have = [0] * len(need)
    chosen: dict[int, set[int]] = {p.key: set() for p in problem.people}
    people = {p.key: p for p in problem.people}
    order = list(people)
    # Hardest first: fewest available days, then most hours.
    order.sort(key=lambda k: (-len(people[k].unavailable), -people[k].contracted))
    rng = random.Random(7)
    first = True
    while True:
        changed = False
        for key in order:
            left = seconds - (time.monotonic() - began)
            if left <= 0:
                if first:  # those not reached yet keep their feasible fallback
                    seen = order[: order.index(key)]
                    return {k: chosen[k] if k in seen else set(fallback[k]) for k in order}
                return chosen
            model, x = models[key]
            for k in chosen[key]:
                for s in slots_of.get(k, ()):
                    have[s] -= 1
            off = people[key].requested_off
            gains = {}
            for k in x:
                g = -REQUEST if insts[k].day in off else 0
                for s in slots_of.get(k, ()):
                    g += UNDER if have[s] < need[s] else -OVER
                gains[k] = g
            model.Maximize(sum(g * x[k] for k, g in gains.items() if g))
            model.ClearHints()
            start = fallback[key] if first else chosen[key]  # a feasible answer to beat
            if not first:  # the first round searches afresh: that finds better than the fallback
                for k, v in x.items():
                    model.AddHint(v, k in start)
            solver = cp_model.CpSolver()
            solver.parameters.num_workers = 1
            solver.parameters.max_time_in_seconds = max(0.05, min(PERSON_SECONDS, left / 4))
            status = solver.Solve(model)
            new = set(start)
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                found = {k for k, v in x.items() if solver.Value(v)}
                if sum(gains[k] for k in found) > sum(gains[k] for k in start):
                    new = found
            changed |= new != chosen[key]
            chosen[key] = new
            for k in chosen[key]:
                for s in slots_of.get(k, ()):
                    have[s] += 1
        first = False
        rounds -= 1
        if not changed or rounds <= 0 or time.monotonic() - began >= seconds:
            return chosen
        rng.shuffle(order)


def _short(need: list[int], have: list[int]) -> int:
    return sum(max(0, n - h) for n, h in zip(need, have, strict=True))
