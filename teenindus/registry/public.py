"""Reads of the public view of the document register (AvTS § 12): no sign-in, nothing written.

What the public sees of a document is decided here once, for every page and the open data:
- a private person as the party only by initials (registry.search.party_public_name); a company
  in full;
- a document restricted to internal use (AK, until `ak_until` inclusive) with its registration
  data, the basis and end of its restriction, but neither its title nor its files; its title words
  do not find it;
- the restriction ends by itself: "restricted" is worked out from today's date at every read.

Word search uses the stored stems (registry.search): `public_stems` always, `title_stems` only of
an effectively public document. On PostgreSQL a GIN index on each (migration 0003_public_search)
reads a rare word's matches; a common word is found walking the newest documents (see WINDOW);
several words are read through the indexes in the newest documents first (a BitmapAnd with the
registration date's index) or, each rare enough, with their bitmaps ANDed (see _page_ids);
elsewhere LIKE on the " stem" stored form.
"""

import re
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import BooleanField, Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import pgettext

from teenindus.core.exceptions import NotFound
from teenindus.core.localtime import local_day_bounds, local_midnight
from teenindus.registry.models import Access, Direction, Document, DocumentFile, DocumentType
from teenindus.registry.search import party_public_name, stem_words

PAGE_SIZE = 20  # the HTML list
DATA_PAGE_SIZE = 100  # the open data, by default
DATA_PAGE_MAX = 1000  # the open data's largest page
MAX_WORDS = 8  # words of a query that count

# The indexed expressions (0003_public_search); a query must repeat them exactly to use the indexes.
PUBLIC_VECTOR = 'to_tsvector(\'simple\'::regconfig, "registry_document"."public_stems")'
TITLE_VECTOR = 'to_tsvector(\'simple\'::regconfig, "registry_document"."title_stems")'
READABLE_SQL = '("registry_document"."access" = \'public\' OR "registry_document"."ak_until" < %s)'
PUBLIC_STEMS = '"registry_document"."public_stems"'
TITLE_STEMS = '"registry_document"."title_stems"'
# A word search first walks the newest WINDOW documents (of the dates asked) backwards, testing
# each row's stored stems with LIKE, and stops when a page is full: a common word costs a few rows.
# A page not filled there means a rarer word: its matches are then read through the GIN indexes
# and sorted (a bitmap scan, cheap for few matches). The planner is told which plan to take:
# its estimates of prefix matches are far off, and a wrong choice costs seconds.
WINDOW = 10_000
SAMPLE = 2_000  # the newest documents in which several words' matches are counted to find the rarest
ROW_COST = 8  # a heap row read costs about as much as this many matches of a GIN bitmap
RANGE = 2  # several words: the range read first holds RANGE times the documents a page needs ...
RANGE_MAX = 40  # ... unless that is this many windows or more (then the whole index is read)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CURSOR = re.compile(r"^(\d{1,20})-(\d{1,18})$")  # a pk fits a bigint


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


def _like(root: str) -> str:
    return "% " + root.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%"


def _where_words(roots: list[str], party_roots: list[str], today: date, *, indexed: bool):
    """SQL conditions and parameters: every root in the public stems, or in the title's stems of a
    document the public may read in full; every party root in the public stems. `indexed`: by the
    GIN indexes (tsquery prefix match), else by LIKE on the stored " stem" form."""
    where, params = [], []
    for root in roots:
        if indexed:
            where.append(
                f"({PUBLIC_VECTOR} @@ to_tsquery('simple'::regconfig, %s)"
                f" OR ({TITLE_VECTOR} @@ to_tsquery('simple'::regconfig, %s) AND {READABLE_SQL}))"
            )
            params += [f"'{root}':*", f"'{root}':*", today]
        else:
            where.append(f"({PUBLIC_STEMS} LIKE %s OR ({TITLE_STEMS} LIKE %s AND {READABLE_SQL}))")
            params += [_like(root), _like(root), today]
    for root in party_roots:
        if indexed:
            where.append(f"{PUBLIC_VECTOR} @@ to_tsquery('simple'::regconfig, %s)")
            params.append(f"'{root}':*")
        else:
            where.append(f"{PUBLIC_STEMS} LIKE %s")
            params.append(_like(root))
    return where, params


def _setting(kind: str) -> str:
    return "jit" if kind == "jit" else f"enable_{kind}"


@contextmanager
def _plan(*disabled: str):
    """Within a transaction, the planner without the given plan kinds (and without JIT, which costs
    more than it saves on these short queries) for the statements inside; restored after. One
    statement each way (set_config(..., true) is SET LOCAL)."""
    names = [_setting(kind) for kind in (*disabled, "jit")]
    with transaction.atomic():
        with connection.cursor() as cursor:
            # work_mem: a bitmap of many matches stays exact.
            cursor.execute(
                "SELECT set_config('work_mem', '32MB', true), "
                + ", ".join("set_config(%s, 'off', true)" for _name in names),
                names,
            )
        try:
            yield
        finally:
            with connection.cursor() as cursor:  # SET LOCAL ... TO DEFAULT
                cursor.execute(
                    "SELECT set_config(name, reset_val, true) FROM pg_settings WHERE name = ANY(%s)",
                    [[*names, "work_mem"]],
                )


def _ranked(window: QuerySet[Document], roots, party_roots, today) -> list[tuple[int, list, list]]:
    """Each word as (its matches in the window, [root], [party root]), the rarest first (a single
    word is not counted)."""
    terms = [([root], []) for root in roots] + [([], [root]) for root in party_roots]
    if len(terms) == 1:
        return [(0, *terms[0])]
    counts = {}
    for n, (word, party) in enumerate(terms):
        where, params = _where_words(word, party, today, indexed=False)
        counts[f"t{n}"] = Count("pk", filter=RawSQL(where[0], params, output_field=BooleanField()))
    with _plan("seqscan", "bitmapscan"):
        found = window.aggregate(**counts)
    return sorted(((found[f"t{n}"], *term) for n, term in enumerate(terms)), key=lambda t: t[0])


def _split(ranked, *, anded: bool):
    """The words the GIN indexes read: the rarest and, if `anded`, each other word rare enough that
    ANDing its bitmap costs less than the heap rows it spares (a bitmap costs about 1/ROW_COST of a
    heap row per match; the rows spared are the rarest word's matches lacking the word, the words
    taken as independent). The rest are tested on the rows read. ((index roots, index party
    roots), (other roots, other party roots))."""
    rarest = max(ranked[0][0], 1)
    index = ranked[:1] + [t for t in ranked[1:] if anded and t[0] < ROW_COST * rarest * (1 - t[0] / SAMPLE)]
    rest = [t for t in ranked if t not in index]

    def joined(picked):
        return [r for t in picked for r in t[1]], [r for t in picked for r in t[2]]

    return joined(index), joined(rest)


def _indexed_ids(documents, index, rest, today, limit, since=None):
    """Ids of the newest limit + 1 `documents` matching the words, those of `index` read through
    the GIN indexes, those of `rest` tested on the rows (`since`: only documents registered since)."""
    (index_roots, index_party), (other_roots, other_party) = index, rest
    where, params = _where_words(index_roots, index_party, today, indexed=True)
    other_where, other_params = _where_words(other_roots, other_party, today, indexed=False)
    matches = documents.extra(where=where + other_where, params=params + other_params)
    if since is not None:
        matches = matches.filter(registered_at__gte=since)
    with _plan("seqscan", "indexscan"):
        return list(matches.order_by("-registered_at", "-pk").values_list("pk", flat=True)[: limit + 1])


def _page_ids(documents: QuerySet[Document], dated: QuerySet[Document], roots, party_roots, today, limit):
    """Ids of the newest limit + 1 `documents` matching the words, on PostgreSQL (see WINDOW).
    `dated`: the documents within the dates asked (and before the cursor), for the window."""
    order = ("-registered_at", "-pk")
    where, params = _where_words(roots, party_roots, today, indexed=False)
    walked = documents.extra(where=where, params=params)
    newest = dated.order_by("-registered_at").values_list("registered_at", flat=True)
    edge = list(newest[WINDOW : WINDOW + 1])
    if edge:
        walked = walked.filter(registered_at__gte=edge[0])
    with _plan("seqscan", "bitmapscan"):
        ids = list(walked.order_by(*order).values_list("pk", flat=True)[: limit + 1])
    if len(ids) > limit or not edge:
        return ids
    # A rarer word: the GIN indexes read the matches of the rarest (and of the other words rare
    # enough), the rest is tested on them.
    several = len(roots) + len(party_roots) > 1
    sample = list(newest[SAMPLE : SAMPLE + 1]) if several else []
    window = documents.filter(registered_at__gte=sample[0]) if sample else documents
    ranked = _ranked(window, roots, party_roots, today)
    if several and ids:
        # Several words found in the window: their matches are about that dense further back too,
        # so the newest RANGE times the documents expected to fill a page are read first, the
        # rarest word through the GIN indexes ANDed with the registration date's index: few heap
        # rows read, the others tested on them.
        span = (limit + 1) * RANGE * WINDOW / len(ids)
        since = None
        if span < RANGE_MAX * WINDOW:
            top = newest.first()
            with suppress(OverflowError):  # before the year 1: the whole index
                since = top - (top - edge[0]) * (span / WINDOW)
        if since is not None:
            found = _indexed_ids(documents, *_split(ranked, anded=False), today, limit, since)
            if len(found) > limit:
                return found
    index, rest = _split(ranked, anded=True)
    return _indexed_ids(documents, index, rest, today, limit)


def _words_filter(documents: QuerySet[Document], roots: list[str], party_roots: list[str], today: date):
    """Any database but PostgreSQL (SQLite): LIKE on the stored " stem" form."""
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


def _dated(filters: PublicFilter, after: str) -> QuerySet[Document]:
    """The documents within the registration dates asked and before the cursor."""
    documents = Document.objects.all()
    if filters.registered_from:
        documents = documents.filter(registered_at__gte=local_midnight(filters.registered_from))
    if filters.registered_to:
        documents = documents.filter(registered_at__lt=local_day_bounds(filters.registered_to)[1])
    if after:
        at, pk = cursor_parse(after)
        documents = documents.filter(Q(registered_at__lt=at) | Q(registered_at=at, pk__lt=pk))
    return documents


def _filtered(documents: QuerySet[Document], filters: PublicFilter) -> QuerySet[Document]:
    """`documents` matching the filters other than words and dates."""
    if filters.number.strip():
        documents = documents.filter(number__startswith=filters.number.strip())
    if filters.doc_type_id:
        documents = documents.filter(doc_type_id=filters.doc_type_id)
    if filters.direction:
        documents = documents.filter(direction=filters.direction)
    return documents


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
    last row of the previous page), limit + 1 rows read (no total counted). BadCursor on a bad
    cursor."""
    today = timezone.localdate()
    dated = _dated(filters, after)
    documents = _filtered(dated, filters)
    roots, party_roots = _roots(filters.words), _roots(filters.party)
    if (roots or party_roots) and connection.vendor == "postgresql":
        ids = _page_ids(documents, dated, roots, party_roots, today, limit)
        documents = Document.objects.filter(pk__in=ids)
    else:
        documents = _words_filter(documents, roots, party_roots, today)
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
