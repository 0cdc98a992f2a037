"""The roster solver: a named schedule from a `Problem`, with OR-Tools CP-SAT.

Variables: x[p, i] = person p works shift instance i (an option on a day). Every time is a real
elapsed minute from `Problem.start` (`Problem.minute`), so rest across a clock change is the rest
actually had.

Hard rules (Employment Contracts Act, summarised working time), per person:
- at most one shift starting on a local day;
- daily rest: two shifts of a person at least DAILY_REST (11 h) apart, end to next start;
- weekly rest (ECA § 52(2)): inside each of the period's whole weeks (`Problem.rest_weeks`,
  local midnight of day 7k to local midnight of day 7k + 7; rosters start on Mondays, so these
  are calendar weeks) a stretch of at least WEEKLY_REST_RUN (47 h) with no work: 36 h of weekly
  rest after the 11 h of daily rest, which it does not include (CJEU C-477/21, 2 March 2023, as
  the Labour Inspectorate applies it). The rest is owed "per each seven-day period", not after
  every six working days (CJEU C-306/16, Maio Marques da Rosa, 2017), so the weeks are fixed
  periods, not a window sliding day by day. A last part-week is left to the next period;
- break: an option longer than LONG_SHIFT (6 h) whose unpaid break is shorter than BREAK_MIN
  (30 min), or whose break does not lie inside it, is never used (`option_fault`);
- at most WEEK_AVERAGE_MAX (48 h) of work (breaks excluded) a week on average over the period;
- work minutes within `contracted` ± `tolerance`;
- no shift touching a day of approved absence (`unavailable`).

Search: after the per-person diagnosis, `solver_search.descend` builds a roster person by person
(each person's exact best shifts against everyone else's). On small problems (at most
LARGE_MODEL person x shift variables) it runs round after round and the team model starts from
it as a complete hint and proves the optimum. On large ones (50 x 4 weeks) the team model does
not get past its presolve in the time, so after one greedy round `solver_moves.polish` makes
fast local moves (change, move, drop, swap between two people), each checked against the
person's rules, to the end of the time; the lexicographic order is then kept by weights (one
uncovered slot outweighs any overstaffing, which outweighs any request), and fairness is not
searched.

Where the large path stands (bench/roster.py, 50 x 28 days, 55 s on 2 cores): see the README's
benchmark table. Until the weekly rest was read as above, it was checked in every 7-day window
sliding by a day, 36 h long: stricter than the law in one way (with shifts that all end after
noon six days in a row were never possible, though the rest may lie anywhere in each seven-day
period, and the Ministry of Social Affairs has answered that the period may be counted from the
end of the last weekly rest rather than from each midnight) and looser in another (36 h, not
47). That reading cost the most coverage of anything measured: 1,143-1,164 agent-slots
uncovered against 1,094 for pyworkforce's head-counts, and 2,133 with 47 h in sliding windows;
fixed weeks with 47 h gave 847-871. Tried under the old reading and not kept, as
none beat the unchanged path: head-count targets from the relaxed team model for the greedy
round; a second exact person-by-person round after the moves (-8 in 18 s); CP-SAT over 2- to
9-day windows of the whole team, or 6 people's whole month, with the rest fixed (at most -5 in
2-120 s); swapping two people's blocks of 2-7 days; column generation over each person's month
(its LP was still at 1,223 after 100 s).

Objective, lexicographic, by sequential solves (not weights): each stage minimises one term,
then its value (the best found within the stage's share of `time_limit`; proved optimal when
the status says "OPTIMAL") is fixed as an upper bound and the answer is the next stage's hint:
1. uncovered demand: sum over slots of max(0, required - agents working, breaks excluded);
2. overstaffing: sum over slots of max(0, working - required);
3. fairness: for evening shifts (ending after 18:00), weekend shifts and holiday shifts, the
   most any person has minus the fewest any person without absences has, summed;
4. requested days off worked.

Coverage is soft, so a team problem is infeasible only if one person's rules are: `diagnose`
checks each person alone first and raises `Unsolvable` naming the rule and the person.

`time_limit` bounds the search; the diagnosis and the building of the models come on top of it
when it is very short (about 5 s for 50 people x 28 days)."""

import time
from bisect import bisect_left
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .problem import (
    BREAK_MIN,
    DAILY_REST,
    LONG_SHIFT,
    REST_WEEK,
    SLOT,
    WEEK_AVERAGE_MAX,
    WEEKLY_REST_RUN,
    Assignment,
    Person,
    Problem,
    ShiftOption,
    Solution,
    Unsolvable,
)
from .solver_moves import polish
from .solver_search import descend

EVENING_END = 18 * 60  # a shift ending after 18:00 local is an evening shift
NIGHT_START, NIGHT_END = 22 * 60, 6 * 60
MIN_TEAM_SECONDS = 3.0  # below this, the team model is not built
DESCENT_SHARE = 0.85  # of the time left after the diagnosis, for descend (small problems)
GREEDY_SHARE = 0.5  # at most, of that time, for descend's first, greedy round (large problems)
LARGE_MODEL = 4000  # person x shift variables above which the team model is not built
STAGE_SHARES = (0.7, 0.1, 0.1, 0.1)  # of the remaining time, per objective stage
PERSON_RULES = ("absence", "weekly_rest", "daily_rest", "week_average")


@dataclass(frozen=True)
class Instance:
    """An option placed on a day, in real minutes from Problem.start."""

    day: int
    option: ShiftOption
    start: int
    end: int
    break_start: int
    break_end: int
    evening: bool
    weekend: bool
    holiday: bool

    @property
    def work(self) -> int:
        return self.option.work_minutes


def option_fault(option: ShiftOption) -> str | None:
    """Why this option may never be used, or None."""
    if option.length <= 0 or option.break_minutes < 0 or option.break_minutes >= option.length:
        return "its length and break are not a shift"
    if option.length > LONG_SHIFT and option.break_minutes < BREAK_MIN:
        return f"it is over {LONG_SHIFT // 60} h with a break under {BREAK_MIN} min"
    if option.break_minutes:
        after = _break_after(option)
        if after <= 0 or after + option.break_minutes >= option.length:
            return "its break does not lie inside it"
    return None


def _break_after(option: ShiftOption) -> int:
    if option.break_after is not None:
        return option.break_after
    return (option.length - option.break_minutes) // 2 // SLOT * SLOT


def instances(problem: Problem) -> list[Instance]:
    """Every usable option on every day, in real minutes."""
    starts = problem.day_starts
    out = []
    for day in range(problem.days):
        for option in problem.options:
            if option_fault(option):
                continue
            start = problem.minute(problem.local(day, option.start))
            end = start + option.length
            b0 = start + _break_after(option) if option.break_minutes else end
            b1 = b0 + option.break_minutes if option.break_minutes else end
            end_local = problem.at(end)
            local_day = problem.local(day, 0).date()
            evening = end_local.date() > local_day or (end_local.hour * 60 + end_local.minute > EVENING_END)
            touched = {d for d in range(problem.days) if starts[d] < end and starts[d + 1] > start}
            out.append(
                Instance(
                    day=day,
                    option=option,
                    start=start,
                    end=end,
                    break_start=b0,
                    break_end=b1,
                    evening=evening,
                    weekend=local_day.weekday() >= 5,
                    holiday=bool(touched & problem.holidays),
                )
            )
    return out


def pay_marks(problem: Problem, assignment: Assignment) -> tuple[bool, int]:
    """(any minute of the shift on a public holiday, minutes worked at night 22:00-06:00 local)."""
    start = problem.minute(assignment.starts_at)
    end = problem.minute(assignment.ends_at)
    b0 = problem.minute(assignment.break_starts_at) if assignment.break_starts_at else end
    b1 = b0 + assignment.break_minutes if assignment.break_starts_at else end
    on_holiday = False
    night = 0
    first = assignment.day - 1
    for d in range(first, assignment.day + 3):
        day_start = problem.minute(problem.local(d, 0))
        day_end = problem.minute(problem.local(d + 1, 0))
        if d in problem.holidays and day_start < end and day_end > start:
            on_holiday = True
        for w0, w1 in (
            (day_start, problem.minute(problem.local(d, NIGHT_END))),
            (problem.minute(problem.local(d, NIGHT_START)), day_end),
        ):
            night += _overlap(w0, w1, start, end) - _overlap(w0, w1, b0, b1)
    return on_holiday, night


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _allowed(problem: Problem, person: Person, inst: Instance, relax: frozenset) -> bool:
    if "absence" in relax or not person.unavailable:
        return True
    starts = problem.day_starts
    return not any(
        starts[d] < inst.end and starts[d + 1] > inst.start
        for d in person.unavailable
        if 0 <= d < problem.days
    )


def _week_average_cap(problem: Problem) -> int:
    """48 h a week on average over the period; a period under a week counts as a week."""
    return WEEK_AVERAGE_MAX * max(problem.days, 7) // 7


def _add_person(
    model: cp_model.CpModel,
    problem: Problem,
    person: Person,
    insts: list[Instance],
    relax: frozenset = frozenset(),
    contracted: bool = True,
    aux: list | None = None,
) -> dict[int, cp_model.IntVar]:
    """The person's shift variables (index into `insts` -> bool) under the hard rules, less
    those in `relax`. Auxiliary variables go into `aux` as (variable, its value from the shift
    variables' values), to complete a hint."""
    x = {
        k: model.NewBoolVar(f"x{person.key}_{k}")
        for k, inst in enumerate(insts)
        if _allowed(problem, person, inst, relax)
    }
    by_day: dict[int, list[int]] = {}
    for k in x:
        by_day.setdefault(insts[k].day, []).append(k)
    for ks in by_day.values():
        model.AddAtMostOne(x[k] for k in ks)
    if "daily_rest" not in relax:
        for k in x:
            a = insts[k]
            for d2 in range(a.day + 1, a.day + 4):
                clash = [j for j in by_day.get(d2, ()) if _gap(a, insts[j]) < DAILY_REST]
                if clash:
                    model.Add(x[k] + sum(x[j] for j in clash) <= 1)
    if "weekly_rest" not in relax and problem.days >= 7:
        starts = problem.day_starts
        ends = sorted({insts[k].end for k in x})
        rest: dict[int, cp_model.IntVar] = {}

        def rest_from(a: int) -> cp_model.IntVar:
            if a not in rest:
                y = rest[a] = model.NewBoolVar(f"r{person.key}_{a}")
                busy = [x[k] for k in x if insts[k].start < a + WEEKLY_REST_RUN and insts[k].end > a]
                for b in busy:  # clauses, not a big-M sum: a tighter relaxation
                    model.AddImplication(y, b.Not())
                if aux is not None:
                    aux.append((y, lambda val, busy=busy: int(not any(val[b] for b in busy))))
            return rest[a]

        for w in problem.rest_weeks:
            w0, w1 = starts[w], starts[w + REST_WEEK]
            cands = [w0] + [e for e in ends if w0 < e and e + WEEKLY_REST_RUN <= w1]
            model.AddBoolOr([rest_from(a) for a in cands if a + WEEKLY_REST_RUN <= w1])
    work = sum(insts[k].work * x[k] for k in x)
    if x and "week_average" not in relax:
        model.Add(work <= _week_average_cap(problem))
    if contracted:
        model.Add(work >= person.contracted - person.tolerance)
        model.Add(work <= person.contracted + person.tolerance)
    return x


def _gap(a: Instance, b: Instance) -> int:
    """Rest between two shifts (negative when they overlap)."""
    return b.start - a.end if a.start <= b.start else a.start - b.end


def _solver(seconds: float, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = 1
    return solver


def _person_alone(problem, person, insts, relax=frozenset(), maximise=False, seconds=5.0):
    """Solve one person's rules alone: (status, {instance index: chosen}, work minutes)."""
    model = cp_model.CpModel()
    x = _add_person(model, problem, person, insts, relax, contracted=not maximise)
    work = sum(insts[k].work * x[k] for k in x)
    if maximise and x:
        model.Maximize(work)
    solver = _solver(seconds, 1)
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return status, {}, 0
    chosen = {k: bool(solver.Value(v)) for k, v in x.items()}
    return status, chosen, sum(insts[k].work for k, on in chosen.items() if on)


def _hours(minutes: int) -> str:
    h = minutes / 60
    return f"{h:.0f}" if h == int(h) else f"{h:.1f}"


def diagnose(problem: Problem, insts: list[Instance] | None = None) -> dict[int, dict[int, bool]]:
    """Raise Unsolvable for the first rule that cannot hold; else each person's feasible shifts
    alone (index into `instances(problem)` -> chosen), a first hint for the team model."""
    if not problem.people:
        raise Unsolvable("no_agents", "", "The roster has no agents.", {"why": "no_agents"})
    if not problem.options:
        raise Unsolvable("no_shift", "", "The roster has no shift templates.", {"why": "no_shift"})
    if insts is None:
        insts = instances(problem)
    if not insts:
        faults = "; ".join(f"{o.key}: {option_fault(o)}" for o in problem.options)
        raise Unsolvable(
            "no_shift", "", f"No shift template may be used: {faults}.", {"why": "faults", "faults": faults}
        )
    hints = {}
    alike: dict[tuple, dict[int, bool]] = {}  # people under the same rules share one answer
    for person in problem.people:
        same = (person.contracted, person.tolerance, person.unavailable)
        if same not in alike:
            status, chosen, _ = _person_alone(problem, person, insts)
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                _explain(problem, person, insts)
            alike[same] = chosen
        hints[person.key] = alike[same]
    return hints


def _explain(problem: Problem, person: Person, insts: list[Instance]) -> None:
    """The person's rules have no solution: find the rule whose relaxation lets it have one."""
    low, high = person.contracted - person.tolerance, person.contracted + person.tolerance
    _, _, most = _person_alone(problem, person, insts, maximise=True)
    available = problem.days - len({d for d in person.unavailable if 0 <= d < problem.days})
    params = {
        "contracted_hours": _hours(person.contracted),
        "tolerance_hours": _hours(person.tolerance),
        "max_hours": _hours(most),
        "available_days": available,
        "days": problem.days,
    }
    head = f"{person.name}: {params['contracted_hours']} contracted hours (± {params['tolerance_hours']} h)"
    if most < low:
        for rule in PERSON_RULES:
            _, _, relaxed = _person_alone(problem, person, insts, frozenset({rule}), maximise=True)
            if relaxed >= low:
                params["relaxed_hours"] = _hours(relaxed)
                params["why"] = rule
                params["week_cap_hours"] = _hours(_week_average_cap(problem))
                text = {
                    "absence": f"cannot fit around the approved absences: {available} of "
                    f"{problem.days} days are available, and they hold at most "
                    f"{params['max_hours']} h",
                    "weekly_rest": "cannot fit under the weekly rest (47 hours in a row in each week: "
                    "36 h after the 11 h daily rest): "
                    f"at most {params['max_hours']} h fit",
                    "daily_rest": "cannot fit under the 11-hour daily rest between shifts: "
                    f"at most {params['max_hours']} h fit",
                    "week_average": "exceed the 48-hour weekly average over the period "
                    f"(at most {_hours(_week_average_cap(problem))} h)",
                }[rule]
                raise Unsolvable(rule, person.name, f"{head} {text}.", params)
        longest = max(i.work for i in insts)
        params.update(why="days", longest_hours=_hours(longest))
        raise Unsolvable(
            "contracted_hours",
            person.name,
            f"{head} cannot fit in {available} available days under the 11-hour daily rest "
            f"and the weekly rest of 47 hours in each week: the longest template gives at most "
            f"{_hours(longest)} h a day, and at most {params['max_hours']} h fit in the period.",
            params,
        )
    params.update(why="combination", low_hours=_hours(max(low, 0)), high_hours=_hours(high))
    raise Unsolvable(
        "contracted_hours",
        person.name,
        f"{head}: no combination of the shift templates gives between {_hours(max(low, 0))} "
        f"and {_hours(high)} h under the rules.",
        params,
    )


def _slot_cover(problem: Problem, insts: list[Instance]) -> dict[tuple[int, int], list[int]]:
    """(day, slot) -> indexes of instances working (not on break) at the slot's start."""
    cover: dict[tuple[int, int], list[int]] = {}
    slot_minute = {}
    for d in range(problem.days):
        for s in range(24 * 60 // SLOT):
            slot_minute[(d, s)] = problem.minute(problem.local(d, s * SLOT))
    by_minute: dict[int, list[tuple[int, int]]] = {}
    for key, t in slot_minute.items():
        by_minute.setdefault(t, []).append(key)
    for k, inst in enumerate(insts):
        for t in range(inst.start, inst.end):
            if t in by_minute and not (inst.break_start <= t < inst.break_end):
                for key in by_minute[t]:
                    cover.setdefault(key, []).append(k)
    return cover


def solve(problem: Problem) -> Solution:
    began = time.monotonic()
    insts = instances(problem)
    hints = diagnose(problem, insts)
    cover = _slot_cover(problem, insts)
    per_day = 24 * 60 // SLOT
    slots_of: dict[int, list[int]] = {}
    for (d, s), ks in cover.items():
        for k in ks:
            slots_of.setdefault(k, []).append(d * per_day + s)
    models = {}
    for p in problem.people:
        alone = cp_model.CpModel()
        models[p.key] = (alone, _add_person(alone, problem, p, insts))
    fallback = {key: {k for k, on in row.items() if on} for key, row in hints.items()}
    left = problem.time_limit - (time.monotonic() - began)
    size = sum(len(x) for _, x in models.values())
    if size <= LARGE_MODEL:
        found = descend(problem, insts, models, slots_of, left * DESCENT_SHARE, fallback)
    else:
        # One greedy round of the descent, then fast local moves to the end of the time.
        found = descend(problem, insts, models, slots_of, left * GREEDY_SHARE, fallback, rounds=1)
        cap, people = _week_average_cap(problem), problem.people
        span = {p.key: (p.contracted - p.tolerance, min(cap, p.contracted + p.tolerance)) for p in people}
        found = polish(
            problem,
            insts,
            {p.key: set(models[p.key][1]) for p in problem.people},
            slots_of,
            found,
            problem.time_limit - (time.monotonic() - began),
            span,
        )
    hints = {key: {k: k in row for k in models[key][1]} for key, row in found.items()}
    if size > LARGE_MODEL or problem.time_limit - (time.monotonic() - began) < MIN_TEAM_SECONDS:
        # The team model would not get past its presolve: the local search's answer stands.
        chosen = {key: sorted(row) for key, row in found.items()}
        return _solution(problem, insts, chosen, False, time.monotonic() - began)

    model = cp_model.CpModel()
    aux: list = []
    xs = {p.key: _add_person(model, problem, p, insts, aux=aux) for p in problem.people}
    n = len(problem.people)
    # Head-count per shift instance: the coverage sums read these, not every person's variable.
    heads = {}
    for k in range(len(insts)):
        members = [xs[p][k] for p in xs if k in xs[p]]
        if members:
            heads[k] = model.NewIntVar(0, len(members), f"n{k}")
            model.Add(heads[k] == sum(members))
            aux.append((heads[k], lambda val, m=members: sum(val[v] for v in m)))
    under_terms, over_terms = [], []
    const_under = 0
    for d in range(problem.days):
        for s in range(24 * 60 // SLOT):
            req = problem.required[d][s] if s < len(problem.required[d]) else 0
            working = [heads[k] for k in cover.get((d, s), ()) if k in heads]
            if not working:
                const_under += req
                continue
            u = model.NewIntVar(0, max(req, 0), f"u{d}_{s}")
            o = model.NewIntVar(0, n, f"o{d}_{s}")
            model.Add(sum(working) + u - o == req)
            aux.append((u, lambda val, w=working, r=req: max(0, r - sum(val[h] for h in w))))
            aux.append((o, lambda val, w=working, r=req: max(0, sum(val[h] for h in w) - r)))
            under_terms.append(u)
            over_terms.append(o)
    uncovered = sum(under_terms)
    over = sum(over_terms)

    fairness = []
    full_time = [p for p in problem.people if not p.unavailable]
    for flag in ("evening", "weekend", "holiday"):
        if not any(getattr(i, flag) for i in insts):
            continue
        counts = {
            p.key: sum(v for k, v in xs[p.key].items() if getattr(insts[k], flag)) for p in problem.people
        }
        hi = model.NewIntVar(0, problem.days, f"hi_{flag}")
        lo = model.NewIntVar(0, problem.days, f"lo_{flag}")
        for p in problem.people:
            model.Add(counts[p.key] <= hi)
        for p in full_time:
            model.Add(counts[p.key] >= lo)
        members = {
            p.key: [v for k, v in xs[p.key].items() if getattr(insts[k], flag)] for p in problem.people
        }
        aux.append((hi, lambda val, m=members: max(sum(val[v] for v in vs) for vs in m.values())))
        aux.append(
            (
                lo,
                lambda val, m=members, f=full_time: min(
                    (sum(val[v] for v in m[p.key]) for p in f), default=0
                ),
            )
        )
        fairness.append(hi - lo)
    requests = sum(v for p in problem.people for k, v in xs[p.key].items() if insts[k].day in p.requested_off)

    # The first hint: each person's feasible roster alone, every other variable computed from it.
    val = {v: hints[p][k] for p, row in xs.items() for k, v in row.items()}
    for var, value in aux:
        val[var] = value(val)
    for var, value in val.items():
        model.AddHint(var, int(value))
    values = {v.Index(): int(val[v]) for row in xs.values() for v in row.values()}

    stages = [uncovered, over, sum(fairness), requests]
    all_optimal = True
    solver = None
    for n_stage, expr in enumerate(stages):
        if isinstance(expr, int):  # nothing to choose in this term
            continue
        remaining = problem.time_limit - (time.monotonic() - began)
        budget = remaining * STAGE_SHARES[n_stage] / sum(STAGE_SHARES[n_stage:])
        model.Minimize(expr)
        solver = _solver(budget, problem.workers)
        status = solver.Solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            all_optimal = False
            break  # out of time: keep the previous stage's answer (or the hint)
        all_optimal &= status == cp_model.OPTIMAL
        values = {v.Index(): solver.Value(v) for p in xs.values() for v in p.values()}
        model.Add(expr <= int(round(solver.ObjectiveValue())))
        model.ClearHints()  # the next stage starts from this answer, every variable hinted
        hint = model.Proto().solution_hint
        answer = solver.ResponseProto().solution
        hint.vars.extend(range(len(answer)))
        hint.values.extend(answer)

    chosen = {p.key: [k for k, v in xs[p.key].items() if values.get(v.Index())] for p in problem.people}
    return _solution(problem, insts, chosen, all_optimal, time.monotonic() - began)


def _solution(problem, insts, chosen, optimal, seconds) -> Solution:
    assignments = []
    for p in problem.people:
        for k in sorted(chosen[p.key], key=lambda k: insts[k].start):
            i = insts[k]
            assignments.append(
                Assignment(
                    person=p.key,
                    day=i.day,
                    option=i.option.key,
                    starts_at=problem.at(i.start),
                    ends_at=problem.at(i.end),
                    break_starts_at=problem.at(i.break_start) if i.option.break_minutes else None,
                    break_minutes=i.option.break_minutes,
                )
            )
    covered, uncovered, over, short = coverage(problem, assignments)
    requests_unmet = sum(
        1 for a in assignments for p in problem.people if p.key == a.person and a.day in p.requested_off
    )
    return Solution(
        status="OPTIMAL" if optimal else "FEASIBLE",
        assignments=assignments,
        covered=covered,
        uncovered=uncovered,
        over=over,
        requests_unmet=requests_unmet,
        seconds=round(seconds, 3),
        short_slots=short,
    )


def coverage(problem: Problem, assignments: list[Assignment]):
    """(covered[d][s], uncovered, over, short slots) of these assignments: an agent covers a slot
    when working, not on break, at the slot's start."""
    slots = 24 * 60 // SLOT
    spans = []
    for a in assignments:
        s0, s1 = problem.minute(a.starts_at), problem.minute(a.ends_at)
        b0 = problem.minute(a.break_starts_at) if a.break_starts_at else s1
        spans.append((s0, s1, b0, b0 + a.break_minutes if a.break_starts_at else s1))
    times = sorted(
        (problem.minute(problem.local(d, s * SLOT)), d, s) for d in range(problem.days) for s in range(slots)
    )
    keys = [t for t, _, _ in times]
    covered = [[0] * slots for _ in range(problem.days)]
    for s0, s1, b0, b1 in spans:
        for t, d, s in times[bisect_left(keys, s0) : bisect_left(keys, s1)]:
            if not b0 <= t < b1:
                covered[d][s] += 1
    uncovered = over = 0
    short = []
    for d in range(problem.days):
        for s in range(slots):
            c = covered[d][s]
            req = problem.required[d][s] if s < len(problem.required[d]) else 0
            if c < req:
                uncovered += req - c
                short.append((d, s, req - c))
            else:
                over += c - req
    return covered, uncovered, over, short
