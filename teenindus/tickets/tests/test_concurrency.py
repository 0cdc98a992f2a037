"""Tickets under concurrent writes (PostgreSQL): several servers on several machines share one
database, so each of these races is run by threads with their own connections, released at once.

What each test proves, and the guard it proves:
- automatic assignment: the group's row lock (assignment.assignee_pick) serialises picks;
- a stale form: the ticket's row lock and the version check under it (common.ticket_lock);
- a webhook JIRA delivers twice at once: the ticket's row lock in jira_webhook_apply and the
  change id checked under it;
- one contact escalated twice at once: the contact's row lock and the one-to-one constraint;
- deadline warnings run by two workers: the outbox's unique key (core.outbox.mail_queue).
"""

from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import make_user
from teenindus.accounts import roles
from teenindus.contacts.services import contact_record
from teenindus.core.exceptions import ConcurrentEditError, ConflictError, ValidationFailed
from teenindus.core.models import OutboxMail
from teenindus.core.tasks import outbox_deliver
from teenindus.core.testing import race
from teenindus.tickets.models import GroupMember, Ticket, TicketComment, TicketEvent, TicketPause
from teenindus.tickets.moves import State
from teenindus.tickets.services import jira_sync
from teenindus.tickets.services.lifecycle import ticket_create, ticket_move
from teenindus.tickets.services.upkeep import deadline_warnings_send
from teenindus.tickets.tests.fixtures import dept, staff  # noqa: F401 - the fixture

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _new(dept, users, **extra):  # noqa: F811
    values = {
        "summary": "Kas luba kehtib?",
        "description": "Klient küsib, kas tema veeluba kehtib ka uuel krundil.",
        **extra,
    }
    return ticket_create(
        actor=users["agent"], group_id=dept["permits"].pk, category_id=dept["general"].pk, **values
    )


def test_tickets_created_at_once_are_spread_evenly_by_round_robin(dept, users):  # noqa: F811
    specialist = dept["second"].employments.first().position
    for n in (3, 4):
        user = make_user(f"second{n}", roles.SECOND_LEVEL)
        employee = staff(user, "Spets", f"Nr{n}", specialist, f"spets{n}@x.ee")
        GroupMember.objects.create(group=dept["permits"], employee=employee)
    members = set(GroupMember.objects.filter(group=dept["permits"]).values_list("employee_id", flat=True))
    assert len(members) == 4

    tickets, errors = race(lambda i: _new(dept, users, summary=f"Pöördumine {i}"), 12)

    assert errors == []
    rows = Ticket.objects.filter(pk__in=[t.pk for t in tickets])
    assert rows.count() == 12
    assert all(row.state == State.ASSIGNED and row.assignee_id in members for row in rows)
    counts = Counter(rows.values_list("assignee_id", flat=True))
    # Each member got a ticket, and no one's turn was taken twice while another waited.
    assert set(counts) == members and max(counts.values()) - min(counts.values()) <= 1, counts
    for ticket in rows:
        assert ticket.events.filter(kind="assigned").count() == 1


@pytest.mark.parametrize("moves", [("start", "start"), ("start", "wait_customer")])
def test_two_moves_with_the_same_version_at_once_one_wins_nothing_is_lost(dept, users, moves):  # noqa: F811
    ticket = _new(dept, users)
    holder = ticket.assignee.user
    version = ticket.version

    def move(i: int):
        return ticket_move(
            actor=holder, ticket_id=ticket.pk, move=moves[i], version=version, note=f"Küsimus {i}"
        )

    results, errors = race(move, 2)

    done = [(i, r) for i, r in enumerate(results) if r is not None]
    assert len(done) == 1, errors
    assert len(errors) == 1 and isinstance(errors[0], (ConcurrentEditError, ValidationFailed))
    winner, _saved = done[0]
    ticket.refresh_from_db()
    assert ticket.version == version + 1
    kinds = list(ticket.events.exclude(kind__in=["created", "assigned"]).values_list("kind", flat=True))
    assert kinds == [moves[winner]]  # the loser left nothing in the timeline
    assert (
        ticket.state == {"start": State.IN_PROGRESS, "wait_customer": State.WAITING_CUSTOMER}[moves[winner]]
    )
    assert list(ticket.comments.values_list("body", flat=True)) == [f"Küsimus {winner}"]
    assert TicketPause.objects.filter(ticket=ticket).count() == (moves[winner] == "wait_customer")


@pytest.fixture
def jira_ticket(settings, jira_server, dept, users):  # noqa: F811
    """A ticket of the JIRA group, created there through the real adapter (a local JIRA)."""
    settings.JIRA_URL = jira_server.base_url
    settings.JIRA_USER, settings.JIRA_API_TOKEN = jira_server.user, jira_server.api_token
    group = dept["jira_group"]
    group.jira_project_key = jira_server.project_key
    group.save()
    ticket = ticket_create(
        actor=users["agent"],
        group_id=group.pk,
        category_id=dept["jira_category"].pk,
        summary="Loa muutmine",
        description="Klient soovib veeloa tingimusi muuta.",
    )
    assert jira_sync.ticket_jira_push(ticket_id=ticket.pk) == "sent"
    ticket.refresh_from_db()
    assert ticket.jira_key and ticket.state == State.ASSIGNED
    return ticket


def test_one_jira_webhook_delivered_at_once_by_several_threads_is_applied_once(jira_server, jira_ticket):
    assert jira_server.webhook_url is None  # the payloads are built, not posted: we deliver them
    status = jira_server.transition(jira_ticket.jira_key, "In Progress")
    comment = jira_server.comment(jira_ticket.jira_key, "Vaatan loa tingimused üle.")

    for payload in (status, comment):
        results, errors = race(lambda i, p=payload: jira_sync.jira_webhook_apply(payload=p), 4)
        assert errors == []
        assert sorted(r["applied"] for r in results) == [0, 0, 0, 1]  # one delivery applied it

    jira_ticket.refresh_from_db()
    assert jira_ticket.state == State.IN_PROGRESS and jira_ticket.responded_at is not None
    events = TicketEvent.objects.filter(ticket=jira_ticket)
    assert events.filter(kind="jira_status").count() == 1
    assert events.filter(kind="start").count() == 1  # one state move
    assert events.filter(kind="jira_comment").count() == 1
    external = Counter(events.exclude(external_id="").values_list("external_id", flat=True))
    assert len(external) == 2 and set(external.values()) == {1}
    assert TicketComment.objects.filter(ticket=jira_ticket, body="Vaatan loa tingimused üle.").count() == 1
    reply_mails = OutboxMail.objects.filter(key__startswith=f"ticket:{jira_ticket.pk}:reply")
    assert reply_mails.count() == 1


def test_one_contact_escalated_twice_at_once_makes_one_ticket(dept, users, sentinel):  # noqa: F811
    contact = contact_record(
        actor=users["agent"],
        channel="phone",
        topic_id=dept["topic"].pk,
        outcome="escalated",
        customer_id=sentinel.pk,
        note="Vajab spetsialisti vastust.",
    )

    results, errors = race(
        lambda i: _new(dept, users, contact_id=contact.pk, summary=f"Eskaleerimine {i}"), 2
    )

    assert len([r for r in results if r is not None]) == 1
    assert len(errors) == 1 and isinstance(errors[0], ConflictError), errors
    ticket = Ticket.objects.get(contact=contact)
    assert Ticket.objects.count() == 1 and ticket.customer_id == sentinel.pk
    assert ticket.events.filter(kind="created").count() == 1
    contact.refresh_from_db()
    assert contact.followup_closed_at is not None and f"#{ticket.pk}" in contact.followup_note


def test_deadline_warnings_run_by_two_workers_at_once_queue_each_mail_once(dept, users):  # noqa: F811
    tickets = [_new(dept, users, summary=f"Tähtaeg {i}") for i in range(15)]
    soon = timezone.now() + timedelta(hours=1)
    Ticket.objects.filter(pk__in=[t.pk for t in tickets]).update(next_due=soon, next_due_kind="response")
    warnings = OutboxMail.objects.filter(key__contains=":warn:")
    deliveries = DBTaskResult.objects.filter(task_path=outbox_deliver.module_path)
    before = deliveries.count()

    results, errors = race(lambda i: deadline_warnings_send(), 2)

    assert errors == []
    # The owner and the holder of each ticket, once each; what the two runs say they queued is
    # what exists, and each mail's delivery was enqueued once.
    assert warnings.count() == 2 * len(tickets)
    assert sum(results) == warnings.count()
    assert all(n == 1 for n in Counter(warnings.values_list("key", flat=True)).values())
    assert deliveries.count() - before == warnings.count()
    for ticket in tickets:
        assert set(warnings.filter(key__startswith=f"ticket:{ticket.pk}:").values_list("to", flat=True)) == {
            "agent@x.ee",
            Ticket.objects.get(pk=ticket.pk).assignee.email,
        }
