from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone, translation

from teenindus.contacts.models import Contact
from teenindus.core import worktime
from teenindus.core.exceptions import (
    ConcurrentEditError,
    ConflictError,
    NotFound,
    PermissionDeniedError,
    ValidationFailed,
)
from teenindus.core.services import calendar_day_set
from teenindus.frontdesk.models import Appointment, Desk, Office, Service, Visit, VisitEvent
from teenindus.frontdesk.moves import State
from teenindus.frontdesk.services.appointments import (
    BOOK_DAYS_AHEAD,
    appointment_book,
    appointment_check_in,
)
from teenindus.frontdesk.services.checkin import visit_check_in
from teenindus.frontdesk.services.queue import desk_sign_in, desk_sign_out, visit_move, visitor_call_next
from teenindus.frontdesk.tests.helpers import at_desk, check_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_numbers_are_the_prefix_and_the_office_sequence_of_the_day(fd):
    numbers = [check_in(fd, p).number for p in ("A", "B", "A", "C")]
    assert numbers == ["A001", "B002", "A003", "C004"]
    visit = Visit.objects.get(number="B002")
    assert visit.state == State.WAITING and visit.local_date == timezone.localdate()
    assert VisitEvent.objects.filter(visit=visit, kind="check_in").count() == 1


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"service_id": None}, "service"),
        ({"service_id": 999_999}, "service"),
        ({"note": "x" * 501}, "note"),
        ({"customer_id": 999_999}, "customer"),
    ],
)
def test_check_in_refuses_bad_input_and_saves_nothing(fd, extra, field):
    values = {"service_id": fd["services"]["A"].pk, **extra}
    with pytest.raises(ValidationFailed) as caught:
        visit_check_in(actor=fd["info"], office_id=fd["office"].pk, **values)
    assert caught.value.field == field
    assert Visit.objects.count() == 0


def test_an_unused_service_cannot_be_chosen(fd):
    Service.objects.filter(pk=fd["services"]["B"].pk).update(is_active=False)
    with pytest.raises(ValidationFailed):
        check_in(fd, "B")


def test_next_calls_appointments_and_special_needs_first_then_by_check_in(fd):
    first = check_in(fd, "A")
    second = check_in(fd, "B")
    special = check_in(fd, "A", special_needs=True)
    desk = at_desk(fd, 0)
    called = []
    for _ in range(3):
        visit = visitor_call_next(actor=fd["info"], desk_id=desk.pk)
        called.append(visit.number)
        visit_move(actor=fd["info"], visit_id=visit.pk, move="no_show", desk_id=desk.pk)
    assert called == [special.number, first.number, second.number]


def test_an_office_without_priority_calls_strictly_by_check_in(fd):
    fd["office"].priority_first = False
    fd["office"].save()
    first = check_in(fd, "A")
    check_in(fd, "A", special_needs=True)
    desk = at_desk(fd, 0)
    assert visitor_call_next(actor=fd["info"], desk_id=desk.pk).pk == first.pk


def test_a_desk_calls_only_its_services(fd):
    check_in(fd, "B")
    desk2 = at_desk(fd, 1)  # serves A only
    with pytest.raises(NotFound):
        visitor_call_next(actor=fd["info"], desk_id=desk2.pk)
    assert Visit.objects.get().state == State.WAITING


def test_calling_next_needs_a_service_a_signed_in_desk_and_a_free_desk(fd):
    check_in(fd, "A")
    check_in(fd, "A")
    desk = fd["desks"][0]
    with pytest.raises(PermissionDeniedError):
        visitor_call_next(actor=fd["info"], desk_id=desk.pk)  # not signed in
    at_desk(fd, 0)
    visitor_call_next(actor=fd["info"], desk_id=desk.pk)
    with pytest.raises(ConflictError):
        visitor_call_next(actor=fd["info"], desk_id=desk.pk)  # finish with the first one first
    fd["desks"][1].services.clear()
    at_desk(fd, 1, user=fd["info2"])
    with pytest.raises(ValidationFailed) as caught:
        visitor_call_next(actor=fd["info2"], desk_id=fd["desks"][1].pk)
    assert caught.value.field == "services"


def test_the_full_way_recall_start_serve_becomes_a_contact(fd, sentinel):
    visit = check_in(fd, "A", customer_id=sentinel.pk, note="Pensioni ümberarvutus")
    desk = at_desk(fd, 0)
    visit = visitor_call_next(actor=fd["info"], desk_id=desk.pk)
    assert visit.state == State.CALLED and visit.desk == desk and visit.called_at
    visit = visit_move(actor=fd["info"], visit_id=visit.pk, move="recall", desk_id=desk.pk)
    visit = visit_move(
        actor=fd["info"], visit_id=visit.pk, move="start", desk_id=desk.pk, version=visit.version
    )
    visit = visit_move(actor=fd["info"], visit_id=visit.pk, move="serve", desk_id=desk.pk, outcome="referred")
    assert visit.state == State.SERVED and visit.finished_at
    contact = Contact.objects.get()
    assert (contact.channel, contact.outcome, contact.customer_id) == ("visit", "referred", sentinel.pk)
    assert contact.topic == fd["topics"]["pensionid"] and contact.handled_by == fd["info"]
    assert contact.note == "Pensioni ümberarvutus" and visit.contact == contact
    kinds = list(VisitEvent.objects.filter(visit=visit).values_list("kind", flat=True))
    assert kinds == ["check_in", "call", "recall", "start", "serve"]


def test_redirect_keeps_the_check_in_time_and_goes_back_to_waiting(fd):
    early = check_in(fd, "A")
    later = check_in(fd, "B")
    desk = at_desk(fd, 0)
    visitor_call_next(actor=fd["info"], desk_id=desk.pk)  # early (A)
    with pytest.raises(ValidationFailed) as caught:
        visit_move(
            actor=fd["info"],
            visit_id=early.pk,
            move="redirect",
            desk_id=desk.pk,
            service_id=fd["services"]["A"].pk,
        )
    assert caught.value.field == "service"
    moved = visit_move(
        actor=fd["info"],
        visit_id=early.pk,
        move="redirect",
        desk_id=desk.pk,
        service_id=fd["services"]["B"].pk,
    )
    assert moved.state == State.WAITING and moved.service == fd["services"]["B"] and moved.desk is None
    assert moved.checked_in_at == early.checked_in_at
    # Still ahead of the later visitor of B: the original check-in time counts.
    assert visitor_call_next(actor=fd["info"], desk_id=desk.pk).pk == early.pk
    assert Visit.objects.get(pk=later.pk).state == State.WAITING


def test_a_visitor_served_by_another_desk_is_a_conflict_and_nothing_changes(fd):
    visit = check_in(fd, "A")
    desk = at_desk(fd, 0)
    visit = visitor_call_next(actor=fd["info"], desk_id=desk.pk)
    stale_version = visit.version
    visit_move(actor=fd["info"], visit_id=visit.pk, move="serve", desk_id=desk.pk)
    with pytest.raises(ConflictError):
        visit_move(actor=fd["info"], visit_id=visit.pk, move="no_show", desk_id=desk.pk)
    with pytest.raises(ConcurrentEditError):
        visit_move(actor=fd["info"], visit_id=visit.pk, move="serve", desk_id=desk.pk, version=stale_version)
    other = at_desk(fd, 1, user=fd["info2"])
    with pytest.raises(ConflictError):
        visit_move(actor=fd["info2"], visit_id=visit.pk, move="serve", desk_id=other.pk)
    assert Visit.objects.get(pk=visit.pk).state == State.SERVED
    assert Contact.objects.count() == 1


def _next_working_day_at(hour: int, minute: int = 0) -> datetime:
    cal = worktime.calendar_load()
    day = cal.add_working_days(timezone.localdate(), 1)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def test_booking_a_slot_checks_the_desk_the_calendar_the_past_and_double_booking(fd, users):
    desk, service = fd["desks"][0], fd["services"]["A"]
    slot = _next_working_day_at(10)

    def book(**extra):
        values = {"service_id": service.pk, "desk_id": desk.pk, "starts_at": slot, **extra}
        return appointment_book(actor=users["agent"], **values)

    booked = book(note="Helistas infotelefonile")
    assert booked.ends_at == slot + timedelta(minutes=15)
    with pytest.raises(ConflictError):
        book()
    assert book(starts_at=slot + timedelta(minutes=15)).pk  # the next slot is free
    Office.objects.filter(pk=fd["office"].pk).update(slot_minutes=30)
    with pytest.raises(ConflictError):
        book(starts_at=slot - timedelta(minutes=15))  # 30 minutes: overlaps the one at 10:00
    with pytest.raises(ValidationFailed, match="passed"):
        book(starts_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationFailed, match="open"):
        book(starts_at=_next_working_day_at(7))
    with pytest.raises(ValidationFailed, match="open"):
        book(starts_at=_next_working_day_at(16, 50))  # ends after closing
    calendar_day_set(
        actor=users["admin"], day=slot.astimezone(timezone.get_current_timezone()).date(), kind="closed"
    )
    with pytest.raises(ValidationFailed, match="closed"):
        book(starts_at=slot + timedelta(hours=2))
    with pytest.raises(ValidationFailed) as caught:
        book(service_id=fd["services"]["C"].pk)  # desk 1 does not serve C
    assert caught.value.field == "desk"
    assert Appointment.objects.count() == 2


def test_a_booked_visitor_is_checked_in_by_the_booking_and_comes_first(fd, sentinel):
    walk_in = check_in(fd, "A")
    appointment = Appointment.objects.create(
        office=fd["office"],
        service=fd["services"]["A"],
        desk=fd["desks"][0],
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(minutes=15),
        customer=sentinel,
        booked_by=fd["info"],
    )
    visit = appointment_check_in(actor=fd["info"], appointment_id=appointment.pk)
    assert visit.priority and visit.customer == sentinel and visit.number == "A002"
    with pytest.raises(ConflictError):
        appointment_check_in(actor=fd["info"], appointment_id=appointment.pk)
    desk = at_desk(fd, 0)
    assert visitor_call_next(actor=fd["info"], desk_id=desk.pk).pk == visit.pk
    assert Visit.objects.get(pk=walk_in.pk).state == State.WAITING


def test_booking_refuses_a_time_off_the_quarter_hour_grid_and_beyond_the_window(fd, users):
    desk, service = fd["desks"][0], fd["services"]["A"]

    def book(starts_at):
        return appointment_book(
            actor=users["agent"], service_id=service.pk, desk_id=desk.pk, starts_at=starts_at
        )

    with pytest.raises(ValidationFailed, match="every 15 minutes") as caught:
        book(_next_working_day_at(10, 23))
    assert caught.value.field == "starts_at"
    with pytest.raises(ValidationFailed, match="every 15 minutes"):
        book(_next_working_day_at(10, 0) + timedelta(seconds=30))
    far = timezone.make_aware(datetime(9999, 12, 31, 10, 0))
    with pytest.raises(ValidationFailed, match=f"at most {BOOK_DAYS_AHEAD} days ahead") as caught:
        book(far)
    assert caught.value.field == "starts_at"
    cal = worktime.calendar_load()
    beyond = cal.add_working_days(timezone.localdate() + timedelta(days=BOOK_DAYS_AHEAD), 1)
    with pytest.raises(ValidationFailed, match="days ahead"):
        book(timezone.make_aware(datetime.combine(beyond, time(10))))
    assert Appointment.objects.count() == 0
    assert book(_next_working_day_at(10, 45)).pk  # on the grid, within the window


# Signing in to a desk


def test_signing_in_to_a_desk_with_someone_elses_visitor_is_refused(fd):
    desk = at_desk(fd, 0, fd["info2"])
    check_in(fd, "A")
    called = visitor_call_next(actor=fd["info2"], desk_id=desk.pk)
    with pytest.raises(ConflictError, match="serving a visitor") as caught:
        desk_sign_in(actor=fd["info"], desk_id=desk.pk)
    assert caught.value.field == "desk"
    desk.refresh_from_db()
    assert desk.specialist == fd["info2"]
    assert Visit.objects.get(pk=called.pk).state == State.CALLED
    # Finished: the desk is empty again, and someone else may take it over.
    visit_move(actor=fd["info2"], visit_id=called.pk, move="no_show", desk_id=desk.pk)
    desk_sign_in(actor=fd["info"], desk_id=desk.pk)
    assert Desk.objects.get(pk=desk.pk).specialist == fd["info"]


def test_taking_over_an_empty_desk_someone_forgot_to_leave_is_allowed(fd):
    desk = at_desk(fd, 0, fd["info2"])
    desk_sign_in(actor=fd["info"], desk_id=desk.pk)
    assert Desk.objects.get(pk=desk.pk).specialist == fd["info"]


def test_signing_in_elsewhere_with_a_visitor_called_at_the_own_desk_is_refused(fd):
    own = at_desk(fd, 0)
    check_in(fd, "A")
    called = visitor_call_next(actor=fd["info"], desk_id=own.pk)
    other = fd["desks"][1]
    with pytest.raises(ConflictError, match="Finish with the visitor at Laud 1 first"):
        desk_sign_in(actor=fd["info"], desk_id=other.pk)
    assert Desk.objects.get(pk=own.pk).specialist == fd["info"]
    assert Desk.objects.get(pk=other.pk).specialist is None
    assert Visit.objects.get(pk=called.pk).desk_id == own.pk
    # Finished: signing in elsewhere signs out of the old desk.
    visit_move(actor=fd["info"], visit_id=called.pk, move="serve", desk_id=own.pk)
    desk_sign_in(actor=fd["info"], desk_id=other.pk)
    assert Desk.objects.get(pk=own.pk).specialist is None
    assert Desk.objects.get(pk=other.pk).specialist == fd["info"]
    with pytest.raises(PermissionDeniedError):
        desk_sign_out(actor=fd["info"], desk_id=own.pk)


def test_a_days_appointments_end_at_the_next_local_midnight_on_a_25_hour_day(fd):
    """31.10.2027 has 25 hours (summer time ends): an appointment at 23:30 that evening is that day's,
    and one at 00:30 the next night is not (24 hours of UTC from midnight would end at 23:00)."""
    from zoneinfo import ZoneInfo

    from teenindus.audit.context import AccessContext
    from teenindus.frontdesk.selectors import appointments_on

    tallinn = ZoneInfo("Europe/Tallinn")
    desk, service = fd["desks"][0], fd["services"]["A"]
    late, next_night = (
        Appointment.objects.create(
            office=fd["office"],
            service=service,
            desk=desk,
            starts_at=at,
            ends_at=at + timedelta(minutes=15),
            booked_by=fd["info"],
        )
        for at in (
            datetime(2027, 10, 31, 23, 30, tzinfo=tallinn),
            datetime(2027, 11, 1, 0, 30, tzinfo=tallinn),
        )
    )
    ctx = AccessContext(actor=fd["info"], view="test", purpose="test", channel="ui")
    day = timezone.datetime(2027, 10, 31).date()
    assert [a.pk for a in appointments_on(ctx=ctx, office=fd["office"], day=day)] == [late.pk]
    assert [a.pk for a in appointments_on(ctx=ctx, office=fd["office"], day=day + timedelta(days=1))] == [
        next_night.pk
    ]
