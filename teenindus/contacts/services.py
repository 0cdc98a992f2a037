from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record
from teenindus.contacts.models import FOLLOW_UP_OUTCOMES, Channel, Contact, Outcome, Topic
from teenindus.contacts.selectors import may_close_followup
from teenindus.core.exceptions import ConflictError, NotFound, PermissionDeniedError, ValidationFailed
from teenindus.customers.selectors import customer_exists


@transaction.atomic
def contact_record(
    *,
    actor,
    channel: str,
    topic_id: int | None,
    outcome: str,
    customer_id: int | None = None,
    note: str = "",
    queue: str = "",
    call_id: str = "",
    occurred_at: datetime | None = None,
) -> Contact:
    """Record a contact. A call is recorded once (the second attempt is a conflict, not a copy)."""
    if channel not in Channel.values:
        raise ValidationFailed(_("Choose the channel."), field="channel")
    if outcome not in Outcome.values:
        raise ValidationFailed(_("Choose the outcome."), field="outcome")
    topic = Topic.objects.filter(pk=topic_id, is_active=True).first() if topic_id else None
    if topic is None:
        raise ValidationFailed(_("Choose the topic."), field="topic")
    if customer_id is not None and not customer_exists(customer_id=customer_id):
        raise ValidationFailed(_("No such customer."), field="customer")
    occurred_at = occurred_at or timezone.now()
    try:
        with transaction.atomic():
            contact = Contact.objects.create(
                customer_id=customer_id,
                channel=channel,
                topic=topic,
                outcome=outcome,
                note=note.strip(),
                handled_by=actor,
                queue=queue,
                call_id=call_id,
                occurred_at=occurred_at,
                local_date=timezone.localtime(occurred_at).date(),
            )
    except IntegrityError as exc:
        raise ConflictError(_("This call is already recorded."), field="call_id") from exc
    change_record(
        actor=actor,
        instance=contact,
        event="contact.recorded",
        changes={"channel": [None, channel], "topic": [None, topic.code], "outcome": [None, outcome]},
    )
    return contact


FOLLOWUP_NOTE_MAX = 500


@transaction.atomic
def contact_followup_close(*, actor, contact_id: int, note: str = "") -> Contact:
    """Close the follow-up of a "call back" or "escalated" contact: it leaves the start page.
    The handler closes their own; a team lead (contacts.oversee_followup) their team's. Closed
    once: the row is locked and checked again, a second close is a conflict and changes nothing."""
    note = note.strip()
    if len(note) > FOLLOWUP_NOTE_MAX:
        raise ValidationFailed(
            _("Write at most %(limit)s characters.") % {"limit": FOLLOWUP_NOTE_MAX}, field="note"
        )
    contact = Contact.objects.select_for_update().filter(pk=contact_id).first()
    if contact is None:
        raise NotFound(_("No such contact."), field="contact")
    if contact.outcome not in FOLLOW_UP_OUTCOMES:
        raise ValidationFailed(_("This contact has no follow-up to close."), field="contact")
    if not may_close_followup(user=actor, contact=contact):
        raise PermissionDeniedError(_("You cannot close this follow-up."))
    if contact.followup_closed_at is not None:
        raise ConflictError(_("This follow-up is already closed."), field="contact")
    contact.followup_closed_at = timezone.now()
    contact.followup_closed_by = actor
    contact.followup_note = note
    contact.save(update_fields=["followup_closed_at", "followup_closed_by", "followup_note", "updated_at"])
    change_record(
        actor=actor,
        instance=contact,
        event="contact.followup_closed",
        changes={"followup_closed_at": [None, contact.followup_closed_at.isoformat()], "note": [None, note]},
    )
    return contact
