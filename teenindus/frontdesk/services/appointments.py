"""Appointments: a desk's time slot for a service, within the opening hours of the one calendar."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record
from teenindus.core import worktime
from teenindus.core.exceptions import ConflictError, NotFound, ValidationFailed
from teenindus.customers.selectors import customer_exists
from teenindus.frontdesk.models import Appointment, Desk, Visit
from teenindus.frontdesk.services.checkin import note_clean, service_of_office, visit_create

ACTIVE = [Appointment.Status.BOOKED, Appointment.Status.CHECKED_IN]
# How far ahead a slot may be booked, in days; and the grid slots start on, in minutes.
BOOK_DAYS_AHEAD = 365
SLOT_GRID_MINUTES = 15


def slot_check(*, starts_at: datetime, minutes: int, now: datetime | None = None) -> datetime:
    """The slot's end; refused when it is in the past, more than BOOK_DAYS_AHEAD days ahead, off the
    SLOT_GRID_MINUTES grid or not wholly within the day's opening hours (core.worktime: holidays,
    days off, shortened days)."""
    if starts_at.tzinfo is None:
        raise ValidationFailed(_("Give the time with its time zone."), field="starts_at")
    now = now or timezone.now()
    if starts_at < now:
        raise ValidationFailed(_("This time has passed: choose a later one."), field="starts_at")
    if starts_at > now + timedelta(days=BOOK_DAYS_AHEAD):
        raise ValidationFailed(
            _("Appointments can be booked at most %(days)s days ahead.") % {"days": BOOK_DAYS_AHEAD},
            field="starts_at",
        )
    local = timezone.localtime(starts_at)
    hours = worktime.calendar_load().day_hours(local.date())
    if hours is None:
        raise ValidationFailed(
            _("The office is closed on %(day)s.") % {"day": local.strftime("%d.%m.%Y")}, field="starts_at"
        )
    ends = local + timedelta(minutes=minutes)
    opens, closes = hours
    if local.time() < opens or ends.date() != local.date() or ends.time() > closes:
        raise ValidationFailed(
            _("The office is open %(opens)s–%(closes)s on that day: choose a time within it.")
            % {"opens": opens.strftime("%H:%M"), "closes": closes.strftime("%H:%M")},
            field="starts_at",
        )
    if local.minute % SLOT_GRID_MINUTES or local.second or local.microsecond:
        raise ValidationFailed(
            _("Appointments start every %(minutes)s minutes (e.g. 10:00, 10:15): choose such a time.")
            % {"minutes": SLOT_GRID_MINUTES},
            field="starts_at",
        )
    return ends


@transaction.atomic
def appointment_book(
    *,
    actor,
    service_id: int | None,
    desk_id: int | None,
    starts_at: datetime,
    customer_id: int | None = None,
    note: str = "",
) -> Appointment:
    """Book a desk's slot for a service. The desk's row is locked, then overlaps are checked: two
    bookings of the same slot at once get one booking and one refusal."""
    desk = (
        Desk.objects.select_for_update(of=("self",))
        .select_related("office")
        .filter(pk=desk_id, is_active=True)
        .order_by()
        .first()
    )
    if desk is None:
        raise ValidationFailed(_("Choose a desk."), field="desk")
    service = service_of_office(office_id=desk.office_id, service_id=service_id)
    if not desk.services.filter(pk=service.pk).exists():
        raise ValidationFailed(
            _("This desk does not serve %(service)s.") % {"service": service.name}, field="desk"
        )
    note = note_clean(note)
    if customer_id is not None and not customer_exists(customer_id=customer_id):
        raise ValidationFailed(_("No such customer."), field="customer")
    ends_at = slot_check(starts_at=starts_at, minutes=desk.office.slot_minutes)
    taken = Appointment.objects.filter(
        desk=desk, status__in=ACTIVE, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).exists()
    if taken:
        raise ConflictError(_("This desk is already booked at that time."), field="starts_at")
    try:
        with transaction.atomic():
            appointment = Appointment.objects.create(
                office=desk.office,
                service=service,
                desk=desk,
                starts_at=starts_at,
                ends_at=ends_at,
                customer_id=customer_id,
                note=note,
                booked_by=actor,
            )
    except IntegrityError as exc:
        raise ConflictError(_("This desk is already booked at that time."), field="starts_at") from exc
    change_record(
        actor=actor,
        instance=appointment,
        event="appointment.booked",
        changes={"starts_at": [None, starts_at.isoformat()], "desk": [None, desk.name]},
    )
    return appointment


@transaction.atomic
def appointment_check_in(*, actor, appointment_id: int) -> Visit:
    """The booked visitor has come: checked in by the booking (a number, ahead of walk-ins where the
    office gives appointments priority). Once: a second check-in is a conflict."""
    appointment = (
        Appointment.objects.select_for_update(of=("self",))
        .order_by()
        .select_related("office", "service")
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None:
        raise NotFound(_("No such appointment."), field="appointment")
    if appointment.status != Appointment.Status.BOOKED:
        raise ConflictError(_("This appointment is already checked in or cancelled."), field="appointment")
    if timezone.localdate(appointment.starts_at) != timezone.localdate():
        raise ValidationFailed(_("The appointment is on another day."), field="appointment")
    appointment.status = Appointment.Status.CHECKED_IN
    appointment.save(update_fields=["status", "updated_at"])
    return visit_create(
        actor=actor,
        office=appointment.office,
        service=appointment.service,
        note=appointment.note,
        customer_id=appointment.customer_id,
        special_needs=False,
        appointment=appointment,
    )


@transaction.atomic
def appointment_cancel(*, actor, appointment_id: int) -> Appointment:
    appointment = (
        Appointment.objects.select_for_update(of=("self",)).filter(pk=appointment_id).order_by().first()
    )
    if appointment is None:
        raise NotFound(_("No such appointment."), field="appointment")
    if appointment.status != Appointment.Status.BOOKED:
        raise ConflictError(_("This appointment is already checked in or cancelled."), field="appointment")
    appointment.status = Appointment.Status.CANCELLED
    appointment.save(update_fields=["status", "updated_at"])
    change_record(
        actor=actor,
        instance=appointment,
        event="appointment.cancelled",
        changes={"status": ["booked", "cancelled"]},
    )
    return appointment
