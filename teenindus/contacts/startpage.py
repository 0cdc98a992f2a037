"""Contacts' part of the start page: the user's open follow-ups ("call back", "escalated") and, for
a team lead, their people's call-backs with no follow-up yet. Each item opens the contact; the
close button closes its follow-up and comes back here."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from teenindus.contacts import selectors
from teenindus.core import startpage

SHOWN = 10


def _item(contact, *, with_handler: bool) -> startpage.Item:
    who = contact.customer.name if contact.customer_id else _("unknown customer")
    detail = [
        date_format(timezone.localtime(contact.occurred_at), "SHORT_DATETIME_FORMAT"),
        contact.get_channel_display(),
        str(contact.topic),
    ]
    if with_handler:
        detail.append(contact.handled_by.get_full_name() or contact.handled_by.username)
    return startpage.Item(
        label=f"{contact.get_outcome_display()}: {who}",
        url=reverse("contacts:detail", args=[contact.pk]),
        detail=" · ".join(detail),
        overdue=contact.local_date < timezone.localdate(),
        action=startpage.Action(_("Close"), reverse("contacts:followup_close", args=[contact.pk])),
    )


@startpage.provider("contacts", order=20)
def contacts_work(ctx) -> list[startpage.Section]:
    user = ctx.actor
    sections = []
    if user.has_perm("contacts.add_contact"):
        rows, total = selectors.followups_mine(ctx=ctx, limit=SHOWN)
        sections.append(
            startpage.Section(
                key="followups",
                title=_("Your follow-ups"),
                url=reverse("contacts:index"),
                items=[_item(c, with_handler=False) for c in rows],
                more=total - len(rows),
                empty=_("No call-backs or escalations wait for you."),
            )
        )
    if user.has_perm(selectors.OVERSEE):
        rows, total = selectors.callbacks_waiting_in_team(ctx=ctx, limit=SHOWN)
        sections.append(
            startpage.Section(
                key="team-callbacks",
                title=_("Call-backs with no follow-up yet"),
                url=reverse("contacts:index"),
                items=[_item(c, with_handler=True) for c in rows],
                more=total - len(rows),
                empty=_("Your team has no call-back waiting."),
            )
        )
    return sections
