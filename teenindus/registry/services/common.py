"""What every write of the register shares: the locked row, the stale-form check, the audit record."""

from django.utils.translation import gettext as _

from teenindus.audit.services import change_record
from teenindus.core.exceptions import ConcurrentEditError, NotFound
from teenindus.registry.models import Document
from teenindus.registry.search import document_index


def document_lock(document_id: int, *, version: int | None = None) -> Document:
    """The document locked for this transaction; a stale version (someone saved it after the form
    was loaded) is refused and nothing is written."""
    doc = (
        Document.objects.select_for_update(of=("self",))
        .select_related("doc_type", "series", "party_customer")
        .filter(pk=document_id)
        .first()
    )
    if doc is None:
        raise NotFound(_("No such document."), field="document")
    if version is not None and doc.version != version:
        raise ConcurrentEditError(
            _("Someone else changed this document meanwhile. Nothing was saved: look at it again."),
            field="version",
        )
    return doc


def document_save(doc: Document, fields: list[str], *, actor, event: str, changes: dict) -> None:
    """Save the changed fields with the next version (a form loaded before is stale now), the
    search words refreshed, and the change recorded."""
    document_index(doc)
    doc.version += 1
    doc.save(update_fields=sorted(set(fields) | {"version", "updated_at", "public_stems", "title_stems"}))
    change_record(actor=actor, instance=doc, event=event, changes=changes)
