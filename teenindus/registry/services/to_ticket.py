"""A registered document handed to second level as a ticket, in one step (registry uses tickets'
services; tickets never import the registry)."""

from django.db import transaction
from django.utils.translation import gettext as _

from teenindus.core.exceptions import ConflictError, PermissionDeniedError
from teenindus.registry.models import Document
from teenindus.registry.services.common import document_lock, document_save
from teenindus.tickets.services.lifecycle import SUMMARY_MAX, ticket_create


@transaction.atomic
def document_to_ticket(
    *,
    actor,
    document_id: int,
    group,
    category,
    priority: str = "normal",
    description: str = "",
    details: dict | None = None,
) -> Document:
    """Create a ticket for the document (its customer, its title; the description says where it is
    registered) and link it to the document. A document has at most one ticket."""
    if not actor.has_perm("registry.change_document"):
        raise PermissionDeniedError(_("You may not change registered documents."))
    doc = document_lock(document_id)
    if doc.ticket_id is not None:
        raise ConflictError(_("This document already has a ticket."), field="document")
    registered = _("Registered document %(number)s (received %(date)s).") % {
        "number": doc.number,
        "date": doc.received_on.strftime("%d.%m.%Y"),
    }
    ticket = ticket_create(
        actor=actor,
        group_id=getattr(group, "pk", group),
        category_id=getattr(category, "pk", category),
        summary=f"{doc.number} {doc.title}"[:SUMMARY_MAX],
        description="\n\n".join(part for part in ((description or "").strip(), registered) if part),
        priority=priority,
        customer_id=doc.party_customer_id,
        details=details,
    )
    doc.ticket = ticket
    document_save(
        doc, ["ticket"], actor=actor, event="document.to_ticket", changes={"ticket": [None, ticket.pk]}
    )
    return doc
