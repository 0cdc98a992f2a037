"""Two people recording for one office at once (PostgreSQL, threads with their own connections):
one stock check a day, no lost update; editions published at once get different numbers."""

import pytest
from django.db import connection

from conftest import make_user
from teenindus.accounts import roles
from teenindus.core.testing import race
from teenindus.materials.models import Edition, Holding, Material, StockCheck
from teenindus.materials.services import edition_publish, holding_edition_record, stock_check

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_stock_checked_at_once_is_one_check_with_the_last_writers_figures(offices, users):
    holding = offices["holdings"]["tartu"]
    leads = [make_user(f"lead{i}", roles.TEAM_LEAD) for i in range(8)]
    results, errors = race(lambda i: stock_check(actor=leads[i], holding_id=holding.pk, quantity=i).pk, 8)
    assert errors == []
    assert len(set(results)) == 1 and StockCheck.objects.count() == 1
    check = StockCheck.objects.get()
    holding = Holding.objects.get(pk=holding.pk)
    # The holding and the day's check tell the same story: the last writer's, nothing half-lost.
    assert (holding.quantity, holding.checked_by_id) == (check.quantity, check.checked_by_id)


def test_the_same_edition_recorded_at_once_is_recorded_once(offices, users):
    new = edition_publish(actor=users["info"], material_id=offices["leaflet"].pk, label="2026/1")
    holding = offices["holdings"]["tartu"]
    results, errors = race(
        lambda i: (
            holding_edition_record(actor=users["info"], holding_id=holding.pk, edition_id=new.pk).edition_id
        ),
        6,
    )
    assert errors == [] and set(results) == {new.pk}
    assert Holding.objects.get(pk=holding.pk).edition == new


def test_editions_published_at_once_get_different_numbers(offices, users):
    results, errors = race(
        lambda i: (
            edition_publish(actor=users["info"], material_id=offices["leaflet"].pk, label=f"2026/{i}").number
        ),
        6,
    )
    assert errors == []
    assert sorted(results) == [2, 3, 4, 5, 6, 7]
    material = Material.objects.get(pk=offices["leaflet"].pk)
    assert material.current_edition == Edition.objects.get(material=material, number=7)
