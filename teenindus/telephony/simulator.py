"""Realistic info-line traffic, written as Asterisk would write its queue_log.

Arrivals are Poisson per 15-minute interval with an intraday profile (morning and early
afternoon peaks) and a weekday profile (Mondays busiest, weekends closed); handle times are
exponential; a caller hangs up when the wait exceeds their (exponential) patience; calls still
waiting at the queue timeout leave with EXITWITHTIMEOUT. Agents sign in, take a lunch break and
sign out. The lines are imported with the same code as a real queue_log."""

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

OPEN, CLOSE = time(9, 0), time(17, 0)
WEEKDAY = [1.25, 1.05, 1.0, 0.95, 0.85, 0.0, 0.0]
# Relative arrival rate by hour of the working day.
HOURLY = {9: 1.3, 10: 1.5, 11: 1.3, 12: 0.9, 13: 1.2, 14: 1.1, 15: 0.9, 16: 0.6}
QUEUES = {"pensionid": 0.35, "peretoetused": 0.3, "puue": 0.2, "üldinfo": 0.15}


@dataclass
class Settings:
    calls_per_agent_hour: float = 7.0
    mean_handle: float = 270.0
    mean_patience: float = 110.0
    queue_timeout: float = 600.0
    wrap_up: float = 20.0
    no_answer_share: float = 0.03


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth for small means, normal approximation for large ones.
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def simulate(
    *,
    start: date,
    days: int,
    agents: int,
    seed: int | None = None,
    tz: str = "Europe/Tallinn",
    cfg: Settings | None = None,
) -> Iterator[str]:
    """queue_log lines, in time order, for `days` days from `start` with `agents` agents."""
    cfg = cfg or Settings()
    zone = ZoneInfo(tz)
    rng = random.Random(seed if seed is not None else start.toordinal() * 1000 + agents)
    interfaces = [f"PJSIP/{201 + i}" for i in range(agents)]
    for offset in range(days):
        day = start + timedelta(days=offset)
        if WEEKDAY[day.weekday()] == 0:
            continue
        yield from _day(day, zone, rng, interfaces, cfg)


def _day(
    day: date, zone: ZoneInfo, rng: random.Random, interfaces: list[str], cfg: Settings
) -> Iterator[str]:
    def at(hour: int, minute: int = 0, second: float = 0.0) -> float:
        moment = datetime.combine(day, time(hour, minute), tzinfo=zone) + timedelta(seconds=second)
        return moment.timestamp()

    opening, closing = at(OPEN.hour), at(CLOSE.hour)
    lines: list[tuple[float, str]] = []
    free = {}
    breaks = {}
    for i, interface in enumerate(interfaces):
        sign_in = opening - 300 + rng.uniform(-120, 120)
        free[interface] = sign_in
        lunch = at(11, 30) + i * 600 % 5400
        breaks[interface] = (lunch, lunch + 1800)
        lines.append((sign_in, f"NONE|NONE|{interface}|AGENTLOGIN|"))
        for queue in QUEUES:
            lines.append((sign_in + 0.5, f"NONE|{queue}|{interface}|ADDMEMBER|"))
        lines.append((lunch, f"NONE|NONE|{interface}|PAUSE|lõuna"))
        lines.append((lunch + 1800, f"NONE|NONE|{interface}|UNPAUSE|"))
    rate = cfg.calls_per_agent_hour * len(interfaces) * WEEKDAY[day.weekday()] / 4  # per 15 min
    arrivals = []
    for hour, factor in HOURLY.items():
        for quarter in range(4):
            begin = at(hour, quarter * 15)
            arrivals += [begin + rng.uniform(0, 900) for _ in range(_poisson(rng, rate * factor))]
    arrivals.sort()
    names, weights = list(QUEUES), list(QUEUES.values())
    for n, entered in enumerate(arrivals):
        call_id = f"{int(entered)}.{n}"
        queue = rng.choices(names, weights)[0]
        caller = f"5{rng.randrange(1000000, 9999999)}"
        lines.append((entered, f"{call_id}|{queue}|NONE|ENTERQUEUE||{caller}|1"))
        patience = rng.expovariate(1 / cfg.mean_patience)

        def ready(interface: str, entered: float = entered) -> float:
            start = max(free[interface], entered)
            lunch_start, lunch_end = breaks[interface]
            return lunch_end if lunch_start - 60 <= start < lunch_end else start

        interface = min(interfaces, key=ready)
        answer = ready(interface)
        wait = answer - entered
        if wait > min(patience, cfg.queue_timeout):
            gone = entered + min(patience, cfg.queue_timeout)
            verb = "ABANDON" if patience < cfg.queue_timeout else "EXITWITHTIMEOUT"
            lines.append((gone, f"{call_id}|{queue}|NONE|{verb}|1|1|{int(gone - entered)}"))
            continue
        if rng.random() < cfg.no_answer_share:
            lines.append((answer, f"{call_id}|{queue}|{interface}|RINGNOANSWER|15000"))
            answer += 15
            wait += 15
        talk = max(20.0, rng.expovariate(1 / cfg.mean_handle))
        lines.append((answer, f"{call_id}|{queue}|{interface}|CONNECT|{int(wait)}|{call_id}.1|3"))
        end = answer + talk
        who = "COMPLETECALLER" if rng.random() < 0.6 else "COMPLETEAGENT"
        lines.append((end, f"{call_id}|{queue}|{interface}|{who}|{int(wait)}|{int(talk)}|1"))
        free[interface] = end + cfg.wrap_up
    for interface in interfaces:
        # Sign out after the working day, and never before the last call and its wrap-up.
        sign_out = max(closing + 600 + rng.uniform(0, 300), free[interface] + 1)
        lines.append((sign_out, f"NONE|NONE|{interface}|AGENTLOGOFF|"))
    lines.sort(key=lambda item: item[0])
    for moment, rest in lines:
        yield f"{int(moment)}|{rest}"
