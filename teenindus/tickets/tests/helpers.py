"""What the HTTP tests of tickets share: a ticket made through the services, moved along the table,
and the access-log rows written about a customer."""

from teenindus.audit.models import AccessLog
from teenindus.tickets.models import Ticket
from teenindus.tickets.services.lifecycle import ticket_assign, ticket_create, ticket_move

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def ticket_new(dept, users, *, owner="agent", group="permits", category="general", **extra) -> Ticket:
    return ticket_create(
        actor=users[owner] if isinstance(owner, str) else owner,
        group_id=dept[group].pk,
        category_id=dept[category].pk,
        summary=extra.pop("summary", "Kas luba kehtib?"),
        description=extra.pop("description", "Klient küsib, kas tema veeluba kehtib ka uuel krundil."),
        **extra,
    )


def held_by_second(dept, users, ticket: Ticket) -> Ticket:
    """The ticket given to users["second"] by hand (round robin may have chosen the other member)."""
    ticket.refresh_from_db()
    return ticket_assign(
        actor=users["second"], ticket_id=ticket.pk, version=ticket.version, assignee_id=dept["second"].pk
    )


def moved(ticket: Ticket, move: str, actor, **extra) -> Ticket:
    ticket.refresh_from_db()
    return ticket_move(actor=actor, ticket_id=ticket.pk, move=move, version=ticket.version, **extra)


def solved(dept, users, ticket: Ticket) -> Ticket:
    held_by_second(dept, users, ticket)
    moved(ticket, "start", users["second"])
    return moved(ticket, "solve", users["second"], note="Luba kehtib ka uuel krundil.")


def log_ids(customer, actor=None) -> set[int]:
    rows = AccessLog.objects.about("customers.customer", customer.pk)
    if actor is not None:
        rows = rows.filter(actor=actor)
    return set(rows.values_list("pk", flat=True))
