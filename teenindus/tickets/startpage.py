"""Tickets' part of the start page: the owner's solved tickets whose answer has not reached the
customer (flagged until delivered and closed), the tickets a second-level person holds, and for a
team lead the count of tickets past due."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from teenindus.core import startpage
from teenindus.tickets import selectors

SHOWN = 10


def _item(ticket, *, detail: list[str]) -> startpage.Item:
    if ticket.customer_id:
        detail = [ticket.customer.name, *detail]
    return startpage.Item(
        label=f"#{ticket.pk} {ticket.summary}",
        url=reverse("tickets:detail", args=[ticket.pk]),
        detail=" · ".join(detail),
        overdue=ticket.past_due,
    )


def _due(ticket) -> str:
    return (
        date_format(timezone.localtime(ticket.next_due), "SHORT_DATETIME_FORMAT") if ticket.next_due else ""
    )


@startpage.provider("tickets", order=25)
def tickets_work(ctx) -> list[startpage.Section]:
    user = ctx.actor
    sections = []
    if user.has_perm(selectors.RAISE):
        rows, total = selectors.awaiting_delivery_mine(ctx=ctx, limit=SHOWN)
        sections.append(
            startpage.Section(
                key="tickets-deliver",
                title=_("Solved: deliver the answer"),
                url=reverse("tickets:mine"),
                items=[
                    _item(t, detail=[t.group.name, _("answer due %(due)s") % {"due": _due(t)}]) for t in rows
                ],
                more=total - len(rows),
            )
        )
    if user.has_perm(selectors.WORK):
        rows, total = selectors.assigned_to_me(ctx=ctx, limit=SHOWN)
        sections.append(
            startpage.Section(
                key="tickets-assigned",
                title=_("Tickets you hold"),
                url=reverse("tickets:index") + "?scope=assigned",
                items=[_item(t, detail=[t.get_state_display(), _due(t)]) for t in rows],
                more=total - len(rows),
                empty=_("No ticket waits for you."),
            )
        )
    if user.has_perm(selectors.OVERSEE):
        due = selectors.deadlines_due(ctx=ctx, limit=SHOWN)
        sections.append(
            startpage.Section(
                key="tickets-breached",
                title=_("Tickets past due"),
                url=reverse("tickets:deadlines"),
                items=[_item(t, detail=[t.group.name, _due(t)]) for t in due["breached"]],
                empty=_("No ticket is past due."),
            )
        )
    return sections
