"""The knowledge base's part of the start page: the owner's guides past their review date."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from teenindus.core import startpage
from teenindus.knowledge import selectors

SHOWN = 10


@startpage.provider("knowledge", order=60)
def guides_to_review(ctx) -> list[startpage.Section]:
    user = ctx.actor
    if not user.has_perm(selectors.READ):
        return []
    due = selectors.guides_review_due(user=user)
    rows = list(due[:SHOWN])
    if not rows:
        return []
    total = len(rows) if len(rows) < SHOWN else due.count()
    return [
        startpage.Section(
            key="knowledge-review",
            title=_("My guides past their review date"),
            url=reverse("knowledge:mine"),
            items=[
                startpage.Item(
                    label=guide.title,
                    url=reverse("knowledge:detail", args=[guide.pk]),
                    detail=_("review by %(date)s")
                    % {"date": date_format(guide.review_date, "SHORT_DATE_FORMAT")},
                    overdue=True,
                )
                for guide in rows
            ],
            more=total - len(rows),
        )
    ]
