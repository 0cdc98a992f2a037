"""People's part of the start page: conversations due, job descriptions to review or to sign,
absences starting. What each user sees follows from their positions and permissions (selectors)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from teenindus.core import startpage
from teenindus.people import selectors
from teenindus.people.models import Signature

CONVERSATIONS_AHEAD_DAYS = 14
REVIEWS_AHEAD_DAYS = 30
ABSENCES_AHEAD_DAYS = 7
SHOWN = 10


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _conversations(ctx, today) -> startpage.Section:
    rows, total = selectors.conversations_due(
        ctx=ctx, on=today, within_days=CONVERSATIONS_AHEAD_DAYS, limit=SHOWN
    )
    return startpage.Section(
        key="conversations",
        title=_("Conversations due"),
        url=reverse("people:conversations"),
        items=[
            startpage.Item(
                label=f"{c.get_kind_display()}: {c.employment.employee}",
                url=reverse("people:conversation", args=[c.pk]),
                detail=_("due %(date)s") % {"date": _day(c.due_date)},
                overdue=c.due_date < today,
            )
            for c in rows
        ],
        more=total - len(rows),
        empty=_("No conversations due in the next two weeks."),
    )


def _job_descriptions(user, today) -> startpage.Section:
    items = []
    for jd in selectors.job_descriptions_to_review(user=user, on=today, within_days=REVIEWS_AHEAD_DAYS):
        items.append(
            startpage.Item(
                label=_("Review: %(position)s") % {"position": jd.position.title},
                url=reverse("people:jd_review", args=[jd.pk]),
                detail=_("review due %(date)s") % {"date": _day(jd.review_due)},
                overdue=jd.review_due < today,
            )
        )
    for sign in selectors.job_descriptions_to_sign(user=user):
        jd = sign.version.job_description
        as_whom = _("as the employee") if sign.party == Signature.Party.EMPLOYEE else _("for the employer")
        items.append(
            startpage.Item(
                label=_("Sign: %(position)s") % {"position": jd.position.title},
                url=reverse("people:jd_version", args=[jd.pk, sign.version.number]),
                detail=_("version %(number)s, %(as_whom)s")
                % {"number": sign.version.number, "as_whom": as_whom},
            )
        )
    return startpage.Section(
        key="job-descriptions",
        title=_("Job descriptions to review or sign"),
        url=reverse("people:jd_list"),
        items=items[:SHOWN],
        more=max(len(items) - SHOWN, 0),
        empty=_("No job description waits for you."),
    )


def _absences(ctx, today) -> startpage.Section:
    rows = selectors.absences_with_substitutes(
        ctx=ctx, on=today, starting_by=today + timedelta(days=ABSENCES_AHEAD_DAYS)
    )
    items = []
    for row in rows:
        absence = row.absence
        stands_in = ", ".join(str(e) for e in row.substitutes) or _("nobody available")
        items.append(
            startpage.Item(
                label=str(absence.employee),
                url=reverse("people:absences"),
                detail=_("%(kind)s %(start)s–%(end)s; stands in: %(who)s")
                % {
                    "kind": row.kind_label,
                    "start": _day(absence.start_date),
                    "end": _day(absence.end_date),
                    "who": stands_in,
                },
            )
        )
    return startpage.Section(
        key="absences",
        title=_("Absences starting this week"),
        url=reverse("people:absences"),
        items=items,
        empty=_("No absences start in the next seven days."),
    )


@startpage.provider("people", order=30)
def people_work(ctx) -> list[startpage.Section]:
    user = ctx.actor
    today = timezone.localdate()
    sections = [_conversations(ctx, today), _job_descriptions(user, today)]
    # Absences are work for those who arrange cover (line managers, HR), not for everyone.
    if user.has_perm("people.view_absence"):
        sections.append(_absences(ctx, today))
    return sections
