"""The ticket's e-mails, decided in the transaction of the change they are about and sent by the
worker from the outbox (core.outbox: once per key, retried, never twice).

Staff get them in the agency's language; the customer in their own (et/ru/en templates)."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from teenindus.core.outbox import mail_queue, mail_render
from teenindus.tickets.models import Ticket

logger = logging.getLogger("teenindus.tickets")


def _link(ticket: Ticket) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("tickets:detail", args=[ticket.pk])


def address_valid(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        logger.warning("ticket mail not sent to an invalid address", extra={"address": address})
        return False
    return True


def _staff(ticket: Ticket, *, key: str, to: list[str], subject: str, lines: list[str]) -> int:
    """One mail per address (a wrong address in someone's record is skipped, never blocks the change)."""
    body = "\n\n".join([*lines, _link(ticket)])
    queued = 0
    for address in dict.fromkeys(
        a.strip().lower() for a in to if a and a.strip() and address_valid(a.strip())
    ):
        queued += mail_queue(
            key=f"{key}:{address}", to=address, subject=subject, body=body, language=settings.LANGUAGE_CODE
        )
    return queued


def _employee_email(employee) -> str:
    if employee is None:
        return ""
    return employee.email or (employee.user.email if employee.user_id else "")


def on_assigned(ticket: Ticket) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        who = str(ticket.assignee) if ticket.assignee_id else _("the group")
        return _staff(
            ticket,
            key=f"ticket:{ticket.pk}:assigned:{ticket.version}",
            to=[ticket.group.email, _employee_email(ticket.assignee)],
            subject=_("Ticket #%(id)s for %(who)s: %(summary)s")
            % {"id": ticket.pk, "who": who, "summary": ticket.summary},
            lines=[
                _("Group: %(group)s. Category: %(category)s. Priority: %(priority)s.")
                % {
                    "group": ticket.group,
                    "category": ticket.category.name,
                    "priority": ticket.get_priority_display(),
                },
                ticket.description,
            ],
        )


def on_reply(ticket: Ticket, *, comment_id: int, author: str, body: str) -> int:
    """To the owner: second level (or JIRA) wrote on their ticket."""
    with translation.override(settings.LANGUAGE_CODE):
        return _staff(
            ticket,
            key=f"ticket:{ticket.pk}:reply:{comment_id}",
            to=[ticket.owner.email],
            subject=_("Reply on ticket #%(id)s: %(summary)s") % {"id": ticket.pk, "summary": ticket.summary},
            lines=[_("%(author)s wrote:") % {"author": author}, body],
        )


def on_solved(ticket: Ticket, *, answer: str) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        due = date_format(timezone.localtime(ticket.delivery_due), "SHORT_DATETIME_FORMAT")
        return _staff(
            ticket,
            key=f"ticket:{ticket.pk}:solved:{ticket.version}",
            to=[ticket.owner.email],
            subject=_("Ticket #%(id)s solved: deliver the answer") % {"id": ticket.pk},
            lines=[
                answer,
                _("Deliver the answer to the customer and record how, by %(due)s.") % {"due": due},
            ],
        )


def on_deadline_near(ticket: Ticket) -> int:
    """To the owner and the one holding the ticket (or the group), once per due time."""
    with translation.override(settings.LANGUAGE_CODE):
        due = date_format(timezone.localtime(ticket.next_due), "SHORT_DATETIME_FORMAT")
        kind = {
            "response": _("first response"),
            "solution": _("solution"),
            "delivery": _("answer to the customer"),
        }[ticket.next_due_kind]
        holder = _employee_email(ticket.assignee) or ticket.group.email
        return _staff(
            ticket,
            key=f"ticket:{ticket.pk}:warn:{ticket.next_due_kind}:{ticket.next_due.isoformat()}",
            to=[ticket.owner.email, holder],
            subject=_("Deadline near: ticket #%(id)s, %(kind)s by %(due)s")
            % {"id": ticket.pk, "kind": kind, "due": due},
            lines=[ticket.summary],
        )


def on_delivered_by_email(ticket: Ticket, *, to: str, answer: str) -> int:
    """The answer to the customer, in the customer's language."""
    language = ticket.customer.language if ticket.customer_id else settings.LANGUAGE_CODE
    if language not in ("et", "ru", "en"):
        language = "et"
    context = {"ticket": ticket, "answer": answer, "name": ticket.customer.name if ticket.customer_id else ""}
    subject, body = mail_render("tickets/mail/answer", context, language)
    return mail_queue(
        key=f"ticket:{ticket.pk}:answer:{ticket.reopen_count}",
        to=to,
        subject=subject,
        body=body,
        language=language,
    )
