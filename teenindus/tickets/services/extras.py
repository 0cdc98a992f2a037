"""Attachments, and IT problem reports from the front desk and the call centre."""

import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from teenindus.core.exceptions import ConflictError, PermissionDeniedError, ValidationFailed
from teenindus.core.outbox import mail_queue
from teenindus.core.uploads import upload_check
from teenindus.org.models import Employee, Position
from teenindus.org.selectors import employments_current
from teenindus.tickets.models import Category, SupportGroup, Ticket, TicketAttachment
from teenindus.tickets.selectors import is_owner_side, is_second_level
from teenindus.tickets.services.common import event_record, ticket_lock
from teenindus.tickets.services.lifecycle import ticket_create
from teenindus.tickets.services.notify import address_valid

NAME_MAX = 200


@transaction.atomic
def ticket_attach(*, actor, ticket_id: int, name: str, data: bytes) -> TicketAttachment:
    """Keep a file on the ticket: its type checked from the content, its size limited, with its
    SHA-256. The same file twice on one ticket is refused (it is there already)."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name or len(name) > NAME_MAX:
        raise ValidationFailed(
            _("Give the file a name of at most %(limit)s characters.") % {"limit": NAME_MAX}, field="file"
        )
    kind = upload_check(name=name, data=data, max_bytes=settings.TICKET_ATTACHMENT_MAX_BYTES)
    ticket = ticket_lock(ticket_id)
    if not (is_owner_side(user=actor, ticket=ticket) or is_second_level(user=actor, ticket=ticket)):
        raise PermissionDeniedError(_("Your part in this ticket does not allow this."))
    digest = hashlib.sha256(data).hexdigest()
    try:
        with transaction.atomic():
            attachment = TicketAttachment.objects.create(
                ticket=ticket,
                name=name,
                content_type=kind.content_type,
                size=len(data),
                sha256=digest,
                data=data,
                uploaded_by=actor,
            )
    except IntegrityError as exc:
        raise ConflictError(_("This file is on the ticket already."), field="file") from exc
    event_record(
        ticket, actor=actor, kind="attachment", changes={"file": [None, name], "sha256": [None, digest]}
    )
    return attachment


def _it_category(group: SupportGroup) -> Category:
    category = (
        group.categories.filter(is_active=True, code="it-problem").first()
        or group.categories.filter(is_active=True).first()
    )
    if category is None:
        raise ValidationFailed(_("IT support has no category for problem reports yet."), field="group")
    return category


def _regional_leads(user) -> list[str]:
    """The e-mails of the reporter's line managers (the regional team lead), from their positions."""
    employee = Employee.objects.filter(user=user).first()
    if employee is None:
        return []
    manager_positions = Position.objects.filter(
        pk__in=employments_current().filter(employee=employee).values("position__manager_id")
    )
    holders = employments_current().filter(position__in=manager_positions).select_related("employee__user")
    return [h.employee.email or (h.employee.user.email if h.employee.user_id else "") for h in holders]


@transaction.atomic
def ticket_it_report(
    *, actor, office: str, device: str, what_happened: str, priority: str = "normal"
) -> Ticket:
    """An IT or hardware problem, as a ticket to IT support; the reporter's regional team lead is told."""
    group = SupportGroup.objects.filter(is_it_support=True, is_active=True).order_by("pk").first()
    if group is None:
        raise ValidationFailed(_("No IT support group is set up."), field="group")
    what = (what_happened or "").strip()
    if not what:
        raise ValidationFailed(_("Say what happened."), field="what_happened")
    ticket = ticket_create(
        actor=actor,
        group_id=group.pk,
        category_id=_it_category(group).pk,
        summary=f"{(office or '').strip()[:60]}: {what.splitlines()[0][:120]}",
        description=what,
        priority=priority,
        details={"office": office, "device": device},
        kind=Ticket.Kind.IT_PROBLEM,
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("IT problem reported: %(summary)s") % {"summary": ticket.summary}
        body = "\n\n".join(
            [
                _("%(who)s reported an IT problem to %(group)s.")
                % {"who": actor.get_full_name() or actor.username, "group": group},
                _("Office: %(office)s. Device: %(device)s.") % {"office": office, "device": device},
                what,
            ]
        )
    for address in dict.fromkeys(a.lower() for a in _regional_leads(actor) if a and address_valid(a)):
        mail_queue(
            key=f"ticket:{ticket.pk}:it-lead:{address}",
            to=address,
            subject=subject,
            body=body,
            language=settings.LANGUAGE_CODE,
        )
    return ticket
