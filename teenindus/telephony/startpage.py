"""The info line's part of the start page.

An agent (a user who answers the line as an agent): their desk state and how long in it, the calls
waiting in their queues, their own figures today. A team lead (telephony.view_call_stats): today's
service level and calls waiting, and the agents at work by state with their time in it."""

from collections import defaultdict
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.core import startpage
from teenindus.core.formatting import duration, percent
from teenindus.telephony import selectors
from teenindus.telephony.models import AgentState

FIGURES = "telephony.view_call_stats"


def _today() -> tuple:
    today = timezone.localdate()
    return today, today + timedelta(days=1)


def _waiting(calls, now) -> str:
    if not calls:
        return "0"
    longest = max((now - c.entered_at).total_seconds() for c in calls)
    return _("%(count)s (longest %(wait)s)") % {"count": len(calls), "wait": duration(longest)}


def _seconds(value) -> str:
    return "—" if value is None else duration(value)


def _agent_section(agent, now) -> startpage.Section:
    start, end = _today()
    rows = selectors.calls_stats(start=start, end=end, granularity="day", agent=agent)
    today = rows[0] if rows else {}
    since = duration((now - agent.state_since).total_seconds()) if agent.state_since else "—"
    state = agent.get_state_display()
    if agent.state_reason:
        state = f"{state} ({agent.state_reason})"
    waiting = selectors.calls_waiting(queue_ids=agent.skills.values_list("queue_id", flat=True))
    return startpage.Section(
        key="desk",
        title=_("Your desk"),
        url=reverse("telephony:desk"),
        figures=[
            startpage.Figure(_("State"), _("%(state)s for %(since)s") % {"state": state, "since": since}),
            startpage.Figure(_("Calls waiting in your queues"), _waiting(waiting, now)),
            startpage.Figure(_("Calls you answered today"), str(today.get("answered", 0))),
            startpage.Figure(
                _("ASA"), _seconds(today.get("asa_seconds")), _("average speed of answer: your calls' wait")
            ),
            startpage.Figure(
                _("AHT"),
                _seconds(today.get("aht_seconds")),
                _("average handle time: talk, hold and after-call work per call"),
            ),
            startpage.Figure(
                _("Occupancy"),
                percent(today.get("occupancy")),
                _("time on calls and after-call work / (that time + time available)"),
            ),
        ],
    )


def _lead_sections(ctx, now) -> list[startpage.Section]:
    start, end = _today()
    rows = selectors.calls_stats(start=start, end=end, granularity="day")
    today = rows[0] if rows else {}
    figures = startpage.Section(
        key="line-today",
        title=_("The info line today"),
        url=reverse("telephony:dashboard"),
        figures=[
            startpage.Figure(
                _("Service level"),
                percent(today.get("service_level")),
                _("calls answered within the queue's threshold T / (offered − short abandons)"),
            ),
            startpage.Figure(_("Calls offered"), str(today.get("offered", 0))),
            startpage.Figure(_("Calls waiting now"), _waiting(selectors.calls_waiting(), now)),
        ],
    )
    by_state = defaultdict(list)
    for agent in selectors.agents_at_work(ctx=ctx):
        since = duration((now - agent.state_since).total_seconds()) if agent.state_since else "—"
        by_state[agent.state].append(f"{agent.name} {since}")
    order = [*selectors.STATE_ORDER, *(s for s in AgentState.values if s not in selectors.STATE_ORDER)]
    agents = startpage.Section(
        key="agents",
        title=_("Agents by state"),
        url=reverse("telephony:dashboard"),
        items=[
            startpage.Item(
                label=f"{AgentState(state).label}: {len(by_state[state])}",
                url=reverse("telephony:dashboard"),
                detail=", ".join(by_state[state]),
                overdue=state == AgentState.MISSED,
            )
            for state in order
            if by_state.get(state)
        ],
        empty=_("Nobody is signed in on the info line."),
    )
    return [figures, agents]


@startpage.provider("telephony", order=10)
def telephony_work(ctx) -> list[startpage.Section]:
    user = ctx.actor
    now = timezone.now()
    sections = []
    agent = selectors.agent_of(user=user) if user.has_perm("telephony.view_agent") else None
    if agent is not None:
        sections.append(_agent_section(agent, now))
    if user.has_perm(FIGURES):
        sections += _lead_sections(ctx, now)
    return sections
