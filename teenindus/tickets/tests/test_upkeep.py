"""The worker's ticket upkeep: due times follow a calendar change, deadline warnings go once,
absent people's tickets go to whoever stands in."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from teenindus.core.models import OutboxMail
from teenindus.core.services import calendar_day_set, opening_hours_set
from teenindus.core.worktime import calendar_load
from teenindus.people.services.conversations import absence_add
from teenindus.tickets.models import Ticket
from teenindus.tickets.services import upkeep
from teenindus.tickets.services.lifecycle import ticket_create
from teenindus.tickets.tests.fixtures import dept, run_worker  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True)


def _new(dept, users):  # noqa: F811
    return ticket_create(
        actor=users["agent"],
        group_id=dept["permits"].pk,
        category_id=dept["general"].pk,
        summary="Küsimus",
        description="Kirjeldus",
    )


def test_a_calendar_change_moves_the_stored_due_times_through_the_worker(dept, users):  # noqa: F811
    ticket = _new(dept, users)
    before = ticket.solution_due
    # The agency closes every day of the next three weeks: the solution is due later.
    today = timezone.localdate()
    for n in range(1, 22):
        calendar_day_set(actor=users["admin"], day=today + timedelta(days=n), kind="closed", note="Kolimine")
    ticket.refresh_from_db()
    assert ticket.solution_due == before  # nothing recomputed while a page renders or a change saves
    run_worker()
    ticket.refresh_from_db()
    assert (
        ticket.solution_due == calendar_load().add_days(ticket.created_at, 3) >= before + timedelta(days=21)
    )
    moved = ticket.solution_due
    # The weekday it is due on closes at noon now: it is due earlier.
    weekday = timezone.localtime(moved).weekday()
    opening_hours_set(actor=users["admin"], weekday=weekday, opens=time(8, 30), closes=time(12))
    run_worker()
    ticket.refresh_from_db()
    assert ticket.solution_due < moved and ticket.solution_due == calendar_load().add_days(
        ticket.created_at, 3
    )


def test_deadline_warnings_go_once_per_due_time(dept, users):  # noqa: F811
    ticket = _new(dept, users)
    soon = timezone.now() + timedelta(hours=1)
    Ticket.objects.filter(pk=ticket.pk).update(next_due=soon, next_due_kind="response")
    assert upkeep.deadline_warnings_send() == 2  # the owner and the holder
    assert upkeep.deadline_warnings_send() == 0
    mails = OutboxMail.objects.filter(key__startswith=f"ticket:{ticket.pk}:warn")
    assert sorted(mails.values_list("to", flat=True)) == sorted(["agent@x.ee", ticket.assignee.email])
    Ticket.objects.filter(pk=ticket.pk).update(next_due=soon + timedelta(minutes=30))  # a new due time
    assert upkeep.deadline_warnings_send() == 2


def test_an_absent_holders_open_tickets_go_to_who_stands_in(dept, users):  # noqa: F811
    ticket = _new(dept, users)
    holder = ticket.assignee
    today = timezone.localdate()
    absence_add(actor=users["hr"], employee=holder, kind="sick", start_date=today, end_date=today)
    assert upkeep.absent_work_hand_over() == 1
    ticket.refresh_from_db()
    assert ticket.assignee_id != holder.pk and ticket.assignee_id in (dept["second"].pk, dept["second2"].pk)
    assert ticket.events.filter(kind="substituted").exists()
    assert upkeep.absent_work_hand_over() == 0
