"""Reads: call statistics with the definitions of domain.md, agents and calls for the desktops.

Service level is SL = answered within the queue's threshold T / (offered − short-abandoned),
abandon rate = abandoned (excluding short) / (offered − short-abandoned); a short abandon waited
at most the queue's short-abandon threshold; an answer within T waited at most T seconds."""

from collections import defaultdict
from datetime import date, timedelta
from datetime import timezone as dt_timezone

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q

from teenindus.audit.context import AccessContext
from teenindus.audit.services import access_log_record
from teenindus.telephony.intervals import SLOT_SECONDS, local_midnight, period_key, period_start, tz
from teenindus.telephony.models import (
    Agent,
    AgentInterval,
    AgentState,
    AgentStateInterval,
    AgentStateMark,
    Call,
    Queue,
    QueueDay,
    QueueInterval,
)
from teenindus.telephony.rollups import (
    FIGURES,
    pending_agents,
    pending_call_days,
    pending_call_slots,
    pending_state_seconds,
    slot_aggregates,
)

FIELDS = [
    "period_start",
    "offered",
    "answered",
    "abandoned",
    "short_abandoned",
    "timed_out",
    "withdrawn",
    "service_level",
    "asa_seconds",
    "aht_seconds",
    "max_wait_seconds",
    "abandon_rate",
    "occupancy",
    "utilisation",
]
SL_VARIANT = "SL = answered within T / (offered − short-abandoned)"
HANDLING = (AgentState.ON_CALL, AgentState.ACW)
IDLE = (AgentState.AVAILABLE, AgentState.RINGING)
# The sums' positions in a row of FIGURES.
_I = {name: i for i, name in enumerate(FIGURES)}
_EMPTY = (0,) * len(FIGURES)


def _figures(sums, states: dict) -> dict:
    """The report's figures from the sums (a tuple in FIGURES order) and seconds by state."""
    offered, answered, in_sl, abandoned, short, timed_out, withdrawn, wait, max_wait, handled, handle_time = (
        sums
    )
    base = offered - short
    if states:
        handling = states.get(AgentState.ON_CALL, 0.0) + states.get(AgentState.ACW, 0.0)
        idle = states.get(AgentState.AVAILABLE, 0.0) + states.get(AgentState.RINGING, 0.0)
        logged_in = sum(states.values()) - states.get(AgentState.OFFLINE, 0.0)
        occupancy = round(handling / (handling + idle), 4) if handling + idle else None
        utilisation = round(handling / logged_in, 4) if logged_in else None
    else:
        occupancy = utilisation = None
    return {
        "offered": offered,
        "answered": answered,
        "abandoned": abandoned,
        "short_abandoned": short,
        "timed_out": timed_out,
        "withdrawn": withdrawn,
        "service_level": round(in_sl / base, 4) if base else None,
        "asa_seconds": round(wait / answered, 1) if answered else None,
        "aht_seconds": round(handle_time / handled, 1) if handled else None,
        "max_wait_seconds": round(max_wait, 1),
        "abandon_rate": round(abandoned / base, 4) if base else None,
        "occupancy": occupancy,
        "utilisation": utilisation,
    }


# Period expressions over a (local_date, slot) row: the period's key columns in SQL.
def _period_sql(granularity: str) -> tuple[str, str]:
    postgresql = connection.vendor == "postgresql"
    if granularity == "15m":
        return "local_date", "slot"
    if granularity == "hour":
        return "local_date", "slot / 4"
    if granularity == "day":
        return "local_date", "0"
    if granularity == "week":
        if postgresql:
            return "local_date - (EXTRACT(ISODOW FROM local_date)::int - 1)", "0"
        return (
            "date(local_date, '-' || ((CAST(strftime('%%w', local_date) AS INTEGER) + 6) %% 7) || ' days')",
            "0",
        )
    if granularity == "month":
        if postgresql:
            return "date_trunc('month', local_date)::date", "0"
        return "date(local_date, 'start of month')", "0"
    raise ValueError(granularity)


def _key(day, second, granularity: str):
    if isinstance(day, str):  # SQLite hands dates back as text
        day = date.fromisoformat(day)
    return (day, second) if granularity in ("15m", "hour") else day


_FLOATS = {"wait_answered", "max_wait", "handle_time"}
# Counts summed over a union of bigint and integer columns would come back as numeric: cast back.
_SUMS_SQL = ", ".join(
    "MAX(max_wait)" if n == "max_wait" else f"SUM({n})" if n in _FLOATS else f"CAST(SUM({n}) AS BIGINT)"
    for n in FIGURES
)


def _union_sums(rolled, raw, head: list[str], group: list[str], days=None) -> list[tuple]:
    """SUM the figures of rolled rows (rollups of slots not marked), raw rows (the same sums from
    the raw calls of the marked slots) and day rows (QueueDay, with slot 0; days with no mark) by
    `group` in one statement: (*group, *sums) tuples."""
    aggregates = slot_aggregates()
    parts = [
        _sql(rolled.values_list(*head, *FIGURES).order_by()),
        _sql(raw.values(*head).annotate(**{n: aggregates[n] for n in FIGURES}).order_by()),
    ]
    if days is not None and (day_sql := _sql(days.values_list("local_date", *FIGURES).order_by())):
        figures = ", ".join(FIGURES)
        parts.append((f"SELECT local_date, 0 AS slot, {figures} FROM ({day_sql[0]}) AS days", day_sql[1]))
    parts = [part for part in parts if part is not None]
    if not parts:
        return []  # e.g. no agents in scope: nothing to add up
    names = ", ".join(group)
    numbers = ", ".join(str(i + 1) for i in range(len(group)))
    union = " UNION ALL ".join(sql for sql, _params in parts)
    sql = f"SELECT {names}, {_SUMS_SQL} FROM ({union}) AS figures GROUP BY {numbers} ORDER BY {numbers}"
    with connection.cursor() as cursor:
        cursor.execute(sql, tuple(param for _sql_text, params in parts for param in params))
        return cursor.fetchall()


def _sql(queryset) -> tuple[str, tuple] | None:
    """The queryset's SQL and parameters, or None when it can match nothing (an empty IN list)."""
    try:
        return queryset.query.sql_with_params()
    except EmptyResultSet:
        return None


def _state_rows(start: date, end: date, agents: Q, group: list[str], pending: dict[int, date]) -> list:
    """(*group, state, seconds) from the state rollups, leaving out pending agents' stale days."""
    rows = AgentStateInterval.objects.filter(agents, local_date__gte=start, local_date__lt=end)
    for agent_id, first in pending.items():
        rows = rows.exclude(agent_id=agent_id, local_date__gte=first)
    query = _sql(rows.values_list("agent_id", "local_date", "slot", "state", "seconds"))
    if query is None:
        return []
    sql, params = query
    names = ", ".join(group)
    numbers = ", ".join(str(i + 1) for i in range(len(group) + 1))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {names}, state, SUM(seconds) FROM ({sql}) AS spans GROUP BY {numbers}", params
        )
        return cursor.fetchall()


def calls_stats(
    *, start: date, end: date, granularity: str, queue: Queue | None = None, agent: Agent | None = None
) -> list[dict]:
    """Rows for [start, end) by period. With an agent, the call figures count the calls that agent
    answered; occupancy and utilisation are that agent's. Read-only: the rollups the sweep keeps,
    plus what is still marked out of date, computed from the raw data without writing."""
    rolled = AgentInterval.objects.filter(agent=agent) if agent is not None else QueueInterval.objects.all()
    rolled = rolled.filter(local_date__gte=start, local_date__lt=end).exclude(pending_call_slots())
    raw = Call.objects.filter(local_date__gte=start, local_date__lt=end).filter(pending_call_slots())
    days = None
    if agent is not None:
        raw = raw.filter(agent=agent)
    elif granularity in ("day", "week", "month"):
        # Whole days from the day rollups; a day with a marked slot from its slots and raw calls.
        days = QueueDay.objects.filter(local_date__gte=start, local_date__lt=end).exclude(pending_call_days())
        rolled = rolled.filter(pending_call_days())
    if queue is not None:
        rolled, raw = rolled.filter(queue=queue), raw.filter(queue=queue)
        days = days.filter(queue=queue) if days is not None else None
    period = _period_sql(granularity)
    buckets = {
        _key(day, second, granularity): sums
        for day, second, *sums in _union_sums(rolled, raw, ["local_date", "slot"], list(period), days)
    }
    agents = _state_agents(queue, agent)
    pending = pending_agents(AgentStateMark.objects.filter(agents))
    states: dict = defaultdict(lambda: defaultdict(float))
    for day, second, state, seconds in _state_rows(start, end, agents, list(period), pending):
        states[_key(day, second, granularity)][state] += seconds
    for (_agent, day, slot, state), seconds in pending_state_seconds(pending, start, end).items():
        states[period_key(day, slot, granularity)][state] += seconds
    label = _period_labels(granularity)
    return [
        {"period_start": label(key), **_figures(buckets.get(key, _EMPTY), states.get(key, _NONE))}
        for key in sorted(buckets.keys() | states.keys())
    ]


_NONE: dict = {}


def _period_labels(granularity: str):
    """period_start(key).isoformat() for many keys: a day's local midnight is worked out once and
    its slots added at its fixed UTC offset (a daylight-saving day goes through period_start)."""
    days: dict = {}

    def label(key) -> str:
        day = key[0] if isinstance(key, tuple) else key
        start = days.get(day)
        if start is None:
            midnight = local_midnight(day)
            local = midnight.astimezone(tz())
            fixed = local.utcoffset() == local_midnight(day + timedelta(days=1)).astimezone(tz()).utcoffset()
            start = days[day] = local.replace(tzinfo=dt_timezone(local.utcoffset())) if fixed else False
        if start is False or not isinstance(key, tuple):
            return period_start(key, granularity).isoformat()
        slot = key[1] * 4 if granularity == "hour" else key[1]
        return (start + timedelta(seconds=slot * SLOT_SECONDS)).isoformat()

    return label


def _state_agents(queue: Queue | None, agent: Agent | None) -> Q:
    if agent is not None:
        return Q(agent=agent)
    if queue is not None:
        return Q(agent__skills__queue=queue)
    return Q()


def calls_stats_from_raw(
    *, start: date, end: date, granularity: str, queue: Queue | None = None, agent: Agent | None = None
) -> list[dict]:
    """The same call figures aggregated from the raw calls alone (for checking the rollups and for
    the benchmark's ratio); occupancy and utilisation are left out (None)."""
    calls = Call.objects.filter(local_date__gte=start, local_date__lt=end)
    if queue is not None:
        calls = calls.filter(queue=queue)
    if agent is not None:
        calls = calls.filter(agent=agent)
    buckets: dict = {}
    aggregates = slot_aggregates()
    for row in calls.values_list("local_date", "slot").annotate(**aggregates).order_by():
        key = period_key(row[0], row[1], granularity)
        buckets[key] = _add(buckets.get(key, _EMPTY), row[2:])
    return [
        {"period_start": period_start(key, granularity).isoformat(), **_figures(buckets[key], {})}
        for key in sorted(buckets)
    ]


def _add(total: tuple, row) -> tuple:
    return tuple(
        max(a, b or 0) if i == _I["max_wait"] else a + (b or 0)
        for i, (a, b) in enumerate(zip(total, row, strict=True))
    )


def agents_now() -> list[Agent]:
    return list(Agent.objects.select_related("employee").order_by("state", "name"))


def agents_at_work(*, ctx: AccessContext) -> list[Agent]:
    """The agents signed in now (not offline), by state and longest in it first. How long someone
    has been on a break is their data: every agent who is an employee is logged."""
    agents = list(
        Agent.objects.exclude(state=AgentState.OFFLINE)
        .select_related("employee")
        .order_by("state", "state_since", "name")
    )
    access_log_record(
        ctx=ctx, employee_ids=[a.employee_id for a in agents if a.employee_id], action="agent_states"
    )
    return agents


def agent_of(*, user) -> Agent | None:
    """The agent the signed-in user answers the info line as, if any."""
    if not user.is_authenticated:
        return None
    return Agent.objects.filter(employee__user=user).first()


def calls_waiting(*, queue_ids=None) -> list[Call]:
    """Calls waiting in a queue now, longest waiting first (in the given queues when asked)."""
    calls = Call.objects.filter(outcome="waiting")
    if queue_ids is not None:
        calls = calls.filter(queue_id__in=list(queue_ids))
    return list(calls.select_related("queue").order_by("entered_at"))


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
    """Each agent's own figures for the period: the individual feedback talk's numbers (read-only,
    like calls_stats)."""
    agents = Agent.objects.all()
    rolled = AgentInterval.objects.filter(local_date__gte=start, local_date__lt=end).exclude(
        pending_call_slots()
    )
    raw = Call.objects.filter(local_date__gte=start, local_date__lt=end, agent__isnull=False).filter(
        pending_call_slots()
    )
    if queue is not None:
        agents = agents.filter(skills__queue=queue)
        rolled, raw = rolled.filter(queue=queue), raw.filter(queue=queue)
    agents = {a.pk: a for a in agents}
    sums = {
        agent_id: tuple(row)
        for agent_id, *row in _union_sums(rolled, raw, ["agent_id"], ["agent_id"])
        if agent_id in agents
    }
    scope = Q(agent_id__in=list(agents))
    pending = pending_agents(AgentStateMark.objects.filter(scope))
    states: dict = defaultdict(lambda: defaultdict(float))
    for agent_id, _none, state, seconds in _state_rows(start, end, scope, ["agent_id", "0"], pending):
        states[agent_id][state] += seconds
    for (agent_id, _day, _slot, state), seconds in pending_state_seconds(pending, start, end).items():
        states[agent_id][state] += seconds
    rows = []
    for agent_id in sorted(sums.keys() | states.keys(), key=lambda pk: agents[pk].name):
        agent = agents[agent_id]
        own = states.get(agent_id, {})
        figures = _figures(sums.get(agent_id, _EMPTY), own)
        signed_in = sum(s for state, s in own.items() if state != AgentState.OFFLINE)
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
                "break_hours": round(own.get(AgentState.BREAK, 0) / 3600, 2),
                "states": dict(own),
            }
        )
    return rows
