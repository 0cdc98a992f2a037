"""Reads of the register. Whose documents a user sees is decided in registry/scope.py from the
user alone. A document may name a customer: every read that returns one writes the access log."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teenindus.audit.context import AccessContext
from teenindus.audit.models import ChangeEvent
from teenindus.audit.services import access_log_record
from teenindus.core.exceptions import NotFound
from teenindus.org.models import Unit
from teenindus.registry.models import Document, DocumentFile, DocumentLink, DocumentType, Forwarding, Series
from teenindus.registry.moves import MOVES, STATE_CHOICES, WAITING, moves_from
from teenindus.registry.scope import (
    CHANGE,
    OVERSEE,
    VIEW,
    WORK,
    documents_scope,
    overseen_unit_ids,
    user_unit_ids,
)

DUE_AHEAD_DAYS = 3  # "due soon": a deadline within this many calendar days


def may_read_register(user) -> bool:
    return user.has_perm(VIEW) or user.has_perm(WORK)


def documents_visible(*, user) -> QuerySet[Document]:
    return documents_scope(user, Document.objects.all())


def _log(ctx: AccessContext, documents, action: str) -> None:
    ids = [d.party_customer_id for d in documents if d.party_customer_id]
    if ids:
        access_log_record(ctx=ctx, customer_ids=ids, action=action)


def _rows(documents: QuerySet[Document]) -> QuerySet[Document]:
    return documents.select_related(
        "series", "doc_type", "party_customer", "responsible_unit", "responsible_user"
    ).defer("public_stems", "title_stems", "extension_reason")


def document_get(*, ctx: AccessContext, document_id: int) -> Document:
    """One document the user may see, with its party (logged). NotFound otherwise: a document
    outside the user's scope is not told apart from one that does not exist."""
    doc = (
        documents_visible(user=ctx.actor)
        .select_related(
            "series",
            "doc_type",
            "party_customer",
            "responsible_unit",
            "responsible_user",
            "registered_by",
            "extended_by",
            "ticket",
        )
        .filter(pk=document_id)
        .first()
    )
    if doc is None:
        raise NotFound(_("No such document."), field="document")
    _log(ctx, [doc], "document")
    return doc


@dataclass(frozen=True)
class FileGroup:
    name: str
    latest: DocumentFile
    older: list[DocumentFile]


def document_files(*, document: Document) -> list[FileGroup]:
    """The document's files by name, the latest version first (contents not loaded)."""
    groups: dict[str, list[DocumentFile]] = {}
    for stored in document.files.defer("content").select_related("uploaded_by").order_by("name", "-version"):
        groups.setdefault(stored.name, []).append(stored)
    return [FileGroup(name, versions[0], versions[1:]) for name, versions in groups.items()]


def document_file_get(*, ctx: AccessContext, document_id: int, file_id: int) -> DocumentFile:
    """A file of a document the user may see (the document's party logged)."""
    doc = document_get(ctx=ctx, document_id=document_id)
    stored = DocumentFile.objects.filter(document=doc, pk=file_id).first()
    if stored is None:
        raise NotFound(_("No such file."), field="file")
    return stored


@dataclass(frozen=True)
class LinkShown:
    kind: str  # "reply" / "notice" / "related"
    outgoing: bool  # this document refers to the other one
    other: Document


def document_links(*, ctx: AccessContext, document: Document) -> list[LinkShown]:
    """Documents this one refers to and those referring to it (their parties logged), among those
    the user may see."""
    visible = documents_visible(user=ctx.actor)
    out = [
        LinkShown(link.kind, True, link.to_document)
        for link in DocumentLink.objects.filter(
            from_document=document, to_document__in=visible
        ).select_related("to_document", "to_document__party_customer")
    ] + [
        LinkShown(link.kind, False, link.from_document)
        for link in DocumentLink.objects.filter(
            to_document=document, from_document__in=visible
        ).select_related("from_document", "from_document__party_customer")
    ]
    _log(ctx, [link.other for link in out], "document_links")
    return out


def document_forwardings(*, document: Document) -> list[Forwarding]:
    return list(
        document.forwardings.select_related("to_unit", "to_user", "by", "closed_by", "reply").order_by(
            "created_at"
        )
    )


EVENT_LABELS = {
    "document.registered": gettext_lazy("Registered"),
    "document.updated": gettext_lazy("Edited"),
    "document.restricted": gettext_lazy("Access changed"),
    "document.extended": gettext_lazy("Deadline extended"),
    "document.answered": gettext_lazy("Answered"),
    "document.forwarded": gettext_lazy("Forwarded"),
    "document.file_added": gettext_lazy("File added"),
    "document.to_ticket": gettext_lazy("Sent to second level as a ticket"),
    "document.close": gettext_lazy("Closed"),
    "document.reopen": gettext_lazy("Reopened"),
}


@dataclass(frozen=True)
class HistoryEntry:
    at: object
    actor: object
    what: str
    changes: list[tuple[str, str, str]]


def document_history(*, document: Document) -> list[HistoryEntry]:
    """The document's changes, oldest first: who, when, what, old → new."""
    labels = dict(STATE_CHOICES)
    events = (
        ChangeEvent.objects.filter(entity=Document._meta.label, entity_id=str(document.pk))
        .select_related("actor")
        .order_by("at", "pk")
    )
    return [
        HistoryEntry(
            event.at,
            event.actor,
            str(EVENT_LABELS.get(event.event, event.event)),
            [
                (
                    field,
                    str(labels.get(old, old)) if old not in (None, "") else "—",
                    str(labels.get(new, new)) if new not in (None, "") else "—",
                )
                for field, (old, new) in event.changes.items()
            ],
        )
        for event in events
    ]


def moves_allowed(*, user, document: Document) -> list[str]:
    return moves_from(document.state) if user.has_perm("registry.change_document") else []


def move_label(name: str) -> str:
    return str(MOVES[name].label)


@dataclass(frozen=True)
class DocumentFilter:
    number: str = ""
    doc_type_id: int | None = None
    series_id: int | None = None
    party: str = ""
    state: str = ""  # a state, or "" (any)
    unit_id: int | None = None
    user_id: int | None = None
    direction: str = ""
    due: str = ""  # "overdue", "soon" (due within DUE_AHEAD_DAYS), "" (any)
    registered_from: date | None = None
    registered_to: date | None = None
    customer_id: int | None = None


def _filtered(documents: QuerySet[Document], filters: DocumentFilter) -> QuerySet[Document]:
    if filters.number:
        documents = documents.filter(number__icontains=filters.number.strip())
    for field in ("doc_type_id", "series_id", "user_id", "unit_id", "customer_id"):
        value = getattr(filters, field)
        if value is not None:
            column = {
                "user_id": "responsible_user_id",
                "unit_id": "responsible_unit_id",
                "customer_id": "party_customer_id",
            }.get(field, field)
            documents = documents.filter(**{column: value})
    if filters.party:
        text = filters.party.strip()
        documents = documents.filter(Q(party_name__icontains=text) | Q(party_customer__name__icontains=text))
    if filters.state:
        documents = documents.filter(state=filters.state)
    if filters.direction:
        documents = documents.filter(direction=filters.direction)
    today = timezone.localdate()
    if filters.due == "overdue":
        documents = documents.filter(state__in=sorted(WAITING), deadline__lt=today)
    elif filters.due == "soon":
        documents = documents.filter(
            state__in=sorted(WAITING),
            deadline__gte=today,
            deadline__lte=today + timedelta(days=DUE_AHEAD_DAYS),
        )
    if filters.registered_from:
        documents = documents.filter(registered_at__date__gte=filters.registered_from)
    if filters.registered_to:
        documents = documents.filter(registered_at__date__lte=filters.registered_to)
    return documents


def documents_list(
    *, ctx: AccessContext, filters: DocumentFilter, limit: int = 100, offset: int = 0
) -> tuple[list[Document], int]:
    """The user's visible documents matching the filters, the latest registered first, and how many
    match. The parties shown are logged."""
    documents = _filtered(documents_visible(user=ctx.actor), filters)
    total = documents.count()
    ordering = ("deadline", "pk") if filters.due else ("-registered_at", "-pk")
    rows = list(_rows(documents).order_by(*ordering)[offset : offset + limit])
    _log(ctx, rows, "documents")
    return rows, total


@dataclass
class DueLists:
    overdue: list[Document]
    soon: list[Document]
    forwardings: list[Forwarding]
    overdue_total: int = 0
    soon_total: int = 0
    forwardings_total: int = 0


def _due_lists(
    ctx: AccessContext, documents: QuerySet[Document], forwardings: QuerySet[Forwarding], limit: int
):
    today = timezone.localdate()
    waiting = documents.filter(state__in=sorted(WAITING), deadline__isnull=False)
    overdue_q = waiting.filter(deadline__lt=today)
    soon_q = waiting.filter(deadline__gte=today, deadline__lte=today + timedelta(days=DUE_AHEAD_DAYS))
    overdue = list(_rows(overdue_q).order_by("deadline", "pk")[:limit])
    soon = list(_rows(soon_q).order_by("deadline", "pk")[:limit])
    open_forwardings = forwardings.filter(state=Forwarding.State.OPEN)
    shown_forwardings = list(
        open_forwardings.select_related(
            "document", "document__party_customer", "document__doc_type", "to_unit", "to_user", "by"
        ).order_by("due", "pk")[:limit]
    )
    _log(ctx, overdue + soon + [f.document for f in shown_forwardings], "documents_due")
    return DueLists(
        overdue=overdue,
        soon=soon,
        forwardings=shown_forwardings,
        overdue_total=len(overdue) if len(overdue) < limit else overdue_q.count(),
        soon_total=len(soon) if len(soon) < limit else soon_q.count(),
        forwardings_total=len(shown_forwardings)
        if len(shown_forwardings) < limit
        else open_forwardings.count(),
    )


def documents_due_mine(*, ctx: AccessContext, limit: int = 100) -> DueLists:
    """ "Minu dokumendid": the user's documents past or near their deadline, and what is forwarded
    to them (or their unit) and still open."""
    user = ctx.actor
    units = sorted(user_unit_ids(user))
    forwardings = Forwarding.objects.filter(Q(to_user=user) | Q(to_unit_id__in=units))
    if not (user.has_perm(WORK) or user.has_perm(CHANGE)):
        # The same rule as answering one (services.forwarding.may_work_forwarding): a reader of
        # the register in that unit is not offered what they may not answer.
        forwardings = Forwarding.objects.none()
    return _due_lists(ctx, Document.objects.filter(responsible_user=user), forwardings, limit)


def units_overseen(*, user) -> list[Unit]:
    return list(Unit.objects.filter(pk__in=overseen_unit_ids(user)).order_by("name"))


def documents_due_unit(*, ctx: AccessContext, unit_id: int, limit: int = 100) -> DueLists:
    """A unit's documents past or near their deadline and its open forwardings: for its lead (the
    units of their positions and those below), and for those who see the whole register."""
    user = ctx.actor
    if unit_id not in overseen_unit_ids(user) and not (user.has_perm(OVERSEE) and user.has_perm(VIEW)):
        raise NotFound(_("No such unit."), field="unit")
    if not Unit.objects.filter(pk=unit_id).exists():
        raise NotFound(_("No such unit."), field="unit")
    return _due_lists(
        ctx,
        Document.objects.filter(responsible_unit_id=unit_id),
        Forwarding.objects.filter(to_unit_id=unit_id),
        limit,
    )


def forwarding_get(*, ctx: AccessContext, forwarding_id: int) -> Forwarding:
    """An open or closed forwarding the user may work on (its document's party logged)."""
    from teenindus.registry.services.forwarding import may_work_forwarding

    forwarding = (
        Forwarding.objects.select_related(
            "document", "document__party_customer", "document__series", "to_unit", "to_user"
        )
        .filter(pk=forwarding_id)
        .first()
    )
    if forwarding is None or not may_work_forwarding(user=ctx.actor, forwarding=forwarding):
        raise NotFound(_("No such forwarding."), field="forwarding")
    _log(ctx, [forwarding.document], "forwarding")
    return forwarding


def series_active() -> QuerySet[Series]:
    return Series.objects.filter(is_active=True).order_by("code")


def types_active(*, direction: str = "") -> QuerySet[DocumentType]:
    types = DocumentType.objects.filter(is_active=True)
    if direction:
        types = types.filter(direction__in=[direction, DocumentType.Direction.BOTH])
    return types.order_by("name")


def units_all() -> QuerySet[Unit]:
    return Unit.objects.order_by("name")
