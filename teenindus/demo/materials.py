"""The demo's information materials: three leaflets and materials held by both local offices. The
old-age pension leaflet got a new edition centrally; the Tallinn office has recorded it, the northern
office (where the info specialist `infolett` works) still holds the old one, so it is flagged on the
info specialist's start page. Idempotent: materials by name, editions by label, holdings by office."""

from teenindus.accounts.models import User
from teenindus.frontdesk.models import Office
from teenindus.materials.models import Edition, Holding, Material
from teenindus.materials.services import (
    edition_publish,
    holding_assign,
    holding_edition_record,
    material_create,
    stock_check,
)

# name, kind, description, editions (oldest first)
MATERIALS = [
    (
        "Vanaduspension: kuidas taotleda",
        "leaflet",
        "Voldik taotlemise sammudest ja tähtaegadest.",
        ["2025/1", "2026/1"],
    ),
    (
        "Peretoetused lühidalt",
        "leaflet",
        "Lapsetoetus, lasterikka pere toetus, üksikvanema toetus.",
        ["2025/2"],
    ),
    (
        "Puude raskusastme taotlemine",
        "material",
        "Infomaterjal ootealasse: taotluse täitmine ja lisad.",
        ["2024/1"],
    ),
]
# office code → {material name: edition label it holds, quantity at the last check}
HOLDS = {
    "tallinn": {
        "Vanaduspension: kuidas taotleda": ("2026/1", 120),
        "Peretoetused lühidalt": ("2025/2", 45),
        "Puude raskusastme taotlemine": ("2024/1", 8),
    },
    "pohja": {
        "Vanaduspension: kuidas taotleda": ("2025/1", 30),
        "Peretoetused lühidalt": ("2025/2", 12),
    },
}


def load_materials() -> None:
    actor = User.objects.filter(username="infolett").first()
    if actor is None:
        return
    materials = {}
    for name, kind, description, labels in MATERIALS:
        material = Material.objects.filter(name=name).first() or material_create(
            actor=actor, name=name, kind=kind, description=description
        )
        for label in labels:
            if not Edition.objects.filter(material=material, label=label).exists():
                edition_publish(actor=actor, material_id=material.pk, label=label, note="Demo")
        materials[name] = material
    for code, holds in HOLDS.items():
        office = Office.objects.filter(code=code).first()
        if office is None:
            continue
        for name, (label, quantity) in holds.items():
            if Holding.objects.filter(office=office, material=materials[name]).exists():
                continue
            holding = holding_assign(actor=actor, office_id=office.pk, material_id=materials[name].pk)
            edition = Edition.objects.get(material=materials[name], label=label)
            holding_edition_record(actor=actor, holding_id=holding.pk, edition_id=edition.pk)
            stock_check(actor=actor, holding_id=holding.pk, quantity=quantity)
