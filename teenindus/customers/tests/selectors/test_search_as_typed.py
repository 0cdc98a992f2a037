"""Agents type without diacritics on a foreign keyboard and read names off Russian-language papers:
"magi" finds Mägi, "sarg" Särg, "smidt" and "shmidt" Šmidt, on SQLite and PostgreSQL alike."""

import importlib
from datetime import date

import pytest
from django.apps import apps

from teenindus.audit.context import AccessContext
from teenindus.customers import selectors, services
from teenindus.customers.models import Customer
from teenindus.customers.validators import name_fold

pytestmark = pytest.mark.django_db

NAMES = [("Priit", "Mägi"), ("Aino", "Särg"), ("Boriss", "Šmidt"), ("Olga", "Žukova"), ("Tõnu", "Õunapuu")]


@pytest.fixture
def ctx(users):
    return AccessContext(actor=users["agent"], view="test:view", purpose="Kõne infoliinil")


@pytest.fixture
def people(users):
    return {
        last: services.person_create(
            actor=users["admin"], first_name=first, last_name=last, birth_date=date(1980, 1, 1 + n)
        )
        for n, (first, last) in enumerate(NAMES)
    }


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("magi", "Mägi"),
        ("Mägi", "Mägi"),
        ("MAGI", "Mägi"),
        ("sarg", "Särg"),
        ("smidt", "Šmidt"),
        ("shmidt", "Šmidt"),
        ("Šmidt", "Šmidt"),
        ("boriss shmidt", "Šmidt"),
        ("zukova", "Žukova"),
        ("zhukova", "Žukova"),
        ("tonu ounapuu", "Õunapuu"),
    ],
)
def test_search_finds_names_typed_without_diacritics(ctx, people, query, found):
    results = selectors.customer_search(ctx=ctx, query=query)
    assert [c.pk for c in results] == [people[found].pk]


def test_a_company_name_is_folded_too(ctx, users):
    company = services.company_create(actor=users["admin"], name="Šokolaaditehas OÜ", registrikood="10000356")
    assert [c.pk for c in selectors.customer_search(ctx=ctx, query="sokolaad")] == [company.pk]


def test_a_renamed_customer_is_found_by_the_new_name(ctx, people, users):
    customer = people["Särg"]
    services.customer_update(
        actor=users["admin"],
        customer_id=customer.pk,
        version=customer.version,
        data={"last_name": "Tšernõšova"},
    )
    assert [c.pk for c in selectors.customer_search(ctx=ctx, query="tsernosova")] == [customer.pk]


def test_the_migration_folds_names_already_stored(ctx, people):
    # Rows stored before the fold: only case-folded, as the first version wrote them.
    for customer in Customer.objects.all():
        Customer.objects.filter(pk=customer.pk).update(search_name=customer.name.casefold())
    assert selectors.customer_search(ctx=ctx, query="magi") == []
    migration = importlib.import_module("teenindus.customers.migrations.0002_search_name_folded")
    migration.fold_search_names(apps, None)
    assert [c.last_name for c in selectors.customer_search(ctx=ctx, query="magi")] == ["Mägi"]
    assert all(c.search_name == name_fold(c.name) for c in Customer.objects.all())
