"""Customers over the API. Every response that shows a person's data goes through an audited
selector, so it writes the access log like the pages do."""

from datetime import date, datetime
from typing import Literal

from django.db import transaction
from ninja import Field, Query, Router, Schema, Status

from teenindus.accounts.api_auth import require_perm, requires
from teenindus.audit import http
from teenindus.audit.http import access_context
from teenindus.audit.selectors import access_log_for_customer
from teenindus.customers import selectors, services
from teenindus.customers.models import Customer

router = Router(tags=["customers"])

LanguageCode = Literal["et", "ru", "en"]


class ContactPointOut(Schema):
    kind: str
    value: str
    is_primary: bool


class AddressOut(Schema):
    kind: str
    street: str
    city: str
    postal_code: str
    country: str


class RepresentationOut(Schema):
    role: str
    person_id: int
    person_name: str
    company_id: int
    company_name: str
    valid_from: date | None
    valid_until: date | None


class CustomerOut(Schema):
    id: int
    kind: str
    name: str
    first_name: str
    last_name: str
    isikukood: str | None
    birth_date: date | None
    registrikood: str | None
    language: str
    version: int


class CustomerDetailOut(CustomerOut):
    note: str
    contact_points: list[ContactPointOut]
    addresses: list[AddressOut]
    represents: list[RepresentationOut]
    representatives: list[RepresentationOut]


def _links(rows) -> list[RepresentationOut]:
    return [
        RepresentationOut(
            role=r.role,
            person_id=r.person_id,
            person_name=r.person.name,
            company_id=r.company_id,
            company_name=r.company.name,
            valid_from=r.valid_from,
            valid_until=r.valid_until,
        )
        for r in rows
    ]


def _detail(customer: Customer) -> CustomerDetailOut:
    base = CustomerOut.model_validate(customer).model_dump()
    return CustomerDetailOut(
        **base,
        note=customer.note,
        contact_points=[ContactPointOut.model_validate(p) for p in customer.contact_points.all()],
        addresses=[AddressOut.model_validate(a) for a in customer.addresses.all()],
        represents=_links(customer.represents.all()),
        representatives=_links(customer.representatives.all()),
    )


class PersonIn(Schema):
    first_name: str
    last_name: str
    isikukood: str | None = None
    birth_date: date | None = None
    language: LanguageCode = "et"
    phone: str = ""
    email: str = ""
    note: str = ""


class CompanyIn(Schema):
    name: str
    registrikood: str
    language: LanguageCode = "et"
    phone: str = ""
    email: str = ""
    note: str = ""


class CustomerPatch(Schema):
    version: int = Field(..., description="The version the change is based on (optimistic locking)")
    first_name: str | None = None
    last_name: str | None = None
    isikukood: str | None = None
    birth_date: date | None = None
    name: str | None = None
    registrikood: str | None = None
    language: LanguageCode | None = None
    note: str | None = None


class SearchQuery(Schema):
    q: str = Field(..., min_length=1, description="isikukood, registry code, phone, e-mail or name")
    purpose: str = ""


class AccessLogOut(Schema):
    at: datetime
    actor: str
    view: str
    action: str
    channel: str
    purpose: str


@router.get("", response=list[CustomerOut])
def customer_search(request, filters: Query[SearchQuery]):
    require_perm(request, "customers.view_customer")
    ctx = access_context(request, implied_purpose=http.PURPOSE_SEARCH)
    return selectors.customer_search(ctx=ctx, query=filters.q)


@router.get("/{int:customer_id}", response=CustomerDetailOut)
def customer_detail(request, customer_id: int):
    require_perm(request, "customers.view_customer")
    ctx = access_context(request, implied_purpose=http.PURPOSE_CARD)
    return _detail(selectors.customer_get(ctx=ctx, customer_id=customer_id))


def _register(request, service, payload) -> Status:
    """Create through the service and answer with the new record (a look at it: logged)."""
    require_perm(request, "customers.add_customer")
    ctx = access_context(request, implied_purpose=http.PURPOSE_REGISTRATION)
    with selectors.existence_logged(ctx=ctx, attempted=http.PURPOSE_REGISTRATION), transaction.atomic():
        customer = service(actor=request.user, **payload.model_dump())
        return Status(201, _detail(selectors.customer_get(ctx=ctx, customer_id=customer.pk)))


@router.post("/persons", response={201: CustomerDetailOut})
@requires("customers.add_customer")
def person_create(request, payload: PersonIn):
    return _register(request, services.person_create, payload)


@router.post("/companies", response={201: CustomerDetailOut})
@requires("customers.add_customer")
def company_create(request, payload: CompanyIn):
    return _register(request, services.company_create, payload)


@router.patch("/{int:customer_id}", response=CustomerDetailOut)
def customer_update(request, customer_id: int, payload: CustomerPatch):
    require_perm(request, "customers.change_customer")
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version")
    ctx = access_context(request, implied_purpose=http.PURPOSE_CHANGE)
    with selectors.existence_logged(ctx=ctx, attempted=http.PURPOSE_CHANGE), transaction.atomic():
        services.customer_update(actor=request.user, customer_id=customer_id, version=version, data=data)
        return _detail(selectors.customer_get(ctx=ctx, customer_id=customer_id))


@router.get("/{int:customer_id}/access-log", response=list[AccessLogOut])
def customer_access_log(request, customer_id: int):
    """Who looked at this person's data (the data tracker answer). Reading it is logged too."""
    require_perm(request, "customers.view_customer", "audit.view_accesslog")
    ctx = access_context(request, implied_purpose=http.PURPOSE_ACCESS_REPORT)
    selectors.customer_get(ctx=ctx, customer_id=customer_id, action="access_log")
    return [
        AccessLogOut(
            at=row.at,
            actor=row.actor.get_full_name() or row.actor.username,
            view=row.view,
            action=row.action,
            channel=row.channel,
            purpose=row.purpose,
        )
        for row in access_log_for_customer(customer_id=customer_id)
    ]
