"""Working a registered document: edits, access restriction, closing and reopening, the extension
of an information request's deadline (with the notice of its reasons to the requester)."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.core import worktime
from teenindus.core.exceptions import ConflictError, PermissionDeniedError, ValidationFailed
from teenindus.core.outbox import LANGUAGES, mail_queue, mail_render
from teenindus.customers.selectors import customer_email
from teenindus.registry.deadlines import extension_limit
from teenindus.registry.models import Channel, Direction, Document, DocumentLink, DocumentType
from teenindus.registry.moves import MOVES, State
from teenindus.registry.services.common import document_lock, document_save
from teenindus.registry.services.register import _party, access_check, register_document, responsible_check

CHANGE = "registry.change_document"
REASON_MAX = 2000
NOTICE_TYPE = "teatis"


def _may_change(actor) -> None:
    if not actor.has_perm(CHANGE):
        raise PermissionDeniedError(_("You may not change registered documents."))


def _s(value) -> str | None:
    return None if value is None else str(getattr(value, "pk", value))


@transaction.atomic
def document_update(
    *,
    actor,
    document_id: int,
    version: int,
    title: str,
    party_customer=None,
    party_name: str = "",
    party_is_person: bool = True,
    party_email: str = "",
    sender_date: date | None = None,
    sender_reference: str = "",
    channel: str,
    responsible_unit=None,
    responsible_user=None,
    deadline: date | None = None,
) -> Document:
    """Correct a document's register fields (its number, type and dates of registration stay)."""
    _may_change(actor)
    doc = document_lock(document_id, version=version)
    title = " ".join((title or "").split())
    if not title or len(title) > 300:
        raise ValidationFailed(_("Give a title of up to 300 characters."), field="title")
    if channel not in Channel.values:
        raise ValidationFailed(_("Choose the channel."), field="channel")
    if deadline is not None and deadline < doc.received_on:
        raise ValidationFailed(_("The deadline cannot be before the document arrived."), field="deadline")
    if sender_date is not None and sender_date > timezone.localdate():
        raise ValidationFailed(_("The date cannot be in the future."), field="sender_date")
    customer, party_name, party_is_person, party_email = _party(
        party_customer, party_name, party_is_person, party_email
    )
    responsible_unit, responsible_user = responsible_check(responsible_unit, responsible_user)
    new = {
        "title": title,
        "party_customer_id": customer.pk if customer else None,
        "party_name": party_name,
        "party_is_person": party_is_person,
        "party_email": party_email,
        "sender_date": sender_date,
        "sender_reference": (sender_reference or "").strip()[:80],
        "channel": channel,
        "responsible_unit_id": getattr(responsible_unit, "pk", None),
        "responsible_user_id": getattr(responsible_user, "pk", None),
        "deadline": deadline,
    }
    changes = {}
    for field, value in new.items():
        old = getattr(doc, field)
        if old != value:
            changes[field] = [_s(old), _s(value)]
            setattr(doc, field, value)
    if customer is not None:
        doc.party_customer = customer
    if changes:
        document_save(doc, list(new), actor=actor, event="document.updated", changes=changes)
    return doc


@transaction.atomic
def document_restrict(
    *, actor, document_id: int, version: int, access: str, ak_basis: str = "", ak_until: date | None = None
) -> Document:
    """Restrict a document to internal use (AK) with its legal basis and end date, change them, or
    make it public again."""
    _may_change(actor)
    doc = document_lock(document_id, version=version)
    access, ak_basis, ak_until = access_check(access, ak_basis, ak_until, today=timezone.localdate())
    changes = {
        field: [_s(getattr(doc, field)), _s(value)]
        for field, value in (("access", access), ("ak_basis", ak_basis), ("ak_until", ak_until))
        if getattr(doc, field) != value
    }
    doc.access, doc.ak_basis, doc.ak_until = access, ak_basis, ak_until
    if changes:
        document_save(
            doc, ["access", "ak_basis", "ak_until"], actor=actor, event="document.restricted", changes=changes
        )
    return doc


@transaction.atomic
def document_move(*, actor, document_id: int, version: int, move: str) -> Document:
    """Close a document (answered, or nothing to answer) or reopen it, by the table of moves."""
    _may_change(actor)
    doc = document_lock(document_id, version=version)
    spec = MOVES.get(move)
    if spec is None or move == "answer":
        raise ValidationFailed(_("No such move."), field="move")
    if doc.state not in spec.sources:
        raise ConflictError(_("The document is not in a state this can be done in."), field="move")
    old = doc.state
    doc.state = spec.target
    doc.closed_at = timezone.now() if spec.target == State.CLOSED else None
    document_save(
        doc,
        ["state", "closed_at"],
        actor=actor,
        event=f"document.{move}",
        changes={"state": [old, doc.state]},
    )
    return doc


def _notice_type(request: Document) -> DocumentType:
    notice = DocumentType.objects.filter(code=NOTICE_TYPE, is_active=True).first()
    if notice is None:
        notice = (
            DocumentType.objects.filter(is_active=True, direction__in=["out", "both"]).order_by("pk").first()
        )
    if notice is None:
        raise ValidationFailed(_("No document type for outgoing notices is in use."), field="doc_type")
    return notice


def _mail_language(doc: Document) -> str:
    language = getattr(doc.party_customer, "language", "et") if doc.party_customer_id else "et"
    return language if language in LANGUAGES else "et"


@transaction.atomic
def document_extend(*, actor, document_id: int, version: int, reason: str) -> Document:
    """Extend an information request's deadline (to 15 working days after its registration) with the
    reasons, within its first 5 working days; the notice of the reasons is registered as an outgoing
    document linked to the request and, when the requester's e-mail is known (given with the
    document, or the customer's), mailed after commit."""
    _may_change(actor)
    doc = document_lock(document_id, version=version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Give the reason for the extension."), field="reason")
    if len(reason) > REASON_MAX:
        raise ValidationFailed(
            _("Write at most %(limit)s characters.") % {"limit": REASON_MAX}, field="reason"
        )
    doc_type = doc.doc_type
    if not doc_type.extendable_to or doc.direction != Direction.IN:
        raise ValidationFailed(_("The deadline of this type of document cannot be extended."), field="reason")
    if doc.extended_at is not None:
        raise ConflictError(_("The deadline has already been extended."), field="reason")
    if doc.state != State.OPEN:
        raise ConflictError(_("The document is already answered or closed."), field="reason")
    cal = worktime.calendar_load()
    registered_on = timezone.localdate(doc.registered_at)
    today = timezone.localdate()
    if today > extension_limit(doc_type, registered_on=registered_on, cal=cal):
        raise ValidationFailed(
            _(
                "The deadline can be extended only within the first %(days)s working days after "
                "registration, and that time is over."
            )
            % {"days": doc_type.deadline_days or 5},
            field="reason",
        )
    old_deadline = doc.deadline
    doc.deadline = cal.add_working_days(registered_on, doc_type.extendable_to)
    doc.extended_at = timezone.now()
    doc.extended_by = actor
    doc.extension_reason = reason
    document_save(
        doc,
        ["deadline", "extended_at", "extended_by", "extension_reason"],
        actor=actor,
        event="document.extended",
        changes={"deadline": [_s(old_deadline), _s(doc.deadline)], "reason": [None, reason]},
    )
    notice_type = _notice_type(doc)
    to = doc.party_email or (
        customer_email(customer_id=doc.party_customer_id) if doc.party_customer_id else ""
    )
    notice = register_document(
        actor=actor,
        series=notice_type.default_series or doc.series,
        doc_type=notice_type,
        direction=Direction.OUT,
        title=_("Extension of the deadline: %(title)s") % {"title": doc.title},
        received_on=today,
        channel=Channel.EMAIL if to else Channel.POST,
        party_customer=doc.party_customer,
        party_name=doc.party_name,
        party_is_person=doc.party_is_person,
        party_email=doc.party_email,
        responsible_unit=doc.responsible_unit_id,
        responsible_user=actor,
        access=doc.access if doc.is_restricted else "public",
        ak_basis=doc.ak_basis if doc.is_restricted else "",
        ak_until=doc.ak_until if doc.is_restricted else None,
        reply_to=doc,
        link_kind=DocumentLink.Kind.NOTICE,
    )
    if to:
        language = _mail_language(doc)
        subject, body = mail_render(
            "registry/mail/extended",
            {"document": doc, "notice": notice, "reason": reason, "deadline": doc.deadline},
            language,
        )
        mail_queue(
            key=f"registry:{doc.pk}:extended",
            to=to,
            subject=subject,
            body=body,
            language=language,
        )
    doc.notice = notice  # for the caller's message
    return doc
