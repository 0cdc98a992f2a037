"""Reads: call statistics with the definitions of domain.md, agents and calls for the desktops.

Service level is SL = answered within the queue's threshold T / (offered − short-abandoned),
abandon rate = abandoned (excluding short) / (offered − short-abandoned); a short abandon waited
at most the queue's short-abandon threshold; an answer within T waited at most T seconds."""

from collections import defaultdict
from datetime import date

from django.db.models import Max, Q, Sum

from teenindus.telephony.intervals import period_key, period_start
from teenindus.telephony.models import (
    Agent,
    AgentInterval,
    AgentState,
    AgentStateInterval,
    Call,
    Queue,
    QueueInterval,
)
from teenindus.telephony.rollups import FIGURES, agent_state_intervals_flush, slot_aggregates

FIELDS = [
    "period_start",
    "offered",
    "answered",
    "abandoned",
    "short_abandoned",
    "timed_out",
    "service_level",
    "asa_seconds",
    "aht_seconds",
    "max_wait_seconds",
    "abandon_rate",
    "occupancy",
    "utilisation",
]
SL_VARIANT = "SL = answered within T / (offered − short-abandoned)"
HANDLING = {AgentState.ON_CALL, AgentState.ACW}
IDLE = {AgentState.AVAILABLE, AgentState.RINGING}


def _ratio(numerator: float, denominator: float, digits: int = 4) -> float | None:
    return round(numerator / denominator, digits) if denominator else None


def _figures(sums: dict, states: dict) -> dict:
    base = sums["offered"] - sums["short_abandoned"]
    handling = sum(states.get(s, 0.0) for s in HANDLING)
    idle = sum(states.get(s, 0.0) for s in IDLE)
    logged_in = sum(seconds for state, seconds in states.items() if state != AgentState.OFFLINE)
    return {
        "offered": sums["offered"],
        "answered": sums["answered"],
        "abandoned": sums["abandoned"],
        "short_abandoned": sums["short_abandoned"],
        "timed_out": sums["timed_out"],
        "service_level": _ratio(sums["answered_in_sl"], base),
        "asa_seconds": _ratio(sums["wait_answered"], sums["answered"], 1),
        "aht_seconds": _ratio(sums["handle_time"], sums["handled"], 1),
        "max_wait_seconds": round(sums["max_wait"], 1),
        "abandon_rate": _ratio(sums["abandoned"], base),
        "occupancy": _ratio(handling, handling + idle),
        "utilisation": _ratio(handling, logged_in),
    }


def _empty() -> dict:
    return dict.fromkeys(FIGURES, 0)


def _sum_aggregates() -> dict:
    sums = {name: Sum(name) for name in FIGURES if name != "max_wait"}
    sums["max_wait"] = Max("max_wait")
    return sums


def _add(target: dict, row: dict) -> None:
    for name in FIGURES:
        value = row[name] or 0
        target[name] = max(target[name], value) if name == "max_wait" else target[name] + value


def _state_agents(queue: Queue | None, agent: Agent | None) -> Q:
    if agent is not None:
        return Q(agent=agent)
    if queue is not None:
        return Q(agent__skills__queue=queue)
    return Q()


def calls_stats(
    *, start: date, end: date, granularity: str, queue: Queue | None = None, agent: Agent | None = None
) -> list[dict]:
    """Rows for [start, end) by period, from the per-slot rollups. With an agent, the call figures
    count the calls that agent answered; occupancy and utilisation are that agent's. State changes
    only mark their rollups out of date (routing stays fast); they are brought up to date here."""
    agent_state_intervals_flush()
    source = AgentInterval.objects.filter(agent=agent) if agent is not None else QueueInterval.objects.all()
    source = source.filter(local_date__gte=start, local_date__lt=end)
    if queue is not None:
        source = source.filter(queue=queue)
    buckets: dict = defaultdict(_empty)
    for row in source.values("local_date", "slot").annotate(**_sum_aggregates()).order_by():
        _add(buckets[period_key(row["local_date"], row["slot"], granularity)], row)
    states: dict = defaultdict(lambda: defaultdict(float))
    state_rows = (
        AgentStateInterval.objects.filter(local_date__gte=start, local_date__lt=end)
        .filter(_state_agents(queue, agent))
        .values("local_date", "slot", "state")
        .annotate(seconds=Sum("seconds"))
        .order_by()
    )
    for row in state_rows:
        states[period_key(row["local_date"], row["slot"], granularity)][row["state"]] += row["seconds"]
    keys = sorted(set(buckets) | set(states))
    return [
        {
            "period_start": period_start(key, granularity).isoformat(),
            **_figures(buckets[key], states.get(key, {})),
        }
        for key in keys
    ]


def calls_stats_from_raw(
    *, start: date, end: date, granularity: str, queue: Queue | None = None, agent: Agent | None = None
) -> list[dict]:
    """The same call figures aggregated from the raw calls (for checking the rollups and for the
    benchmark's ratio); occupancy and utilisation are left out (None)."""
    queues = [queue] if queue is not None else list(Queue.objects.all())
    buckets: dict = defaultdict(_empty)
    for q in queues:
        calls = Call.objects.filter(queue=q, local_date__gte=start, local_date__lt=end)
        if agent is not None:
            calls = calls.filter(agent=agent)
        for row in calls.values("local_date", "slot").annotate(**slot_aggregates(q)).order_by():
            _add(buckets[period_key(row["local_date"], row["slot"], granularity)], row)
    return [
        {
            "period_start": period_start(key, granularity).isoformat(),
            **_figures(buckets[key], {}),
        }
        for key in sorted(buckets)
    ]


def agents_now() -> list[Agent]:
    return list(Agent.objects.select_related("employee").order_by("state", "name"))


def calls_waiting() -> list[Call]:
    return list(Call.objects.filter(outcome="waiting").select_related("queue").order_by("entered_at"))


STATE_ORDER = [
    AgentState.AVAILABLE,
    AgentState.RINGING,
    AgentState.ON_CALL,
    AgentState.ACW,
    AgentState.BREAK,
    AgentState.TRAINING,
    AgentState.MEETING,
    AgentState.MISSED,
]
AGENT_FIELDS = [
    "name",
    "extension",
    "answered",
    "asa_seconds",
    "aht_seconds",
    "occupancy",
    "utilisation",
    "signed_in_hours",
    "break_hours",
]


def agents_figures(*, start: date, end: date, queue: Queue | None = None) -> list[dict]:
    """Each agent's own figures for the period: the individual feedback talk's numbers."""
    agent_state_intervals_flush()
    agents = Agent.objects.all()
    calls = AgentInterval.objects.filter(local_date__gte=start, local_date__lt=end)
    if queue is not None:
        agents = agents.filter(skills__queue=queue)
        calls = calls.filter(queue=queue)
    agents = {a.pk: a for a in agents}
    sums: dict = defaultdict(_empty)
    for row in calls.values("agent_id").annotate(**_sum_aggregates()).order_by():
        if row["agent_id"] in agents:
            _add(sums[row["agent_id"]], row)
    states: dict = defaultdict(lambda: defaultdict(float))
    for row in (
        AgentStateInterval.objects.filter(
            local_date__gte=start, local_date__lt=end, agent_id__in=list(agents)
        )
        .values("agent_id", "state")
        .annotate(seconds=Sum("seconds"))
        .order_by()
    ):
        states[row["agent_id"]][row["state"]] += row["seconds"]
    rows = []
    for agent_id in sorted(set(sums) | set(states), key=lambda pk: agents[pk].name):
        agent = agents[agent_id]
        figures = _figures(sums[agent_id], states.get(agent_id, {}))
        signed_in = sum(s for state, s in states.get(agent_id, {}).items() if state != AgentState.OFFLINE)
        rows.append(
            {
                "name": agent.name,
                "extension": agent.extension,
                "answered": figures["answered"],
                "asa_seconds": figures["asa_seconds"],
                "aht_seconds": figures["aht_seconds"],
                "occupancy": figures["occupancy"],
                "utilisation": figures["utilisation"],
                "signed_in_hours": round(signed_in / 3600, 2),
                "break_hours": round(states.get(agent_id, {}).get(AgentState.BREAK, 0) / 3600, 2),
                "states": dict(states.get(agent_id, {})),
            }
        )
    return rows
