"""The feedback talk's one page (job description 002 point 3.5): an agent's evaluations of a
period (mean score, per criterion), their call figures from telephony, the goals agreed, and the
link to their appraisal conversation. Reads only (the access log aside).

Customer-survey figures come from the surveys app (`survey_figures()` below); the page and the PDF
show them under the context key "survey" (nothing is shown when no customer answered)."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from teenindus.accounts import roles
from teenindus.accounts.models import User
from teenindus.audit.context import AccessContext
from teenindus.contacts.selectors import contacts_by_topic_and_outcome
from teenindus.core.exceptions import NotFound
from teenindus.core.ids import id_ok
from teenindus.people.models import ConversationKind
from teenindus.people.selectors import conversations_visible
from teenindus.quality import selectors
from teenindus.quality.models import Goal
from teenindus.quality.scope import in_scope
from teenindus.surveys.selectors import SurveySummary, agent_survey_summary
from teenindus.telephony.selectors import agent_of, calls_stats

MONTH_FIRST, MONTH_LAST = date(1900, 1, 1), date(2999, 12, 1)  # as the registry's years 1900–2999


def month_bounds(month: date) -> tuple[date, date]:
    if not MONTH_FIRST <= month <= MONTH_LAST:
        raise ValueError(f"month out of range: {month}")
    start = month.replace(day=1)
    return start, date(start.year + (start.month == 12), start.month % 12 + 1, 1)


def survey_figures(*, ctx: AccessContext, agent, start: date, end: date) -> SurveySummary | None:
    """The customers' survey answers about the agent's contacts of local days [start, end):
    how many, mean satisfaction (1–5), share solved. None when nobody answered (nothing shown)."""
    summary = agent_survey_summary(ctx=ctx, agent_user=agent, start=start, end=end)
    return summary if summary.count else None


@dataclass
class CriterionMean:
    criterion: str
    mean: Decimal | None
    n: int


@dataclass
class Feedback:
    agent: User
    start: date
    end: date
    evaluations: list
    mean_score: Decimal | None
    criteria: list[CriterionMean]
    calls: dict | None
    contacts: int
    goals: list[Goal]
    appraisal: object | None
    survey: SurveySummary | None = None
    notes: list = field(default_factory=list)

    @property
    def last(self) -> date:
        return self.end - timedelta(days=1)


def may_see_feedback(user, agent_id: int) -> bool:
    return agent_id == user.pk or in_scope(user, agent_id)


def feedback_agent(*, user, agent_id: int) -> User:
    agent = User.objects.filter(pk=agent_id).first() if id_ok(agent_id) else None
    if agent is None or not may_see_feedback(user, agent_id):
        raise NotFound(_("No such agent."), field="agent")
    return agent


def _calls(agent_user, start: date, end: date) -> dict | None:
    agent = agent_of(user=agent_user)
    if agent is None:
        return None
    rows = calls_stats(start=start, end=end, granularity="month", agent=agent)
    if not rows:
        return {
            "answered": 0,
            "aht_seconds": None,
            "asa_seconds": None,
            "occupancy": None,
            "utilisation": None,
        }
    if len(rows) == 1:
        return rows[0]
    answered = sum(r["answered"] for r in rows)
    aht = sum((r["aht_seconds"] or 0) * r["answered"] for r in rows)
    return {
        "answered": answered,
        "aht_seconds": round(aht / answered, 1) if answered else None,
        "asa_seconds": None,
        "occupancy": None,
        "utilisation": None,
    }


def feedback_build(*, ctx: AccessContext, agent_id: int, month: date) -> Feedback:
    agent = feedback_agent(user=ctx.actor, agent_id=agent_id)
    start, end = month_bounds(month)
    evaluations = selectors.evaluations_of_agent(ctx=ctx, agent_id=agent_id, start=start, end=end)
    scores = [e.score for e in evaluations if e.score is not None]
    mean = (sum(scores) / len(scores)).quantize(Decimal("0.1")) if scores else None
    trend = selectors.trend_by_criterion(ctx=ctx, agent_id=agent_id, months=[start])
    counts: dict[str, int] = {}
    for evaluation in evaluations:
        for answer in evaluation.answers.select_related("criterion"):
            if answer.points is not None:
                key = f"{answer.criterion.section} › {answer.criterion.name}"
                counts[key] = counts.get(key, 0) + 1
    criteria = [CriterionMean(row.criterion, row.cells[0], counts.get(row.criterion, 0)) for row in trend]
    contacts = sum(r["contacts"] for r in contacts_by_topic_and_outcome(start=start, end=end, user=agent))
    goals = list(Goal.objects.filter(agent=agent).order_by("status", "due_date", "pk"))
    appraisal = (
        conversations_visible(user=ctx.actor)
        .filter(employment__employee__user=agent, kind=ConversationKind.APPRAISAL)
        .order_by("-due_date")
        .first()
    )
    return Feedback(
        agent=agent,
        start=start,
        end=end,
        evaluations=evaluations,
        mean_score=mean,
        criteria=criteria,
        calls=_calls(agent, start, end),
        contacts=contacts,
        goals=goals,
        appraisal=appraisal,
        survey=survey_figures(ctx=ctx, agent=agent, start=start, end=end),
    )


def feedback_agents(*, user) -> list[User]:
    """The agents whose feedback page the user may open (themselves first when they are evaluated)."""
    from teenindus.quality.scope import agent_ids_in_scope

    scope = agent_ids_in_scope(user)
    users = User.objects.filter(is_active=True)
    if scope is not None:
        users = users.filter(pk__in=scope)
    else:
        users = users.exclude(pk=user.pk).filter(groups__name__in=[roles.AGENT, roles.INFO_SPECIALIST])
    return list(users.distinct().order_by("last_name", "first_name"))
