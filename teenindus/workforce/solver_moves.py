"""Fast local moves on a complete roster (solver.py runs this after `solver_search.descend`).

CP-SAT re-solving one person at a time stalls on large teams (50 x 4 weeks): each re-solve
takes tenths of a second. Here a move changes one person's shift on one day (another template,
a day off, or a shift on a free day) or moves a shift to another day, is checked against that
person's hard rules directly (the same readings as the model: real minutes, 11 h between
shifts, 47 h in a row inside each of the period's weeks, the contracted range and the 48 h
average, absences) and is scored by the slots it changes, with the weights of `descend`
(UNDER, OVER, REQUEST). A move is kept when it makes the weighted total no worse, so plateaus
are crossed; the total never grows. Moves are aimed at short slots most of the time."""

import math
import random
import time

from .problem import DAILY_REST, REST_WEEK, SLOT, WEEKLY_REST_RUN, Problem
from .solver_search import OVER, REQUEST, UNDER

HOT, COLD = 1.0 * UNDER, 0.1 * UNDER  # annealing: a worse move is kept with exp(-delta / heat)


TARGETED = 6  # people tried for a shift over a short slot
TRADES = 50  # name swaps per 200 moves


def polish(
    problem: Problem,
    insts: list,
    allowed: dict[int, set[int]],
    slots_of: dict[int, list[int]],
    chosen: dict[int, set[int]],
    seconds: float,
    work_range: dict[int, tuple[int, int]],
) -> dict[int, set[int]]:
    """Improve `chosen` (person key -> instance indexes) in place and return it. `allowed`:
    person -> instances the person may work (absences out); `work_range`: person -> (least,
    most) work minutes."""
    began = time.monotonic()
    per_day = 24 * 60 // SLOT
    need = [
        problem.required[d][s] if s < len(problem.required[d]) else 0
        for d in range(problem.days)
        for s in range(per_day)
    ]
    have = [0] * len(need)
    for ks in chosen.values():
        for k in ks:
            for s in slots_of.get(k, ()):
                have[s] += 1
    starts = problem.day_starts
    by_day: dict[int, list[int]] = {}
    for k, inst in enumerate(insts):
        by_day.setdefault(inst.day, []).append(k)
    covers: dict[int, list[int]] = {}
    for k, ss in slots_of.items():
        for s in ss:
            covers.setdefault(s, []).append(k)
    keys = [p.key for p in problem.people]
    off = {p.key: p.requested_off for p in problem.people}
    plan = {key: {insts[k].day: k for k in chosen[key]} for key in keys}
    work = {key: sum(insts[k].work for k in chosen[key]) for key in keys}
    rng = random.Random(5)

    def lawful(key: int, row: dict[int, int], days: list[int]) -> bool:
        """The person's rules with `row` (day -> instance), which differs from a lawful
        roster only on `days`: only the 7-day windows near them are read again."""
        shifts = sorted((insts[k].start, insts[k].end) for k in row.values())
        for (_, e0), (s1, _) in zip(shifts, shifts[1:], strict=False):
            if s1 - e0 < DAILY_REST:
                return False
        # A shift may run past midnight into a later day: a margin of two days either side.
        for w in problem.rest_weeks:
            if not min(days) - 8 <= w <= max(days) + 2:
                continue
            w0, w1 = starts[w], starts[w + REST_WEEK]
            cursor, ok = w0, False
            for s, e in shifts:
                if e <= w0 or s >= w1:
                    continue
                if s - cursor >= WEEKLY_REST_RUN:
                    ok = True
                    break
                cursor = max(cursor, e)
            if not ok and w1 - cursor < WEEKLY_REST_RUN:
                return False
        return True

    def delta(key: int, out: list[int], into: list[int]) -> int:
        change: dict[int, int] = {}
        for k in out:
            for s in slots_of.get(k, ()):
                change[s] = change.get(s, 0) - 1
        for k in into:
            for s in slots_of.get(k, ()):
                change[s] = change.get(s, 0) + 1
        total = 0
        for s, c in change.items():
            if c:
                n, h = need[s], have[s]
                total += UNDER * (max(0, n - h - c) - max(0, n - h))
                total += OVER * (max(0, h + c - n) - max(0, h - n))
        total += REQUEST * (
            sum(1 for k in into if insts[k].day in off[key]) - sum(1 for k in out if insts[k].day in off[key])
        )
        return total

    def attempt(key: int, out: list[int], into: list[int]) -> bool:
        if any(k not in allowed[key] for k in into):
            return False
        w = work[key] - sum(insts[k].work for k in out) + sum(insts[k].work for k in into)
        low, high = work_range[key]
        if not low <= w <= high:
            return False
        change = delta(key, out, into)
        if change > 0 and rng.random() >= math.exp(-change / heat[0]):
            return False
        row = dict(plan[key])
        for k in out:
            del row[insts[k].day]
        for k in into:
            if insts[k].day in row:
                return False
            row[insts[k].day] = k
        if not lawful(key, row, [insts[k].day for k in out + into]):
            return False
        plan[key] = row
        work[key] = w
        score[0] += change
        for k in out:
            for s in slots_of.get(k, ()):
                have[s] -= 1
        for k in into:
            for s in slots_of.get(k, ()):
                have[s] += 1
        return True

    def trade(p: int, q: int, day: int) -> None:
        """p and q swap their shifts (or day off) on `day`: coverage stays, the people who
        can take the next move change."""
        a, b = plan[p].get(day), plan[q].get(day)
        if a == b:
            return
        rows, works = {}, {}
        for key, out, into in ((p, a, b), (q, b, a)):
            if into is not None and into not in allowed[key]:
                return
            w = work[key] - (insts[out].work if out is not None else 0)
            w += insts[into].work if into is not None else 0
            low, high = work_range[key]
            if not low <= w <= high:
                return
            row = dict(plan[key])
            row.pop(day, None)
            if into is not None:
                row[day] = into
            if not lawful(key, row, [day]):
                return
            rows[key], works[key] = row, w
        change = REQUEST * (
            (b is not None and day in off[p])
            - (a is not None and day in off[p])
            + (a is not None and day in off[q])
            - (b is not None and day in off[q])
        )
        if change > 0:
            return
        plan.update(rows)
        work.update(works)
        score[0] += change

    score = [0]  # the weighted total, relative to the start
    best = (0, {key: dict(row) for key, row in plan.items()})
    heat = [HOT]
    tries = 0
    while (now := time.monotonic() - began) < seconds:
        heat[0] = HOT * (COLD / HOT) ** (now / seconds)
        if score[0] < best[0]:
            best = (score[0], {key: dict(row) for key, row in plan.items()})
        for _ in range(200):
            tries += 1
            if rng.random() < 0.7:
                short = rng.randrange(len(need))
                for _ in range(30):  # look for a short slot
                    if have[short] < need[short]:
                        break
                    short = rng.randrange(len(need))
                if have[short] >= need[short] or short not in covers:
                    continue
                k = rng.choice(covers[short])
                tried = rng.sample(keys, min(TARGETED, len(keys)))
            else:
                day = rng.randrange(problem.days)
                k = rng.choice(by_day.get(day, [-1]))
                if k < 0:
                    continue
                tried = [rng.choice(keys)]
            day = insts[k].day
            for key in tried:  # the first person who can take the shift does
                row = plan[key]
                current = row.get(day)
                if current == k:
                    continue
                if current is not None:
                    if attempt(key, [current], [k]):  # another template that day
                        break
                elif (
                    attempt(key, [], [k]) or row and attempt(key, [rng.choice(list(row.values()))], [k])
                ):  # a shift on a free day
                    break
        for _ in range(TRADES):
            p, q = rng.sample(keys, 2)
            trade(p, q, rng.randrange(problem.days))
        if rng.random() < 0.3:  # a day off: drop a shift where it overstaffs most
            key = rng.choice(keys)
            if plan[key]:
                k = rng.choice(list(plan[key].values()))
                attempt(key, [k], [])
    if score[0] < best[0]:
        best = (score[0], plan)
    for key in keys:
        chosen[key] = set(best[1][key].values())
    return chosen
