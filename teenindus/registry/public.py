"""Reads of the public view of the document register (AvTS § 12): no sign-in, nothing written.

What the public sees of a document is decided here once, for every page and the open data:
- a private person as the party only by initials (registry.search.party_public_name); a company
  in full;
- a document restricted to internal use (AK, until `ak_until` inclusive) with its registration
  data, the basis and end of its restriction, but neither its title nor its files; its title words
  do not find it;
- the restriction ends by itself: "restricted" is worked out from today's date at every read.

Word search uses the stored stems (registry.search): `public_stems` always, `title_stems` only of
an effectively public document. On PostgreSQL one GIN index over both, weighted A (public) and B
(title) (migration 0003_public_search), answers `words:AB` and a restricted document must also
match `words:A`; elsewhere LIKE on the " stem" stored form.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import pgettext

from teenindus.core.exceptions import NotFound
from teenindus.registry.models import Access, Direction, Document, DocumentFile, DocumentType
from teenindus.registry.search import party_public_name, stem_words

PAGE_SIZE = 20  # the HTML list
DATA_PAGE_SIZE = 100  # the open data, by default
DATA_PAGE_MAX = 1000  # the open data's largest page
MAX_WORDS = 8  # words of a query that count

# The indexed expression (0003_public_search); a query must repeat it exactly to use the index.
WORDS_VECTOR = (
    "(setweight(to_tsvector('simple'::regconfig, \"registry_document\".\"public_stems\"), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, \"registry_document\".\"title_stems\"), 'B'))"
)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CURSOR = re.compile(r"^(\d{1,20})-(\d{1,20})$")


@dataclass(frozen=True)
class PublicFilter:
    words: str = ""  # title (of a public document), number, type, series, party
    number: str = ""  # the registration number or its beginning
    doc_type_id: int | None = None
    direction: str = ""
    party: str = ""  # words of the party's public name
    registered_from: date | None = None
    registered_to: date | None = None

    @property
    def is_empty(self) -> bool:
        return self == PublicFilter()


@dataclass(frozen=True)
class PublicFile:
    id: int
    name: str
    version: int
    size: int
    kind: str
    uploaded_at: datetime


@dataclass(frozen=True)
class PublicFileGroup:
    name: str
    latest: PublicFile
    older: list[PublicFile]


@dataclass(frozen=True)
class PublicDocument:
    id: int
    number: str
    registered_at: datetime
    received_on: date
    sender_date: date | None
    doc_type: str
    direction: str
    direction_label: str
    series: str
    party: str
    title: str | None  # None while restricted
    restricted: bool
    ak_basis: str  # "" unless restricted
    ak_until: date | None  # None unless restricted
    deadline: date | None
    replied_on: date | None
    unit: str
    files: list[PublicFileGroup] = field(default_factory=list)

    @property
    def cursor(self) -> str:
        return cursor_of(self.registered_at, self.id)


class BadCursor(ValueError):
    pass


def cursor_of(registered_at: datetime, pk: int) -> str:
    return f"{(registered_at - EPOCH) // timedelta(microseconds=1)}-{pk}"


def cursor_parse(text: str) -> tuple[datetime, int]:
    """(registered_at, pk) of a cursor from cursor_of; BadCursor when it is not one."""
    found = _CURSOR.match(text or "")
    if not found:
        raise BadCursor(text)
    try:
        return EPOCH + timedelta(microseconds=int(found[1])), int(found[2])
    except OverflowError:
        raise BadCursor(text) from None


def effectively_public(today: date | None = None) -> Q:
    """Documents the public may read in full today: public, or restricted until a day now past."""
    today = today or timezone.localdate()
    return Q(access=Access.PUBLIC) | Q(ak_until__lt=today)


def is_restricted(doc: Document, today: date) -> bool:
    return doc.access == Access.AK and (doc.ak_until is None or doc.ak_until >= today)


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _tsquery(roots: list[str], weights: str) -> str:
    # Roots are made of \w characters only (registry.search._WORD): nothing to escape.
    return " & ".join(f"'{root}':*{weights}" for root in roots)


def _words_filter(documents: QuerySet[Document], roots: list[str], party_roots: list[str], today: date):
    if not roots and not party_roots:
        return documents
    if connection.vendor == "postgresql":
        anywhere = _tsquery(roots, "AB")
        public_only = _tsquery(roots, "A")
        party = _tsquery(party_roots, "A")
        both = " & ".join(part for part in (anywhere, party) if part)
        where = [f"{WORDS_VECTOR} @@ to_tsquery('simple'::regconfig, %s)"]
        params = [both]
        if roots:
            # A restricted document's title words do not count: each word must be public then.
            where.append(
                '("registry_document"."access" = \'public\' OR "registry_document"."ak_until" < %s'
                f" OR {WORDS_VECTOR} @@ to_tsquery('simple'::regconfig, %s))"
            )
            params += [today, " & ".join(part for part in (public_only, party) if part)]
        return documents.extra(where=where, params=params)
    title_allowed = effectively_public(today)
    for root in roots:
        documents = documents.filter(
            Q(public_stems__contains=f" {root}") | (title_allowed & Q(title_stems__contains=f" {root}"))
        )
    for root in party_roots:
        documents = documents.filter(public_stems__contains=f" {root}")
    return documents


def _roots(text: str) -> list[str]:
    return list(dict.fromkeys(stem_words(text)))[:MAX_WORDS]


def _filtered(filters: PublicFilter, today: date) -> QuerySet[Document]:
    documents = Document.objects.all()
    if filters.number.strip():
        documents = documents.filter(number__startswith=filters.number.strip())
    if filters.doc_type_id:
        documents = documents.filter(doc_type_id=filters.doc_type_id)
    if filters.direction:
        documents = documents.filter(direction=filters.direction)
    if filters.registered_from:
        documents = documents.filter(registered_at__gte=_local_midnight(filters.registered_from))
    if filters.registered_to:
        documents = documents.filter(
            registered_at__lt=_local_midnight(filters.registered_to + timedelta(days=1))
        )
    return _words_filter(documents, _roots(filters.words), _roots(filters.party), today)


_COLUMNS = (
    "id",
    "number",
    "registered_at",
    "received_on",
    "sender_date",
    "direction",
    "title",
    "access",
    "ak_basis",
    "ak_until",
    "deadline",
    "replied_on",
    "party_name",
    "party_is_person",
    "doc_type__name",
    "series__code",
    "series__name",
    "party_customer__name",
    "party_customer__kind",
    "responsible_unit__name",
)


def _shown(doc: Document, today: date) -> PublicDocument:
    restricted = is_restricted(doc, today)
    return PublicDocument(
        id=doc.pk,
        number=doc.number,
        registered_at=doc.registered_at,
        received_on=doc.received_on,
        sender_date=doc.sender_date,
        doc_type=doc.doc_type.name,
        direction=doc.direction,
        direction_label=str(Direction(doc.direction).label),
        series=f"{doc.series.code} {doc.series.name}",
        party=party_public_name(doc),
        title=None if restricted else doc.title,
        restricted=restricted,
        ak_basis=doc.ak_basis if restricted else "",
        ak_until=doc.ak_until if restricted else None,
        deadline=doc.deadline,
        replied_on=doc.replied_on,
        unit=doc.responsible_unit.name if doc.responsible_unit_id else "",
    )


@dataclass(frozen=True)
class PublicPage:
    documents: list[PublicDocument]
    next_cursor: str | None


def public_documents(*, filters: PublicFilter, after: str = "", limit: int = PAGE_SIZE) -> PublicPage:
    """A page of the register as the public sees it, newest first, after the cursor `after` (the
    last row of the previous page). One query of limit + 1 rows; no count. BadCursor on a bad
    cursor."""
    today = timezone.localdate()
    documents = _filtered(filters, today)
    if after:
        at, pk = cursor_parse(after)
        documents = documents.filter(Q(registered_at__lt=at) | Q(registered_at=at, pk__lt=pk))
    rows = list(
        documents.select_related("doc_type", "series", "party_customer", "responsible_unit")
        .only(*_COLUMNS)
        .order_by("-registered_at", "-pk")[: limit + 1]
    )
    shown = [_shown(doc, today) for doc in rows[:limit]]
    return PublicPage(shown, shown[-1].cursor if len(rows) > limit else None)


def _files_of(document_ids: list[int], today: date) -> dict[int, list[PublicFileGroup]]:
    """The public files of effectively public documents among `document_ids`, by name, the latest
    version first (contents not loaded)."""
    stored = (
        DocumentFile.objects.filter(document_id__in=document_ids, is_public=True)
        .filter(Q(document__access=Access.PUBLIC) | Q(document__ak_until__lt=today))
        .only("id", "document_id", "name", "version", "size", "kind", "uploaded_at")
        .order_by("document_id", "name", "-version")
    )
    grouped: dict[int, dict[str, list[PublicFile]]] = {}
    for row in stored:
        grouped.setdefault(row.document_id, {}).setdefault(row.name, []).append(
            PublicFile(row.pk, row.name, row.version, row.size, row.kind, row.uploaded_at)
        )
    return {
        doc_id: [PublicFileGroup(name, versions[0], versions[1:]) for name, versions in names.items()]
        for doc_id, names in grouped.items()
    }


def public_files_attach(documents: list[PublicDocument]) -> list[PublicDocument]:
    """The documents with their public files (one query for them all)."""
    files = _files_of([doc.id for doc in documents if not doc.restricted], timezone.localdate())
    for doc in documents:
        doc.files.extend(files.get(doc.id, []))
    return documents


def public_document_get(*, document_id: int) -> PublicDocument:
    today = timezone.localdate()
    doc = (
        Document.objects.filter(pk=document_id)
        .select_related("doc_type", "series", "party_customer", "responsible_unit")
        .only(*_COLUMNS)
        .first()
    )
    if doc is None:
        raise NotFound(pgettext("public register", "No such document."), field="document")
    return public_files_attach([_shown(doc, today)])[0]


def public_file_get(*, document_id: int, file_id: int) -> DocumentFile:
    """A public file of an effectively public document, with its content; NotFound otherwise (a
    restricted document's file is not told apart from one that does not exist)."""
    stored = (
        DocumentFile.objects.filter(pk=file_id, document_id=document_id, is_public=True)
        .filter(Q(document__access=Access.PUBLIC) | Q(document__ak_until__lt=timezone.localdate()))
        .first()
    )
    if stored is None:
        raise NotFound(pgettext("public register", "No such file."), field="file")
    return stored


def public_types() -> list[DocumentType]:
    return list(DocumentType.objects.only("id", "name").order_by("name"))
