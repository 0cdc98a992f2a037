"""The agent desktop's writes that involve other apps: recording the contact of a call.

Who may record a call's contact, and which customer may be attached, is decided here (not in
the view), so every way in (page, API, a script) gets the same checks:

- the call's own agent (the one who answered it), or someone who may act for agents (a team
  lead: `telephony.change_agent`);
- the customer, if any, must be one the recording user has looked at through an audited read
  (the desktop's caller lookup logs the people it offers; a search or a card during the call logs
  too) since the call entered the queue. A customer id typed into the request without such a
  look is refused: it would tie a person to a call that nobody identified them on."""

from django.utils.translation import gettext as _

from teenindus.audit.models import AccessLog
from teenindus.contacts.models import Channel, Contact
from teenindus.contacts.services import contact_record
from teenindus.core.exceptions import PermissionDeniedError, ValidationFailed
from teenindus.telephony.models import Call

ACT_FOR_AGENTS = "telephony.change_agent"


def call_contact_record(
    *, actor, call_id: str, topic_id: int | None, outcome: str, customer_id: int | None = None, note: str = ""
) -> Contact:
    """Record the contact of a call answered on the info line (see the module's rules)."""
    call = Call.objects.select_related("queue", "agent__employee").filter(call_id=call_id).first()
    if call is None:
        raise ValidationFailed(_("Unknown call."), field="call_id")
    answered_by = call.agent.employee.user_id if call.agent and call.agent.employee else None
    if answered_by != actor.pk and not actor.has_perm(ACT_FOR_AGENTS):
        raise PermissionDeniedError(_("Only the agent who answered the call records its contact."))
    if customer_id is not None and not _looked_at(actor, customer_id, since=call.entered_at):
        raise ValidationFailed(_("Choose the customer from those found for this call."), field="customer")
    return contact_record(
        actor=actor,
        channel=Channel.PHONE,
        topic_id=topic_id,
        outcome=outcome,
        customer_id=customer_id,
        note=note,
        queue=call.queue.name,
        call_id=call.call_id,
    )


def _looked_at(actor, customer_id: int, *, since) -> bool:
    """Whether `actor` has been shown this customer through an audited read since `since`."""
    return AccessLog.objects.filter(actor=actor, customer_id=customer_id, at__gte=since).exists()
