"""A ticket's life through the services: escalated from a contact, assigned within the group, moved
along the one table of moves, paused, solved, delivered, closed, reopened — with its timeline,
its deadlines and its e-mails."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from teenindus.contacts.services import contact_record
from teenindus.core import worktime
from teenindus.core.exceptions import (
    ConcurrentEditError,
    ConflictError,
    PermissionDeniedError,
    ValidationFailed,
)
from teenindus.core.models import OutboxMail
from teenindus.people.services.conversations import absence_add
from teenindus.tickets import moves as table
from teenindus.tickets.models import Ticket, TicketComment, TicketPause
from teenindus.tickets.moves import MOVES, State
from teenindus.tickets.services.lifecycle import ticket_assign, ticket_comment, ticket_create, ticket_move
from teenindus.tickets.tests.fixtures import dept  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _new(dept, users, **extra):  # noqa: F811
    return ticket_create(
        actor=users["agent"],
        group_id=dept["permits"].pk,
        category_id=dept["general"].pk,
        summary="Kas luba kehtib?",
        description="Klient küsib, kas tema veeluba kehtib ka uuel krundil.",
        **extra,
    )


def _move(ticket, move, actor, **extra):
    ticket.refresh_from_db()
    return ticket_move(actor=actor, ticket_id=ticket.pk, move=move, version=ticket.version, **extra)


def test_escalated_contact_becomes_a_ticket_in_one_step(dept, users, sentinel):  # noqa: F811
    contact = contact_record(
        actor=users["agent"],
        channel="phone",
        topic_id=dept["topic"].pk,
        outcome="escalated",
        customer_id=sentinel.pk,
        note="Vajab spetsialisti vastust.",
    )
    ticket = _new(dept, users, contact_id=contact.pk)
    contact.refresh_from_db()
    assert ticket.customer_id == sentinel.pk and ticket.contact_id == contact.pk
    assert contact.followup_closed_at is not None  # the ticket carries the follow-up now
    assert f"#{ticket.pk}" in contact.followup_note
    with pytest.raises(ConflictError):
        _new(dept, users, contact_id=contact.pk)  # escalated once
    assert Ticket.objects.count() == 1


def test_the_whole_path_with_its_timeline_deadlines_and_mails(dept, users, sentinel):  # noqa: F811
    sentinel.language = "ru"
    sentinel.save(update_fields=["language"])
    ticket = _new(dept, users, customer_id=sentinel.pk)
    assert ticket.state == State.ASSIGNED and ticket.assignee_id in (dept["second"].pk, dept["second2"].pk)
    cal = worktime.calendar_load()
    assert ticket.response_due == cal.add(ticket.created_at, 4 * 3600)
    assert ticket.solution_due == cal.add_days(ticket.created_at, 3)
    assert (ticket.next_due, ticket.next_due_kind) == (ticket.response_due, "response")
    assigned_mails = set(
        OutboxMail.objects.filter(key__startswith=f"ticket:{ticket.pk}:assigned").values_list("to", flat=True)
    )
    assert {"load@x.ee", ticket.assignee.email} <= assigned_mails

    holder = ticket.assignee.user
    _move(ticket, "start", holder)
    _move(ticket, "wait_customer", holder, note="Palun loa number.")
    assert TicketPause.objects.filter(
        ticket=ticket, ended_at__isnull=True, state=State.WAITING_CUSTOMER
    ).exists()
    ticket.refresh_from_db()
    assert ticket.solution_due is None and ticket.next_due is None  # the clock stands
    _move(ticket, "resume", users["agent"])
    _move(ticket, "solve", holder, note="Luba kehtib kuni 2030.")
    ticket.refresh_from_db()
    assert ticket.awaits_delivery and ticket.next_due_kind == "delivery"
    assert ticket.delivery_due == cal.add_days(ticket.solved_at, 2)
    assert ticket.solution_seconds is not None and ticket.response_seconds is not None
    assert OutboxMail.objects.filter(key__startswith=f"ticket:{ticket.pk}:solved", to="agent@x.ee").exists()

    _move(ticket, "deliver", users["agent"], channel="email")
    to_customer = OutboxMail.objects.get(key__startswith=f"ticket:{ticket.pk}:answer")
    assert to_customer.to == "sentinella@example.ee" and to_customer.language == "ru"
    assert "Здравствуйте" in to_customer.body
    _move(ticket, "close", users["agent"])
    ticket.refresh_from_db()
    assert ticket.state == State.CLOSED and ticket.delivery_channel == "email" and ticket.next_due is None
    kinds = list(ticket.events.values_list("kind", flat=True))
    assert kinds == ["created", "assigned", "start", "wait_customer", "resume", "solve", "deliver", "close"]
    states = [e.changes["state"] for e in ticket.events.all() if "state" in e.changes]
    assert states[-1] == [State.DELIVERED, State.CLOSED]


@pytest.mark.parametrize("state", [s for s, _label in table.STATE_CHOICES])
def test_every_move_is_allowed_exactly_where_the_table_says(dept, users, state):  # noqa: F811
    ticket = _new(dept, users)
    for name, move in MOVES.items():
        if name == "assign":
            continue
        Ticket.objects.filter(pk=ticket.pk).update(state=state, solved_at=timezone.now())
        ticket.refresh_from_db()
        kwargs = {"note": "x", "channel": "phone"}
        if state in move.sources:
            moved = ticket_move(actor=None, ticket_id=ticket.pk, move=name, version=ticket.version, **kwargs)
            assert moved.state == move.target or (name == "reopen" and moved.state == State.ASSIGNED)
        else:
            with pytest.raises(ValidationFailed):
                ticket_move(actor=None, ticket_id=ticket.pk, move=name, version=ticket.version, **kwargs)


def test_each_side_makes_only_its_own_moves(dept, users):  # noqa: F811
    ticket = _new(dept, users)
    with pytest.raises(PermissionDeniedError):
        _move(ticket, "start", users["agent"])  # first level does not work second level's part
    with pytest.raises(PermissionDeniedError):
        _move(ticket, "start", users["info"])
    _move(ticket, "start", ticket.assignee.user)
    _move(ticket, "solve", ticket.assignee.user, note="Vastus.")
    with pytest.raises(PermissionDeniedError):
        _move(ticket, "deliver", ticket.assignee.user, channel="phone")  # the owner delivers
    _move(ticket, "deliver", users["teamlead"], channel="phone")  # or their team lead


def test_a_stale_form_is_refused_and_changes_nothing(dept, users):  # noqa: F811
    ticket = _new(dept, users)
    seen = ticket.version
    ticket_move(actor=ticket.assignee.user, ticket_id=ticket.pk, move="start", version=seen)
    with pytest.raises(ConcurrentEditError):
        ticket_move(actor=ticket.assignee.user, ticket_id=ticket.pk, move="solve", version=seen, note="x")
    ticket.refresh_from_db()
    assert ticket.state == State.IN_PROGRESS and not ticket.comments.exists()


def test_a_category_refuses_a_ticket_without_what_it_requires(dept, users):  # noqa: F811
    with pytest.raises(ValidationFailed) as caught:
        ticket_create(
            actor=users["agent"],
            group_id=dept["permits"].pk,
            category_id=dept["permit"].pk,
            summary="Luba",
            description="Muutmine",
        )
    assert caught.value.field == "details.permit_number"
    with pytest.raises(ValidationFailed) as caught:
        ticket_create(
            actor=users["agent"],
            group_id=dept["permits"].pk,
            category_id=dept["permit"].pk,
            summary="Luba",
            description="Muutmine",
            details={"permit_number": "<script>"},
        )
    assert caught.value.field == "details.permit_number"
    with pytest.raises(ValidationFailed) as caught:
        ticket_create(
            actor=users["agent"],
            group_id=dept["it"].pk,
            category_id=dept["permit"].pk,
            summary="Luba",
            description="Muutmine",
            details={"permit_number": "L.VV/1"},
        )
    assert caught.value.field == "category"  # a category of another group
    assert Ticket.objects.count() == 0
    ok = ticket_create(
        actor=users["agent"],
        group_id=dept["permits"].pk,
        category_id=dept["permit"].pk,
        summary="Luba",
        description="Muutmine",
        details={"permit_number": "l.vv/123456"},
        priority="urgent",
    )
    assert ok.details == {"permit_number": "L.VV/123456"}
    assert (ok.sla_response_hours, ok.sla_solution_amount, ok.sla_solution_unit) == (
        1,
        8,
        "hours",
    )  # the specific rule


def test_round_robin_takes_turns_and_skips_the_absent(dept, users):  # noqa: F811
    firsts = [_new(dept, users).assignee_id for _ in range(4)]
    assert firsts[0] != firsts[1] and firsts[:2] == firsts[2:]
    today = timezone.localdate()
    absence_add(actor=users["hr"], employee=dept["second"], kind="sick", start_date=today, end_date=today)
    assert {_new(dept, users).assignee_id for _ in range(3)} == {dept["second2"].pk}


def test_fewest_open_tickets_and_everyone_away_goes_to_a_substitute(dept, users):  # noqa: F811
    group = dept["permits"]
    group.assignment = "fewest_open"
    group.save()
    a = _new(dept, users)
    b = _new(dept, users)
    assert a.assignee_id != b.assignee_id
    _move(a, "start", a.assignee.user)
    _move(a, "solve", a.assignee.user, note="x")
    _move(a, "deliver", users["agent"], channel="phone")
    _move(a, "close", users["agent"])
    assert _new(dept, users).assignee_id == a.assignee_id  # the one with no open ticket
    today = timezone.localdate()
    for key in ("second", "second2"):
        absence_add(actor=users["hr"], employee=dept[key], kind="vacation", start_date=today, end_date=today)
    # Both specialists are away: the position's line manager stands in.
    assert _new(dept, users).assignee_id == dept["lead"].pk


def test_assigning_by_hand_to_someone_away_gives_it_to_their_substitute(dept, users):  # noqa: F811
    ticket = _new(dept, users)
    today = timezone.localdate()
    absence_add(actor=users["hr"], employee=dept["second"], kind="vacation", start_date=today, end_date=today)
    ticket_assign(
        actor=users["teamlead"], ticket_id=ticket.pk, version=ticket.version, assignee_id=dept["second"].pk
    )
    ticket.refresh_from_db()
    assert ticket.assignee_id == dept["second2"].pk
    assert ticket.events.filter(kind="substituted").exists()


# A Wednesday morning: the pause below (Sunday to Tuesday) holds working time whatever the hour
# the suite runs (run on a Monday evening, it held none and the test compared two spellings of
# the same working moment).
@time_machine.travel(datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/Tallinn")), tick=True)
def test_a_pause_pushes_the_solution_due_time_by_its_working_time(dept, users):  # noqa: F811
    ticket = _new(dept, users)
    holder = ticket.assignee.user
    _move(ticket, "start", holder)
    _move(ticket, "wait_first_level", holder, note="Mis on loa number?")
    start = timezone.now() - timedelta(days=3)
    end = timezone.now() - timedelta(days=1)
    TicketPause.objects.filter(ticket=ticket).update(started_at=start)
    ticket_comment(actor=users["agent"], ticket_id=ticket.pk, body="L.VV/123456")
    _move(ticket, "resume", users["agent"])
    TicketPause.objects.filter(ticket=ticket).update(ended_at=end)
    from teenindus.tickets.services.upkeep import deadlines_recompute

    deadlines_recompute(ticket_ids=[ticket.pk])
    ticket.refresh_from_db()
    cal = worktime.calendar_load()
    paused = cal.between(start, end)
    assert paused > 0
    assert ticket.solution_due == cal.add(cal.add_days(ticket.created_at, 3), paused)
    assert ticket.next_due == ticket.solution_due


def test_reopen_goes_back_to_who_solved_it_and_counts(dept, users):  # noqa: F811
    ticket = _new(dept, users)
    holder = ticket.assignee
    _move(ticket, "start", holder.user)
    _move(ticket, "solve", holder.user, note="Vastus.")
    _move(ticket, "reopen", users["agent"])
    ticket.refresh_from_db()
    assert (ticket.state, ticket.assignee_id, ticket.reopen_count, ticket.solved_at) == (
        State.ASSIGNED,
        holder.pk,
        1,
        None,
    )
    assert ticket.next_due_kind in ("solution", "response")


def test_comments_are_internal_or_to_the_customer_and_second_level_replies_reach_the_owner(dept, users):  # noqa: F811
    ticket = _new(dept, users)
    reply = ticket_comment(
        actor=ticket.assignee.user, ticket_id=ticket.pk, body="Uurin.", visibility="internal"
    )
    ticket.refresh_from_db()
    assert ticket.responded_at is not None  # a reply is the first response
    assert OutboxMail.objects.filter(
        key__startswith=f"ticket:{ticket.pk}:reply:{reply.pk}", to="agent@x.ee"
    ).exists()
    ticket_comment(
        actor=users["agent"], ticket_id=ticket.pk, body="Kliendile: ootame.", visibility="customer"
    )
    assert list(ticket.comments.values_list("visibility", flat=True)) == ["internal", "customer"]
    with pytest.raises(PermissionDeniedError):
        ticket_comment(actor=users["outsider"], ticket_id=ticket.pk, body="x")
    with pytest.raises(ValidationFailed):
        ticket_comment(actor=users["agent"], ticket_id=ticket.pk, body="   ")
    assert TicketComment.objects.count() == 2


def test_delivery_by_email_needs_the_customers_address(dept, users, sentinel):  # noqa: F811
    from teenindus.customers.models import ContactPoint

    ContactPoint.objects.filter(customer=sentinel, kind="email").delete()
    ticket = _new(dept, users, customer_id=sentinel.pk)
    _move(ticket, "start", ticket.assignee.user)
    _move(ticket, "solve", ticket.assignee.user, note="Vastus.")
    with pytest.raises(ValidationFailed) as caught:
        _move(ticket, "deliver", users["agent"], channel="email")
    assert caught.value.field == "channel"
    ticket.refresh_from_db()
    assert ticket.state == State.SOLVED and not OutboxMail.objects.filter(key__contains=":answer").exists()
