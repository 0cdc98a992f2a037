"""What every ticket write shares: the locked row, the stale-form check, the timeline, the deadlines."""

from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.core import worktime
from teenindus.core.exceptions import ConcurrentEditError, NotFound
from teenindus.tickets.deadlines import deadlines_compute
from teenindus.tickets.models import Ticket, TicketEvent, TicketPause


def ticket_lock(ticket_id: int, *, version: int | None = None) -> Ticket:
    """The ticket locked for this transaction; a stale version (someone saved it after the form
    was loaded) is refused and nothing is written."""
    ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first()
    if ticket is None:
        raise NotFound(_("No such ticket."), field="ticket")
    if version is not None and ticket.version != version:
        raise ConcurrentEditError(
            _("Someone else changed this ticket meanwhile. Nothing was saved: look at it again."),
            field="version",
        )
    return ticket


def event_record(ticket: Ticket, *, actor, kind: str, changes: dict, at=None, actor_name="", external_id=""):
    return TicketEvent.objects.create(
        ticket=ticket,
        at=at or timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=actor_name
        or (actor.get_full_name() or actor.username if getattr(actor, "pk", None) else ""),
        kind=kind,
        changes=changes,
        external_id=external_id,
    )


def pauses_of(ticket: Ticket) -> list[tuple]:
    return list(TicketPause.objects.filter(ticket=ticket).values_list("started_at", "ended_at", "state"))


def deadlines_refresh(ticket: Ticket, *, cal=None, pauses: list | None = None) -> list[str]:
    """Set the ticket's due times from its stored facts; the fields that changed."""
    found = deadlines_compute(
        cal or worktime.calendar_load(), ticket, pauses_of(ticket) if pauses is None else pauses
    )
    changed = []
    for field, value in found.as_fields().items():
        if getattr(ticket, field) != value:
            setattr(ticket, field, value)
            changed.append(field)
    return changed


def ticket_save(ticket: Ticket, fields: list[str]) -> None:
    """Save the changed fields with the next version (a form loaded before is stale now)."""
    ticket.version += 1
    ticket.save(update_fields=sorted(set(fields) | {"version", "updated_at"}))
