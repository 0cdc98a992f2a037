"""What the HTTP tests of tickets share: a ticket made through the services, moved along the table,
and the access-log rows written about a customer."""

from teenindus.audit.models import AccessLog
from teenindus.tickets.models import Ticket
from teenindus.tickets.services.lifecycle import ticket_assign, ticket_create, ticket_move


def pdf_bytes(text: str = "Otsus") -> bytes:
    """A small valid one-page PDF showing `text` (built here: no binary files in the repository)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PDF = pdf_bytes()


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
