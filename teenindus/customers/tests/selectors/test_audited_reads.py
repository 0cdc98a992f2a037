from datetime import date

import pytest

from conftest import COMPANY_CODE, SENTINEL_IK
from teenindus.audit.context import AccessContext
from teenindus.audit.models import AccessLog
from teenindus.core.exceptions import NotFound
from teenindus.customers import selectors
from teenindus.customers.models import Customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(users):
    return AccessContext(actor=users["agent"], view="test:view", purpose="Kõne infoliinil")


@pytest.mark.parametrize(
    "query",
    [
        SENTINEL_IK,
        "4940313 6515",
        "+372 5551 2345",
        "55512345",
        "Sentinella@Example.ee",
        "sentinella jälgi",
        "JÄLGITAVSALU",
    ],
)
def test_search_finds_by_code_phone_email_or_name_and_logs_each_result(ctx, sentinel, query):
    results = selectors.customer_search(ctx=ctx, query=query)
    assert [c.pk for c in results] == [sentinel.pk]
    log = AccessLog.objects.get()
    assert log.customer_id == sentinel.pk
    assert log.actor == ctx.actor
    assert (log.view, log.action, log.purpose, log.channel) == (
        "test:view",
        "search",
        "Kõne infoliinil",
        "ui",
    )


def test_search_by_registry_code_finds_the_company(ctx, sentinel):
    results = selectors.customer_search(ctx=ctx, query=COMPANY_CODE)
    assert [c.registrikood for c in results] == [COMPANY_CODE]


def test_search_logs_every_customer_shown_and_no_other(ctx, sentinel, users):
    from teenindus.customers import services

    services.person_create(
        actor=users["admin"], first_name="Teine", last_name="Jälgitavsalu", birth_date=date(1970, 1, 1)
    )
    services.person_create(
        actor=users["admin"], first_name="Kolmas", last_name="Muu", birth_date=date(1971, 1, 1)
    )
    results = selectors.customer_search(ctx=ctx, query="Jälgitavsalu")
    assert len(results) == 2
    assert set(AccessLog.objects.values_list("customer_id", flat=True)) == {c.pk for c in results}


def test_empty_or_unmatched_search_logs_nothing(ctx, sentinel):
    assert selectors.customer_search(ctx=ctx, query="   ") == []
    assert selectors.customer_search(ctx=ctx, query="Olematu") == []
    assert AccessLog.objects.count() == 0


def test_company_card_logs_its_representatives(ctx, sentinel):
    company = Customer.objects.get(registrikood=COMPANY_CODE)
    shown = selectors.customer_get(ctx=ctx, customer_id=company.pk)
    assert [r.person.name for r in shown.representatives.all()] == ["Sentinella Jälgitavsalu"]
    assert set(AccessLog.objects.values_list("customer_id", flat=True)) == {company.pk, sentinel.pk}


def test_unknown_customer_is_not_found_and_not_logged(ctx, sentinel):
    with pytest.raises(NotFound):
        selectors.customer_get(ctx=ctx, customer_id=sentinel.pk + 1000)
    assert AccessLog.objects.count() == 0
