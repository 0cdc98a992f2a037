"""The register over the API: list with filters, get, register, add a file, extend, restrict —
the same services and selectors as the pages (the parties shown are logged)."""

import re
from datetime import date, datetime
from typing import Annotated, Literal

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from teenindus.accounts.api_auth import require_perm
from teenindus.audit.http import access_context
from teenindus.core.exceptions import ValidationFailed
from teenindus.registry import selectors
from teenindus.registry.models import Document
from teenindus.registry.selectors import DocumentFilter
from teenindus.registry.services import files as file_services
from teenindus.registry.services import register as register_services
from teenindus.registry.services import work
from teenindus.registry.views import PURPOSE_REGISTER

router = Router(tags=["registry"])

Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


def _iso_date(value):
    """A date only as YYYY-MM-DD (pydantic would take a number as a Unix time)."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_parsing", "Input should be a date as YYYY-MM-DD")
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Channel = Literal["post", "email", "portal", "desk", "other"]


class DocumentIn(Schema):
    series_id: Id
    doc_type_id: Id
    direction: Literal["in", "out"]
    title: str = Field(max_length=300)
    received_on: IsoDate
    channel: Channel
    party_customer_id: Id | None = None
    party_name: str = Field("", max_length=255)
    party_is_person: bool = True
    party_email: str = Field("", max_length=254)
    sender_date: IsoDate | None = None
    sender_reference: str = Field("", max_length=80)
    responsible_unit_id: Id | None = None
    responsible_user_id: Id | None = None
    access: Literal["public", "ak"] = "public"
    ak_basis: str = Field("", max_length=200)
    ak_until: IsoDate | None = None
    deadline: IsoDate | None = None
    reply_to_id: Id | None = None


class FileOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    sha256: str
    version: int
    is_public: bool


class DocumentOut(Schema):
    id: int
    number: str
    series: str
    direction: str
    doc_type: str
    doc_type_id: int
    title: str
    party_customer_id: int | None
    party_name: str
    party_is_person: bool
    party_email: str
    sender_date: date | None
    sender_reference: str
    received_on: date
    registered_at: datetime
    registered_late: bool
    channel: str
    responsible_unit_id: int | None
    responsible_user_id: int | None
    deadline: date | None
    extended_at: datetime | None
    extension_reason: str
    replied_on: date | None
    state: str
    access: str
    ak_basis: str
    ak_until: date | None
    ticket_id: int | None
    version: int
    overdue: bool


class DocumentList(Schema):
    count: int
    results: list[DocumentOut]


class ListQuery(Schema):
    number: str = Field("", max_length=80)
    doc_type_id: Id | None = None
    series_id: Id | None = None
    party: str = Field("", max_length=120)
    state: Literal["", "open", "answered", "closed"] = ""
    unit_id: Id | None = None
    user_id: Id | None = None
    customer_id: Id | None = None
    direction: Literal["", "in", "out"] = ""
    due: Literal["", "overdue", "soon"] = ""
    registered_from: IsoDate | None = None
    registered_to: IsoDate | None = None
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)


class ExtendIn(Schema):
    version: int = Field(ge=0, le=2**31 - 1)
    reason: str = Field(max_length=2000)


class RestrictIn(Schema):
    version: int = Field(ge=0, le=2**31 - 1)
    access: Literal["public", "ak"]
    ak_basis: str = Field("", max_length=200)
    ak_until: IsoDate | None = None


def _out(doc: Document) -> DocumentOut:
    party_name = doc.party_customer.name if doc.party_customer_id else doc.party_name
    return DocumentOut(
        id=doc.pk,
        number=doc.number,
        series=doc.series.code,
        direction=doc.direction,
        doc_type=doc.doc_type.name,
        doc_type_id=doc.doc_type_id,
        title=doc.title,
        party_customer_id=doc.party_customer_id,
        party_name=party_name,
        party_is_person=doc.party_is_person,
        party_email=doc.party_email,
        sender_date=doc.sender_date,
        sender_reference=doc.sender_reference,
        received_on=doc.received_on,
        registered_at=doc.registered_at,
        registered_late=doc.registered_late,
        channel=doc.channel,
        responsible_unit_id=doc.responsible_unit_id,
        responsible_user_id=doc.responsible_user_id,
        deadline=doc.deadline,
        extended_at=doc.extended_at,
        extension_reason=doc.extension_reason if "extension_reason" not in doc.get_deferred_fields() else "",
        replied_on=doc.replied_on,
        state=doc.state,
        access=doc.access,
        ak_basis=doc.ak_basis,
        ak_until=doc.ak_until,
        ticket_id=doc.ticket_id,
        version=doc.version,
        overdue=doc.is_overdue,
    )


def _ctx(request):
    return access_context(request, implied_purpose=PURPOSE_REGISTER)


def _shown(request, document_id: int) -> DocumentOut:
    return _out(selectors.document_get(ctx=_ctx(request), document_id=document_id))


@router.get("", response=DocumentList)
def document_list(request, filters: Query[ListQuery]):
    require_perm(request, "registry.view_document")
    data = filters.model_dump()
    limit, offset = data.pop("limit"), data.pop("offset")
    rows, total = selectors.documents_list(
        ctx=_ctx(request), filters=DocumentFilter(**data), limit=limit, offset=offset
    )
    return DocumentList(count=total, results=[_out(d) for d in rows])


@router.get("/{int:document_id}", response=DocumentOut)
def document_get(request, document_id: int):
    require_perm(request, "registry.view_document")
    return _shown(request, document_id)


@router.post("", response={201: DocumentOut})
def document_register(request, payload: DocumentIn):
    require_perm(request, "registry.add_document")
    data = payload.model_dump()
    doc = register_services.document_register(
        actor=request.user,
        series=data.pop("series_id"),
        doc_type=data.pop("doc_type_id"),
        party_customer=data.pop("party_customer_id"),
        responsible_unit=data.pop("responsible_unit_id"),
        responsible_user=data.pop("responsible_user_id"),
        reply_to=data.pop("reply_to_id"),
        **data,
    )
    return Status(201, _shown(request, doc.pk))


@router.post("/{int:document_id}/files", response={201: FileOut})
def document_file_add(request, document_id: int, file: File[UploadedFile], is_public: bool = False):
    require_perm(request, "registry.change_document")
    selectors.document_get(ctx=_ctx(request), document_id=document_id)
    limit = settings.REGISTRY_FILE_MAX_BYTES
    if file.size > limit:
        raise ValidationFailed(
            _("The file is larger than %(limit)s MB.") % {"limit": f"{limit / 1024 / 1024:.0f}"}, field="file"
        )
    stored = file_services.document_file_add(
        actor=request.user,
        document_id=document_id,
        name=file.name or "",
        data=file.read(),
        is_public=is_public,
    )
    return Status(
        201,
        FileOut(
            id=stored.pk,
            name=stored.name,
            kind=stored.kind,
            size=stored.size,
            sha256=stored.sha256,
            version=stored.version,
            is_public=stored.is_public,
        ),
    )


@router.post("/{int:document_id}/extend", response=DocumentOut)
def document_extend(request, document_id: int, payload: ExtendIn):
    require_perm(request, "registry.change_document")
    selectors.document_get(ctx=_ctx(request), document_id=document_id)
    work.document_extend(actor=request.user, document_id=document_id, **payload.model_dump())
    return _shown(request, document_id)


@router.post("/{int:document_id}/access", response=DocumentOut)
def document_restrict(request, document_id: int, payload: RestrictIn):
    require_perm(request, "registry.change_document")
    selectors.document_get(ctx=_ctx(request), document_id=document_id)
    work.document_restrict(actor=request.user, document_id=document_id, **payload.model_dump())
    return _shown(request, document_id)
