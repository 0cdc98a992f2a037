"""Every read of customer data. Each function that returns a person's data takes an AccessContext
and writes the access log for exactly the customers it returns: there is no unlogged way to read."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import translation
from django.utils.translation import gettext as _

from teenindus.audit.context import AccessContext
from teenindus.audit.services import access_log_record
from teenindus.core.exceptions import ApplicationError, NotFound, ValidationFailed
from teenindus.customers.models import ContactPoint, Customer, Representation
from teenindus.customers.validators import name_fold, phone_normalize

SEARCH_LIMIT = 50


def _search_filter(query: str) -> Q | None:
    query = query.strip()
    if not query:
        return None
    compact = re.sub(r"[\s\-]", "", query)
    if compact.isdigit() and len(compact) == 11:
        return Q(isikukood=compact)
    condition = Q()
    if "@" in query:
        return Q(contact_points__kind=ContactPoint.Kind.EMAIL, contact_points__normalized=query.lower())
    if compact.lstrip("+").isdigit() and len(compact.lstrip("+")) >= 7:
        try:
            number = phone_normalize(compact)
            condition |= Q(contact_points__kind=ContactPoint.Kind.PHONE, contact_points__normalized=number)
        except ValidationFailed:  # not a phone number after all
            pass
    if compact.isdigit() and len(compact) == 8:
        condition |= Q(registrikood=compact)
    if condition:
        return condition
    name_condition = Q()
    for token in name_fold(query).split():
        name_condition &= Q(search_name__contains=token)
    return name_condition


def customer_search(*, ctx: AccessContext, query: str, limit: int = SEARCH_LIMIT) -> list[Customer]:
    """Customers matching a code, phone, e-mail or name; every customer returned is logged."""
    condition = _search_filter(query)
    if condition is None:
        return []
    results = list(Customer.objects.filter(condition).distinct().order_by("name", "id")[:limit])
    access_log_record(ctx=ctx, customer_ids=[c.pk for c in results], action="search")
    return results


def customer_get(*, ctx: AccessContext, customer_id: int, action: str = "view") -> Customer:
    """One customer with contacts, addresses and representations; logged."""
    customer = (
        Customer.objects.prefetch_related(
            "contact_points",
            "addresses",
            Prefetch("represents", queryset=Representation.objects.select_related("company")),
            Prefetch("representatives", queryset=Representation.objects.select_related("person")),
        )
        .filter(pk=customer_id)
        .first()
    )
    if customer is None:
        raise NotFound(_("No such customer."), field="id")
    # Representatives' names on a company page (and companies on a person's) are personal data too.
    related = [r.person_id for r in customer.representatives.all()]
    access_log_record(ctx=ctx, customer_ids=[customer.pk, *related], action=action)
    return customer


def customer_email(*, customer_id: int) -> str:
    """The address to send the customer a letter to (primary first); "" when none. For the system's
    own mail, not shown to anyone."""
    point = (
        ContactPoint.objects.filter(customer_id=customer_id, kind=ContactPoint.Kind.EMAIL)
        .order_by("-is_primary", "pk")
        .first()
    )
    return point.value if point else ""


def customer_exists(*, customer_id: int) -> bool:
    """Whether a customer exists (shows no data, so not logged)."""
    return Customer.objects.filter(pk=customer_id).exists()


@contextmanager
def existence_logged(*, ctx: AccessContext, attempted: str) -> Iterator[None]:
    """Around a write whose refusal may tell that someone is a customer (a code that exists, a
    representative found by code): such a refusal is a look at that customer and is logged, with
    the attempted action (marked with gettext_noop) as the purpose, in the agency's language.
    Use it outside the write's transaction, so that the row outlives the rollback."""
    try:
        yield
    except ApplicationError as exc:
        customer_id = getattr(exc, "revealed_customer_id", None)
        if customer_id is not None:
            with translation.override(settings.LANGUAGE_CODE):
                purpose = translation.gettext(attempted)
            access_log_record(ctx=replace(ctx, purpose=purpose), customer_ids=[customer_id], action="exists")
        raise
