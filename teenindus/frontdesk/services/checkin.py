"""Checking a visitor in: a number from the office's day counter, the visit waiting for its service."""

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record
from teenindus.core.exceptions import NotFound, ValidationFailed
from teenindus.customers.selectors import customer_exists
from teenindus.frontdesk.models import DayCounter, Office, Service, Visit, VisitEvent
from teenindus.frontdesk.moves import State

NOTE_MAX = 500


def number_next(*, office_id: int, day) -> int:
    """The next number of the office's day: one statement that inserts the day's counter or
    increments it (INSERT ... ON CONFLICT DO UPDATE ... RETURNING, on PostgreSQL and SQLite alike).
    The row stays locked until the caller's transaction ends, so two check-ins never share a number."""
    table = connection.ops.quote_name(DayCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (office_id, day, last) VALUES (%s, %s, 1) "  # noqa: S608 - our table name
            f"ON CONFLICT (office_id, day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [office_id, connection.ops.adapt_datefield_value(day)],
        )
        return cursor.fetchone()[0]


def service_of_office(*, office_id: int, service_id, field: str = "service") -> Service:
    service = (
        Service.objects.filter(pk=service_id, office_id=office_id, is_active=True).first()
        if service_id
        else None
    )
    if service is None:
        raise ValidationFailed(_("Choose one of this office's services."), field=field)
    return service


def note_clean(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationFailed(_("Write at most %(limit)s characters.") % {"limit": NOTE_MAX}, field="note")
    return note


def visit_create(
    *,
    actor,
    office: Office,
    service: Service,
    note: str,
    customer_id: int | None,
    special_needs: bool,
    appointment=None,
) -> Visit:
    now = timezone.now()
    day = timezone.localdate(now)
    sequence = number_next(office_id=office.pk, day=day)
    visit = Visit.objects.create(
        office=office,
        local_date=day,
        sequence=sequence,
        number=f"{service.prefix}{sequence:03d}",
        service=service,
        customer_id=customer_id,
        note=note,
        special_needs=special_needs,
        appointment=appointment,
        priority=special_needs or appointment is not None,
        state=State.WAITING,
        checked_in_at=now,
        checked_in_by=actor,
    )
    VisitEvent.objects.create(
        visit=visit,
        office=office,
        at=now,
        actor=actor,
        kind="check_in",
        to_state=State.WAITING,
        changes={"service": service.prefix, "appointment": appointment.pk if appointment else None},
    )
    change_record(
        actor=actor,
        instance=visit,
        event="visit.checked_in",
        changes={"number": [None, visit.number], "service": [None, service.name]},
    )
    return visit


@transaction.atomic
def visit_check_in(
    *,
    actor,
    office_id: int,
    service_id: int | None,
    note: str = "",
    customer_id: int | None = None,
    special_needs: bool = False,
) -> Visit:
    """Check a visitor in with their need: they get the next number and wait for the service."""
    office = Office.objects.filter(pk=office_id).first()
    if office is None:
        raise NotFound(_("No such office."), field="office")
    service = service_of_office(office_id=office.pk, service_id=service_id)
    note = note_clean(note)
    if customer_id is not None and not customer_exists(customer_id=customer_id):
        raise ValidationFailed(_("No such customer."), field="customer")
    return visit_create(
        actor=actor,
        office=office,
        service=service,
        note=note,
        customer_id=customer_id,
        special_needs=special_needs,
    )
