"""Registering a document: its number in the series, its deadline, its party, links and files."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record
from teenindus.core import worktime
from teenindus.core.exceptions import ConflictError, PermissionDeniedError, ValidationFailed
from teenindus.registry.deadlines import deadline_for, registration_due
from teenindus.registry.models import (
    Access,
    Channel,
    Direction,
    Document,
    DocumentLink,
    DocumentType,
    Series,
)
from teenindus.registry.moves import MOVES, WAITING, State
from teenindus.registry.numbering import number_format, number_next
from teenindus.registry.search import document_index
from teenindus.registry.services.common import document_lock, document_save
from teenindus.registry.services.files import file_check, file_store

TITLE_MAX = 300
OLDEST_YEARS = 10  # a document received longer ago than this is a typing error
AK_BASIS_MAX = 200


def _pk(value) -> int | None:
    return getattr(value, "pk", value)


def access_check(
    access: str, ak_basis: str, ak_until: date | None, *, today: date
) -> tuple[str, str, date | None]:
    """(access, basis, end date) of a valid restriction; ValidationFailed otherwise."""
    if access not in Access.values:
        raise ValidationFailed(
            _("Choose whether the document is public or for internal use."), field="access"
        )
    if access == Access.PUBLIC:
        return access, "", None
    ak_basis = (ak_basis or "").strip()
    if not ak_basis or len(ak_basis) > AK_BASIS_MAX:
        raise ValidationFailed(
            _("A document for internal use needs the legal basis of the restriction."), field="ak_basis"
        )
    if ak_until is None:
        raise ValidationFailed(
            _("A document for internal use needs the date the restriction ends."), field="ak_until"
        )
    if ak_until <= today:
        raise ValidationFailed(_("The restriction must end after today."), field="ak_until")
    return access, ak_basis, ak_until


def responsible_check(unit, user):
    """The responsible unit and person as rows (None when not given); ValidationFailed for an id
    that names none."""
    from django.contrib.auth import get_user_model

    from teenindus.org.models import Unit

    found_unit = found_user = None
    if unit is not None:
        found_unit = unit if isinstance(unit, Unit) else Unit.objects.filter(pk=unit).first()
        if found_unit is None:
            raise ValidationFailed(_("No such unit."), field="responsible_unit")
    if user is not None:
        model = get_user_model()
        found_user = (
            user if isinstance(user, model) else model.objects.filter(pk=user, is_active=True).first()
        )
        if found_user is None:
            raise ValidationFailed(_("No such person."), field="responsible_user")
    return found_unit, found_user


def _registrar(actor):
    """The actor as a person who can answer for a document (None for the system)."""
    from django.contrib.auth import get_user_model

    model = get_user_model()
    return actor if isinstance(actor, model) and actor.pk and actor.is_active else None


def _party(party_customer, party_name: str, party_is_person: bool, party_email: str):
    from teenindus.customers.models import Customer

    party_name = (party_name or "").strip()[:255]
    customer = None
    if party_customer is not None:
        customer = Customer.objects.filter(pk=_pk(party_customer)).first()
        if customer is None:
            raise ValidationFailed(_("No such customer."), field="party_customer")
        party_name = ""
        party_is_person = customer.kind == Customer.Kind.PERSON
    elif not party_name:
        raise ValidationFailed(_("Give the sender or the recipient."), field="party_name")
    party_email = (party_email or "").strip()
    if party_email:
        try:
            validate_email(party_email)
        except ValidationError as exc:
            raise ValidationFailed(_("Enter a valid e-mail address."), field="party_email") from exc
    return customer, party_name, bool(party_is_person), party_email


REGISTER = "registry.add_document"


@transaction.atomic
def document_register(*, actor, **fields) -> Document:
    """Register an incoming or outgoing document (see `register_document`): for those who register
    documents (info specialists, team leads)."""
    if not actor.has_perm(REGISTER):
        raise PermissionDeniedError(_("You may not register documents."))
    return register_document(actor=actor, **fields)


@transaction.atomic
def register_document(
    *,
    actor,
    series,
    doc_type,
    direction: str,
    title: str,
    received_on: date,
    channel: str,
    party_customer=None,
    party_name: str = "",
    party_is_person: bool = True,
    party_email: str = "",
    sender_date: date | None = None,
    sender_reference: str = "",
    responsible_unit=None,
    responsible_user=None,
    access: str = Access.PUBLIC,
    ak_basis: str = "",
    ak_until: date | None = None,
    deadline: date | None = None,
    reply_to=None,
    files=(),
    link_kind: str = DocumentLink.Kind.REPLY,
) -> Document:
    """Register an incoming or outgoing document: the next number of its series, the reply
    deadline of its type (an explicit `deadline` overrides it), flagged late when registered after
    the working day after `received_on`. `reply_to`: the document this one answers (marked
    answered) or, with another `link_kind`, is about. `files`: (name, bytes) pairs.
    Nothing is saved when anything is wrong. The caller has checked that the actor may do it
    (document_register; a forwarding's reply) and runs it in its transaction."""
    now = timezone.now()
    today = timezone.localdate(now)
    series_obj = Series.objects.filter(pk=_pk(series), is_active=True).first()
    if series_obj is None:
        raise ValidationFailed(_("Choose the series."), field="series")
    type_obj = DocumentType.objects.filter(pk=_pk(doc_type), is_active=True).first()
    if type_obj is None:
        raise ValidationFailed(_("Choose the document type."), field="doc_type")
    if direction not in Direction.values:
        raise ValidationFailed(_("Choose incoming or outgoing."), field="direction")
    if type_obj.direction not in (DocumentType.Direction.BOTH, direction):
        raise ValidationFailed(_("A document of this type cannot go in this direction."), field="doc_type")
    title = " ".join((title or "").split())
    if not title or len(title) > TITLE_MAX:
        raise ValidationFailed(_("Give a title of up to 300 characters."), field="title")
    if received_on is None:
        raise ValidationFailed(_("Give the date the document arrived or was sent."), field="received_on")
    if received_on > today:
        raise ValidationFailed(_("The date cannot be in the future."), field="received_on")
    if received_on < today.replace(year=today.year - OLDEST_YEARS, day=min(today.day, 28)):
        raise ValidationFailed(
            _("The date is more than %(years)s years ago.") % {"years": OLDEST_YEARS}, field="received_on"
        )
    if sender_date is not None and sender_date > today:
        raise ValidationFailed(_("The date cannot be in the future."), field="sender_date")
    if channel not in Channel.values:
        raise ValidationFailed(_("Choose the channel."), field="channel")
    customer, party_name, party_is_person, party_email = _party(
        party_customer, party_name, party_is_person, party_email
    )
    access, ak_basis, ak_until = access_check(access, ak_basis, ak_until, today=today)
    responsible_unit, responsible_user = responsible_check(responsible_unit, responsible_user)
    if deadline is not None and deadline < received_on:
        raise ValidationFailed(_("The deadline cannot be before the document arrived."), field="deadline")
    if link_kind not in DocumentLink.Kind.values:
        raise ValueError(link_kind)
    checked_files = [(*file_check(name, data), data) for name, data in files]

    request = None
    if reply_to is not None:
        if not Document.objects.filter(pk=_pk(reply_to)).exists():
            raise ValidationFailed(_("No such document."), field="reply_to")
        request = document_lock(_pk(reply_to))

    cal = worktime.calendar_load()
    if deadline is None and direction == Direction.IN:
        deadline = deadline_for(type_obj, registered_on=today, received_on=received_on, cal=cal)
    if deadline is not None and responsible_unit is None and responsible_user is None:
        # A document with a deadline that nobody answers for would be on nobody's due list and
        # start page: the registrar answers for it until it is given to someone (forwarding,
        # editing the responsible person). The person, not their unit: a unit's list is read by
        # its lead only, while the registrar sees their own list every day.
        responsible_user = _registrar(actor)
    state = State.OPEN if direction == Direction.IN or deadline is not None else State.CLOSED
    year = today.year
    seq = number_next(series_obj.pk, year)
    doc = Document(
        series=series_obj,
        year=year,
        seq=seq,
        number=number_format(series_obj.pattern, series=series_obj.code, year=year, seq=seq),
        direction=direction,
        doc_type=type_obj,
        title=title,
        party_customer=customer,
        party_name=party_name,
        party_is_person=party_is_person,
        party_email=party_email,
        sender_date=sender_date,
        sender_reference=(sender_reference or "").strip()[:80],
        received_on=received_on,
        registered_at=now,
        registered_by=actor if getattr(actor, "pk", None) else None,
        registered_late=today > registration_due(received_on, cal=cal),
        channel=channel,
        responsible_unit=responsible_unit,
        responsible_user=responsible_user,
        deadline=deadline,
        state=state,
        closed_at=now if state == State.CLOSED else None,
        access=access,
        ak_basis=ak_basis,
        ak_until=ak_until,
    )
    document_index(doc)
    _document_insert(doc)
    for name, content_type, data in checked_files:
        file_store(doc, name=name, content_type=content_type, data=data, actor=actor, is_public=False)
    change_record(
        actor=actor,
        instance=doc,
        event="document.registered",
        changes={
            "number": [None, doc.number],
            "direction": [None, direction],
            "doc_type": [None, type_obj.code],
            "deadline": [None, str(deadline) if deadline else None],
            "access": [None, access],
            "registered_late": [None, doc.registered_late],
        },
    )
    if request is not None:
        DocumentLink.objects.create(from_document=doc, to_document=request, kind=link_kind)
        if link_kind == DocumentLink.Kind.REPLY:
            request_answered(request, reply=doc, actor=actor)
    return doc


def _document_insert(doc: Document) -> None:
    """Save the new document; a number some document already has (a series whose pattern was
    changed, numbers typed in from the old register) is a refusal, not a crash. The insert runs in
    a savepoint so that the caller's transaction stays usable (PostgreSQL aborts the whole
    transaction on a failed statement otherwise)."""
    try:
        with transaction.atomic():
            doc.save()
    except IntegrityError:
        if not Document.objects.filter(number=doc.number).exists():
            raise
        raise ConflictError(
            _(
                "The number %(number)s is already taken in the register: the series' numbering "
                "pattern gives a number that was given before. Ask the administrator to correct the "
                "series %(series)s."
            )
            % {"number": doc.number, "series": doc.series.code},
            field="series",
        ) from None


def request_answered(request: Document, *, reply: Document, actor) -> None:
    """A reply was registered to `request` (locked): it is answered on the reply's date."""
    changes = {"reply": [None, reply.number]}
    fields = []
    if request.replied_on is None or request.replied_on < reply.received_on:
        changes["replied_on"] = [
            str(request.replied_on) if request.replied_on else None,
            str(reply.received_on),
        ]
        request.replied_on = reply.received_on
        fields.append("replied_on")
    if request.state in WAITING and request.state in MOVES["answer"].sources:
        changes["state"] = [request.state, MOVES["answer"].target]
        request.state = MOVES["answer"].target
        fields.append("state")
    document_save(request, fields, actor=actor, event="document.answered", changes=changes)
