"""Customer feedback on the start page: for whoever sends surveys, the customers' answers about
their own contacts of the last 30 days, and the low scores to look at."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from teenindus.core import formatting, startpage
from teenindus.surveys import selectors

DAYS = 30


@startpage.provider("surveys", order=70)
def survey_feedback(ctx) -> list[startpage.Section]:
    user = ctx.actor
    if not user.has_perm("surveys.send_survey"):
        return []
    today = timezone.localdate()
    since = today - timedelta(days=DAYS)
    summary = selectors.agent_survey_summary(
        ctx=ctx, agent_user=user, start=since, end=today + timedelta(days=1)
    )
    if not summary.count:
        return []
    low = selectors.low_answers_about(user=user, since=since)
    return [
        startpage.Section(
            key="surveys-feedback",
            title=_("Customer feedback on my contacts (30 days)"),
            figures=[
                startpage.Figure(_("Answers"), str(summary.count)),
                startpage.Figure(
                    _("Mean satisfaction"), number_format(summary.mean_satisfaction, decimal_pos=1) + " / 5"
                ),
                startpage.Figure(_("Solved, customers' view"), formatting.percent(summary.solved_share)),
            ],
            items=[
                startpage.Item(
                    label=f"{answer.satisfaction} / 5 · {answer.contact.topic}",
                    url=reverse("contacts:detail", args=[answer.contact_id]),
                    detail=date_format(answer.contact.local_date, "SHORT_DATE_FORMAT"),
                )
                for answer in low
            ],
        )
    ]
