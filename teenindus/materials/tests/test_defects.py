"""Defects found by the tester: ids beyond a 64-bit integer gave a 500 (OverflowError on SQLite);
every refused post is answered 4xx with the error on the page, nothing saved."""

import pytest
from django.urls import reverse

from teenindus.core.exceptions import NotFound
from teenindus.materials import selectors
from teenindus.materials.models import Edition, Holding, Material, StockCheck
from teenindus.materials.services import (
    edition_publish,
    holding_assign,
    holding_edition_record,
    stock_check,
)

pytestmark = pytest.mark.django_db

HUGE = 99999999999999999999


def test_ids_beyond_64_bits_are_not_found(as_, offices, users):
    leaflet, first = offices["leaflet"], offices["first"]
    holding = offices["holdings"]["tartu"]
    client = as_("info")
    for name, args in (
        ("detail", [HUGE]),
        ("edition_file", [HUGE, 1]),
        ("edition_file", [leaflet.pk, HUGE]),
        ("office", [HUGE]),
    ):
        assert client.get(reverse(f"materials:{name}", args=args)).status_code == 404, (name, args)
    for name, data in (
        ("publish", {"label": "2026/9"}),
        ("assign", {"office": offices["tartu"].pk}),
        ("check", {"quantity": "3"}),
        ("edition", {"edition": first.pk}),
    ):
        assert client.post(reverse(f"materials:{name}", args=[HUGE]), data).status_code == 404, name
    response = client.post(reverse("materials:edition", args=[holding.pk]), {"edition": str(HUGE)})
    assert response.status_code == 400  # the form's bound: an error on the page, not a 500
    info = users["info"]
    for call in (
        lambda: selectors.material_get(material_id=HUGE),
        lambda: selectors.edition_file(material_id=leaflet.pk, edition_id=HUGE),
        lambda: selectors.office_get(office_id=HUGE),
        lambda: selectors.holding_get(holding_id=HUGE),
        lambda: edition_publish(actor=info, material_id=HUGE, label="2026/9"),
        lambda: holding_assign(actor=info, office_id=HUGE, material_id=leaflet.pk),
        lambda: stock_check(actor=info, holding_id=HUGE, quantity=1),
        lambda: holding_edition_record(actor=info, holding_id=holding.pk, edition_id=HUGE),
    ):
        with pytest.raises(NotFound):
            call()
    assert Edition.objects.count() == 1 and not StockCheck.objects.exists()


def test_refused_posts_are_4xx_with_the_error_shown(as_, offices, users):
    client = as_("info")
    leaflet = offices["leaflet"]
    response = client.post(reverse("materials:create"), {"name": "", "kind": "leaflet"})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert Material.objects.count() == 1
    response = client.post(reverse("materials:assign", args=[leaflet.pk]), {"office": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    response = client.post(reverse("materials:publish", args=[leaflet.pk]), {"label": "2025/1"})
    assert response.status_code == 409 and "has an edition 2025/1 already" in response.content.decode()
    holding = offices["holdings"]["tartu"]
    response = client.post(reverse("materials:check", args=[holding.pk]), {"quantity": "-1"})
    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()
    other_material = Material.objects.create(name="Muu")
    other = edition_publish(actor=users["info"], material_id=other_material.pk, label="1")
    response = client.post(reverse("materials:edition", args=[holding.pk]), {"edition": other.pk})
    assert response.status_code == 422 and "Choose an edition of this material." in response.content.decode()
    assert not StockCheck.objects.exists()
    assert Holding.objects.get(pk=holding.pk).edition_id == offices["first"].pk
