"""The demo's front desks: both local offices get services (A pensions, B family benefits, C disability,
D documents) and desks; the northern office (where the info specialist `infolett` works) gets a
morning of visitors: some served (each a contact in the customer's history), one at the desk now,
some waiting, one who did not come, and appointments. Idempotent: an office that has visits is left
as it is."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from teenindus.accounts.models import User
from teenindus.contacts.models import Channel, Outcome, Topic
from teenindus.contacts.services import contact_record
from teenindus.core import worktime
from teenindus.customers.models import Customer
from teenindus.frontdesk.models import Appointment, Desk, Office, Service, Visit, VisitEvent
from teenindus.frontdesk.moves import State
from teenindus.frontdesk.services.checkin import number_next
from teenindus.org.models import Unit

OFFICES = [
    ("pohja", "pohja", "Põhja piirkonna klienditeenindus"),
    ("tallinn", "tallinn", "Tallinna klienditeenindus"),
]
# prefix, name, topic (the demo's topic tree)
SERVICES = [
    ("A", "Pensionid", "Pensionid"),
    ("B", "Peretoetused", "Peretoetused"),
    ("C", "Puue ja töövõime", "Puue ja töövõime"),
    ("D", "Dokumendid ja volikirjad", "Dokumendi staatus"),
]
DESKS = [("Laud 1", "AB"), ("Laud 2", "CD"), ("Laud 3", "ABCD")]
# The morning: minutes before now checked in, service, with a customer, special needs, what became
# of it, minutes waited, minutes served.
MORNING = [
    (150, "A", True, False, State.SERVED, 4, 12),
    (140, "B", True, False, State.SERVED, 9, 8),
    (125, "D", False, False, State.SERVED, 5, 4),
    (110, "A", True, True, State.SERVED, 2, 15),
    (95, "C", True, False, State.NO_SHOW, 11, None),
    (80, "B", True, False, State.SERVED, 7, 10),
    (60, "A", True, False, State.SERVED, 6, 9),
    (35, "B", True, False, State.CALLED, 8, None),
    (25, "A", True, False, State.WAITING, None, None),
    (18, "C", False, True, State.WAITING, None, None),
    (12, "D", True, False, State.WAITING, None, None),
    (5, "A", False, False, State.WAITING, None, None),
]


def _offices() -> list[Office]:
    offices = []
    for unit_code, code, name in OFFICES:
        unit = Unit.objects.filter(kind=Unit.Kind.OFFICE, code=unit_code).first()
        if unit is None:
            continue
        office, _ = Office.objects.get_or_create(unit=unit, defaults={"code": code, "name": name})
        services = {}
        for prefix, service_name, topic_name in SERVICES:
            topic = Topic.objects.get(code=slugify(topic_name))
            services[prefix], _ = Service.objects.get_or_create(
                office=office, prefix=prefix, defaults={"name": service_name, "topic": topic}
            )
        for desk_name, prefixes in DESKS:
            desk, created = Desk.objects.get_or_create(office=office, name=desk_name)
            if created:
                desk.services.set([services[p] for p in prefixes])
        offices.append(office)
    return offices


def _morning(office: Office, specialist: User) -> None:
    now = timezone.now()
    services = {s.prefix: s for s in office.services.all()}
    desk = office.desks.get(name="Laud 1")
    desk.services.set(services.values())  # the specialist's desk serves everything in the demo
    customers = list(Customer.objects.filter(kind=Customer.Kind.PERSON).order_by("pk")[:40])
    for n, (ago, prefix, known, special, state, waited, served) in enumerate(MORNING):
        checked_in = now - timedelta(minutes=ago)
        day = timezone.localdate(checked_in)
        sequence = number_next(office_id=office.pk, day=day)
        called = checked_in + timedelta(minutes=waited) if waited is not None else None
        finished = None
        if state == State.SERVED:
            finished = called + timedelta(minutes=served)
        elif state == State.NO_SHOW:
            finished = called + timedelta(minutes=2)
        visit = Visit.objects.create(
            office=office,
            local_date=day,
            sequence=sequence,
            number=f"{prefix}{sequence:03d}",
            service=services[prefix],
            customer=customers[n * 3] if known else None,
            note="" if known else "Küsib infot",
            special_needs=special,
            priority=special,
            state=state,
            checked_in_at=checked_in,
            checked_in_by=specialist,
            desk=desk if called else None,
            served_by=specialist if called else None,
            called_at=called,
            finished_at=finished,
        )
        events = [("check_in", "", State.WAITING, checked_in)]
        if called:
            events.append(("call", State.WAITING, State.CALLED, called))
        if finished:
            events.append(("serve" if state == State.SERVED else "no_show", State.CALLED, state, finished))
        VisitEvent.objects.bulk_create(
            VisitEvent(
                visit=visit,
                office=office,
                at=at,
                actor=specialist,
                kind=kind,
                from_state=old,
                to_state=new,
                desk=desk if kind != "check_in" else None,
            )
            for kind, old, new, at in events
        )
        if state == State.SERVED:
            visit.contact = contact_record(
                actor=specialist,
                channel=Channel.VISIT,
                topic_id=visit.service.topic_id,
                outcome=Outcome.REFERRED if n == 2 else Outcome.SOLVED,
                customer_id=visit.customer_id,
                note=visit.note,
                occurred_at=finished,
            )
            visit.save(update_fields=["contact"])
    desk.specialist = specialist
    desk.signed_in_at = now - timedelta(hours=3)
    desk.save(update_fields=["specialist", "signed_in_at"])
    # Appointments booked by the info line: two on the next working day, one later today if open.
    cal = worktime.calendar_load()
    next_day = cal.add_working_days(timezone.localdate(), 1)
    slots = [
        (timezone.make_aware(datetime.combine(next_day, time(9, 0))), "A", office.desks.get(name="Laud 3")),
        (timezone.make_aware(datetime.combine(next_day, time(10, 30))), "C", office.desks.get(name="Laud 2")),
    ]
    later = (now + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    if cal.is_open(later) and cal.is_open(later + timedelta(minutes=office.slot_minutes)):
        slots.append((later, "B", desk))
    booker = User.objects.filter(username="noustaja").first() or specialist
    for n, (starts, prefix, slot_desk) in enumerate(slots):
        Appointment.objects.create(
            office=office,
            service=services[prefix],
            desk=slot_desk,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=office.slot_minutes),
            customer=customers[30 + n],
            note="Broneeritud infotelefonil",
            booked_by=booker,
        )


@transaction.atomic
def load_frontdesk() -> None:
    offices = _offices()
    specialist = User.objects.filter(username="infolett").first()
    for office in offices:
        if office.code == "pohja" and specialist is not None and not office.visits.exists():
            _morning(office, specialist)
