"""The meetings' part of the start page: each summary sent to the user stays here until they
confirm having read it; the organiser sees their summaries that someone has not read yet."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from teenindus.core import startpage
from teenindus.meetings import selectors
from teenindus.meetings.models import MeetingKind

SHOWN = 10


def _marks(meeting) -> str:
    marks = []
    if meeting.legal_change:
        marks.append(_("legal change"))
    if meeting.work_change:
        marks.append(_("work organisation change"))
    return ", ".join(marks)


@startpage.provider("meetings", order=40)
def meetings_work(ctx) -> list[startpage.Section]:
    user = ctx.actor
    sections = []
    receipts, total = selectors.summaries_unread(user=user, limit=SHOWN)
    if receipts:
        items = []
        for receipt in receipts:
            meeting = receipt.meeting
            detail = [
                MeetingKind(meeting.kind).label,
                date_format(localtime(meeting.starts_at), "SHORT_DATE_FORMAT"),
                _marks(meeting),
                _("changed after sending") if meeting.summary_revision else "",
            ]
            items.append(
                startpage.Item(
                    label=meeting.title,
                    url=reverse("meetings:detail", args=[meeting.pk]),
                    detail=" · ".join(str(d) for d in detail if d),
                    action=startpage.Action(
                        _("I have read it"), reverse("meetings:confirm", args=[meeting.pk])
                    ),
                )
            )
        sections.append(
            startpage.Section(
                key="meetings-unread",
                title=_("Meeting summaries to read"),
                url=reverse("meetings:index"),
                items=items,
                more=total - len(items),
            )
        )
    if selectors.is_lead(user):
        pending = selectors.lead_unread_counts(user=user)
        if pending:
            sections.append(
                startpage.Section(
                    key="meetings-readers",
                    title=_("Summaries not read by everyone"),
                    url=reverse("meetings:index"),
                    items=[
                        startpage.Item(
                            label=meeting.title,
                            url=reverse("meetings:detail", args=[meeting.pk]) + "#readers",
                            detail=_("%(unread)s of %(total)s have not read it")
                            % {"unread": unread, "total": total},
                        )
                        for meeting, unread, total in pending
                    ],
                )
            )
    return sections
