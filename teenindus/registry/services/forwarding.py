"""Forwarding a document to a unit or a person to answer or act on, and their answer."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record
from teenindus.core.exceptions import ConflictError, NotFound, PermissionDeniedError, ValidationFailed
from teenindus.org.models import Unit
from teenindus.registry.models import Access, Channel, Direction, Document, DocumentType, Forwarding
from teenindus.registry.scope import CHANGE, user_unit_ids
from teenindus.registry.services.common import document_lock, document_save
from teenindus.registry.services.register import register_document

WORK = "registry.work_forwarding"
NOTE_MAX = 2000
REPLY_TYPE = "vastus"


@transaction.atomic
def document_forward(
    *, actor, document_id: int, to_unit=None, to_user=None, due: date | None, note: str = ""
) -> Forwarding:
    """Send a document to a unit and/or a person by a due date; they become responsible for it."""
    if not actor.has_perm(CHANGE):
        raise PermissionDeniedError(_("You may not forward documents."))
    unit = user = None
    if to_unit is not None:
        unit = Unit.objects.filter(pk=getattr(to_unit, "pk", to_unit)).first()
        if unit is None:
            raise ValidationFailed(_("No such unit."), field="to_unit")
    if to_user is not None:
        user = get_user_model().objects.filter(pk=getattr(to_user, "pk", to_user), is_active=True).first()
        if user is None:
            raise ValidationFailed(_("No such person."), field="to_user")
    if unit is None and user is None:
        raise ValidationFailed(_("Choose a unit or a person to forward the document to."), field="to_unit")
    if due is None:
        raise ValidationFailed(_("Give the due date."), field="due")
    if due < timezone.localdate():
        raise ValidationFailed(_("The due date cannot be in the past."), field="due")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationFailed(_("Write at most %(limit)s characters.") % {"limit": NOTE_MAX}, field="note")
    doc = document_lock(document_id)
    forwarding = Forwarding.objects.create(
        document=doc, to_unit=unit, to_user=user, due=due, note=note, by=actor
    )
    changes = {"forwarded_to": [None, ", ".join(str(x) for x in (unit, user) if x)], "due": [None, str(due)]}
    fields = []
    if unit is not None and doc.responsible_unit_id != unit.pk:
        changes["responsible_unit"] = [doc.responsible_unit_id, unit.pk]
        doc.responsible_unit = unit
        fields.append("responsible_unit")
    if user is not None and doc.responsible_user_id != user.pk:
        changes["responsible_user"] = [doc.responsible_user_id, user.pk]
        doc.responsible_user = user
        fields.append("responsible_user")
    document_save(doc, fields, actor=actor, event="document.forwarded", changes=changes)
    return forwarding


def may_work_forwarding(*, user, forwarding: Forwarding) -> bool:
    """The person it was sent to, a member of the unit it was sent to, or one who changes documents."""
    if user.has_perm(CHANGE) or forwarding.by_id == user.pk:
        return True
    if not user.has_perm(WORK):
        return False
    return forwarding.to_user_id == user.pk or (
        forwarding.to_unit_id is not None and forwarding.to_unit_id in user_unit_ids(user)
    )


def _forwarding_lock(*, actor, forwarding_id: int) -> Forwarding:
    forwarding = Forwarding.objects.select_for_update().filter(pk=forwarding_id).first()
    if forwarding is None or not may_work_forwarding(user=actor, forwarding=forwarding):
        raise NotFound(_("No such forwarding."), field="forwarding")
    if forwarding.state != Forwarding.State.OPEN:
        raise ConflictError(_("This forwarding is already answered or closed."), field="forwarding")
    return forwarding


@transaction.atomic
def forwarding_reply(
    *,
    actor,
    forwarding_id: int,
    title: str,
    channel: str = Channel.EMAIL,
    sent_on: date | None = None,
    doc_type=None,
    series=None,
    files=(),
    access: str = Access.PUBLIC,
    ak_basis: str = "",
    ak_until: date | None = None,
) -> Document:
    """Register the outgoing reply to the forwarded document (linked to it, which marks it answered)
    and close the forwarding with it."""
    forwarding = _forwarding_lock(actor=actor, forwarding_id=forwarding_id)
    request = document_lock(forwarding.document_id)
    if doc_type is None:
        doc_type = DocumentType.objects.filter(code=REPLY_TYPE, is_active=True).first()
    reply = register_document(
        actor=actor,
        series=series or request.series,
        doc_type=doc_type,
        direction=Direction.OUT,
        title=title,
        received_on=sent_on or timezone.localdate(),
        channel=channel,
        party_customer=request.party_customer,
        party_name=request.party_name,
        party_is_person=request.party_is_person,
        party_email=request.party_email,
        responsible_unit=forwarding.to_unit_id or request.responsible_unit_id,
        responsible_user=actor,
        access=access,
        ak_basis=ak_basis,
        ak_until=ak_until,
        reply_to=request,
        files=files,
    )
    forwarding.state = Forwarding.State.REPLIED
    forwarding.reply = reply
    forwarding.closed_at = timezone.now()
    forwarding.closed_by = actor
    forwarding.save(update_fields=["state", "reply", "closed_at", "closed_by", "updated_at"])
    change_record(
        actor=actor, instance=forwarding, event="forwarding.replied", changes={"reply": [None, reply.number]}
    )
    return reply


@transaction.atomic
def forwarding_close(*, actor, forwarding_id: int, note: str = "") -> Forwarding:
    """Close a forwarding without a registered reply (done otherwise, or sent to the wrong place)."""
    forwarding = _forwarding_lock(actor=actor, forwarding_id=forwarding_id)
    note = (note or "").strip()[:NOTE_MAX]
    forwarding.state = Forwarding.State.CLOSED
    forwarding.closed_at = timezone.now()
    forwarding.closed_by = actor
    if note:
        forwarding.note = f"{forwarding.note}\n{note}".strip()
    forwarding.save(update_fields=["state", "closed_at", "closed_by", "note", "updated_at"])
    change_record(actor=actor, instance=forwarding, event="forwarding.closed", changes={"note": [None, note]})
    return forwarding
