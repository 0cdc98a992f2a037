from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record
from teenindus.contacts.models import Channel, Contact, Outcome, Topic
from teenindus.core.exceptions import ConflictError, ValidationFailed
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
