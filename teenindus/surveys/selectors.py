"""Every read of survey answers. Reads never write, except the access log."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, Q
from django.utils import timezone

from teenindus.audit.context import AccessContext
from teenindus.audit.services import access_log_record
from teenindus.org.models import Employee
from teenindus.surveys.models import SurveyInvitation
from teenindus.surveys.services import EXPIRED, TOKEN_RE, UNKNOWN, USED, token_hash


@dataclass(frozen=True)
class SurveySummary:
    count: int  # answers
    mean_satisfaction: float | None  # 1..5, None without answers
    solved_share: float | None  # 0..1, None without answers


def survey_open(*, token: str) -> tuple[str, SurveyInvitation | None]:
    """What a token opens: ("open", invitation), or (USED | EXPIRED, invitation), or (UNKNOWN, None).
    Shows nothing about the person; changes nothing."""
    if not TOKEN_RE.match(token or ""):
        return UNKNOWN, None
    invitation = (
        SurveyInvitation.objects.filter(token_hash=token_hash(token))
        .only("pk", "language", "expires_at", "answered_at", "contact_id")
        .first()
    )
    if invitation is None:
        return UNKNOWN, None
    if invitation.answered_at is not None:
        return USED, invitation
    if invitation.expires_at <= timezone.now():
        return EXPIRED, invitation
    if SurveyInvitation.objects.filter(contact_id=invitation.contact_id, answered_at__isnull=False).exists():
        return USED, invitation
    return "open", invitation


def surveys_for_contact(*, ctx: AccessContext, contact) -> list[SurveyInvitation]:
    """A contact's invitations and answers, newest first (the customer's answer: logged)."""
    rows = list(SurveyInvitation.objects.filter(contact=contact).select_related("sent_by"))
    if rows and contact.customer_id:
        access_log_record(ctx=ctx, customer_ids=[contact.customer_id], action="survey")
    return rows


def _summary(answers) -> SurveySummary:
    figures = answers.aggregate(
        n=Count("pk"), mean=Avg("satisfaction"), solved=Count("pk", filter=Q(solved=True))
    )
    n = figures["n"] or 0
    return SurveySummary(
        count=n,
        mean_satisfaction=float(figures["mean"]) if n else None,
        solved_share=figures["solved"] / n if n else None,
    )


def agent_survey_summary(*, ctx: AccessContext, agent_user, start: date, end: date) -> SurveySummary:
    """The customers' answers about the contacts an agent handled on local days [start, end):
    how many, the mean satisfaction (1–5) and the share solved. An employee's figures: the look is
    logged for the agent's employee record (when they have one)."""
    answers = SurveyInvitation.objects.filter(
        answered_at__isnull=False,
        contact__handled_by=agent_user,
        contact__local_date__gte=start,
        contact__local_date__lt=end,
    )
    summary = _summary(answers)
    employee_id = Employee.objects.filter(user=agent_user).values_list("pk", flat=True).first()
    if employee_id is not None:
        access_log_record(ctx=ctx, employee_ids=[employee_id], action="survey_summary")
    return summary


def survey_stats_by_topic(*, start: date, end: date, topic_ids=None) -> dict[int, SurveySummary]:
    """Answers about the contacts of local days [start, end) per contact topic (no one's data)."""
    answers = SurveyInvitation.objects.filter(
        answered_at__isnull=False, contact__local_date__gte=start, contact__local_date__lt=end
    )
    if topic_ids is not None:
        answers = answers.filter(contact__topic_id__in=list(topic_ids))
    rows = answers.values("contact__topic_id").annotate(
        n=Count("pk"), mean=Avg("satisfaction"), solved=Count("pk", filter=Q(solved=True))
    )
    return {
        r["contact__topic_id"]: SurveySummary(
            count=r["n"], mean_satisfaction=float(r["mean"]), solved_share=r["solved"] / r["n"]
        )
        for r in rows.order_by()
    }


def survey_comments(*, start: date, end: date, topic_ids=None) -> list[dict]:
    """The customers' free texts about the contacts of [start, end): local day, topic, text and the
    customer (for the caller's access log; never shown)."""
    answers = SurveyInvitation.objects.filter(
        answered_at__isnull=False, contact__local_date__gte=start, contact__local_date__lt=end
    ).exclude(comment="")
    if topic_ids is not None:
        answers = answers.filter(contact__topic_id__in=list(topic_ids))
    return [
        {
            "day": r["contact__local_date"],
            "topic_id": r["contact__topic_id"],
            "text": r["comment"],
            "customer_id": r["contact__customer_id"],
        }
        for r in answers.values(
            "contact__local_date", "contact__topic_id", "comment", "contact__customer_id"
        ).order_by("contact__local_date", "pk")
    ]


def low_answers_about(*, user, since: date, limit: int = 5) -> list[SurveyInvitation]:
    """The answers of satisfaction 1–2 about the user's own contacts since a local day, newest first
    (topic and day only are shown: no one's data)."""
    return list(
        SurveyInvitation.objects.filter(
            answered_at__isnull=False,
            satisfaction__lte=2,
            contact__handled_by=user,
            contact__local_date__gte=since,
        )
        .select_related("contact__topic__parent")
        .order_by("-answered_at")[:limit]
    )
