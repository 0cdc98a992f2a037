"""The front desk under concurrent writes (PostgreSQL): threads with their own connections, released
together by a barrier, as desks and counters on several servers would be.

- 20 desks press "call next" at once, again and again: no visitor is called twice
  (SELECT ... FOR UPDATE SKIP LOCKED in queue.visitor_call_next);
- 20 check-ins at once: 20 different numbers (the day counter's upsert);
- two agents book the same slot at once: one booking (the desk's row lock and the overlap check);
- two specialists take each other's desk at once: no deadlock (desks locked in id order).
"""

from collections import Counter
from datetime import datetime, time

import pytest
from django.db import connection
from django.utils import timezone

from conftest import make_user
from teenindus.accounts import roles
from teenindus.core import worktime
from teenindus.core.exceptions import ConflictError, NotFound
from teenindus.core.testing import race
from teenindus.frontdesk.models import Appointment, Desk, Visit, VisitEvent
from teenindus.frontdesk.moves import State
from teenindus.frontdesk.services.appointments import appointment_book
from teenindus.frontdesk.services.queue import desk_sign_in, visit_move, visitor_call_next
from teenindus.frontdesk.tests.helpers import check_in

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

DESKS = 20


def test_twenty_desks_calling_at_once_never_call_a_visitor_twice(fd):
    desks = []
    for i in range(DESKS):
        user = make_user(f"desk{i}", roles.INFO_SPECIALIST)
        desk = Desk.objects.create(office=fd["office"], name=f"Laud {i + 10}")
        desk.services.set([fd["services"]["A"], fd["services"]["B"]])
        desk_sign_in(actor=user, desk_id=desk.pk)
        desks.append((user, desk))
    visitors = 150
    for i in range(visitors):
        check_in(fd, "A" if i % 3 else "B", special_needs=i % 10 == 0)

    def work(i: int) -> list[int]:
        user, desk = desks[i]
        called = []
        while True:
            try:
                visit = visitor_call_next(actor=user, desk_id=desk.pk)
            except NotFound:
                return called
            called.append(visit.pk)
            visit_move(actor=user, visit_id=visit.pk, move="no_show", desk_id=desk.pk)

    results, errors = race(work, DESKS)
    assert errors == []
    calls = Counter(pk for called in results for pk in called)
    assert len(calls) == visitors and max(calls.values()) == 1
    assert Visit.objects.filter(state=State.NO_SHOW).count() == visitors
    assert VisitEvent.objects.filter(kind="call").count() == visitors
    assert sum(1 for called in results if called) > 1  # the desks really worked side by side


def test_check_ins_at_once_get_different_numbers(fd):
    results, errors = race(lambda i: check_in(fd, "A").number, DESKS)
    assert errors == []
    assert sorted(results) == [f"A{n:03d}" for n in range(1, DESKS + 1)]


def test_the_same_slot_booked_at_once_is_booked_once(fd, users):
    day = worktime.calendar_load().add_working_days(timezone.localdate(), 1)
    slot = timezone.make_aware(datetime.combine(day, time(11)))
    agents = [make_user(f"agent{i}", roles.AGENT) for i in range(6)]

    def book(i: int):
        return appointment_book(
            actor=agents[i], service_id=fd["services"]["A"].pk, desk_id=fd["desks"][0].pk, starts_at=slot
        )

    results, errors = race(book, len(agents))
    assert len([r for r in results if r is not None]) == 1
    assert len(errors) == len(agents) - 1 and all(isinstance(e, ConflictError) for e in errors)
    assert Appointment.objects.count() == 1


def test_two_specialists_swapping_desks_at_once_neither_deadlock_nor_hold_two_desks(fd):
    """Each signs in to the other's desk at the same moment, ten times: the desks are locked in id
    order (no deadlock), and afterwards each specialist holds exactly one desk."""
    people = [fd["info"], fd["info2"]]
    desks = fd["desks"][:2]
    for round_ in range(10):
        for person, desk in zip(people, desks if round_ % 2 == 0 else desks[::-1], strict=True):
            Desk.objects.filter(pk=desk.pk).update(specialist=person)

        def swap(i: int, round_=round_):
            target = desks[(i + 1 + round_) % 2]
            return desk_sign_in(actor=people[i], desk_id=target.pk)

        results, errors = race(swap, 2)
        assert errors == []
        held = Counter(Desk.objects.filter(specialist__isnull=False).values_list("specialist", flat=True))
        assert held == Counter({person.pk: 1 for person in people})
