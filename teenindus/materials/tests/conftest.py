"""Two front-desk offices: the Tartu office's agent (front-desk staff) and the Pärnu office's agent;
the info specialist and the team lead manage the materials; a leaflet with its first edition held
by both offices."""

from datetime import date

import pytest
from django.conf import settings

from conftest import make_user
from teenindus.accounts import roles
from teenindus.frontdesk.models import Office
from teenindus.materials.services import (
    edition_publish,
    holding_assign,
    holding_edition_record,
    material_create,
)
from teenindus.org.models import Agency, Employee, Employment, Position, Unit


def staff(user, unit: Unit, last: str) -> Employee:
    user.last_name = last
    user.save(update_fields=["last_name"])
    position = Position.objects.create(unit=unit, title=f"Spetsialist {last}")
    employee = Employee.objects.create(first_name=user.first_name, last_name=last, user=user)
    Employment.objects.create(employee=employee, position=position, start_date=date(2024, 1, 1))
    return employee


@pytest.fixture
def offices(db, users):
    agency = Agency.objects.create(name="Amet")
    tartu_unit = Unit.objects.create(agency=agency, name="Tartu esindus", kind="office")
    parnu_unit = Unit.objects.create(agency=agency, name="Pärnu esindus", kind="office")
    tartu = Office.objects.create(unit=tartu_unit, code="tartu", name="Tartu esindus")
    parnu = Office.objects.create(unit=parnu_unit, code="parnu", name="Pärnu esindus")
    parnu_agent = make_user("parnuagent", roles.AGENT)
    people = {
        "agent": staff(users["agent"], tartu_unit, "Lettija"),
        "parnu_agent": staff(parnu_agent, parnu_unit, "Pärnakas"),
        "info": staff(users["info"], tartu_unit, "Infolett"),
    }
    leaflet = material_create(actor=users["info"], name="Pensioni infovoldik", kind="leaflet")
    first = edition_publish(actor=users["info"], material_id=leaflet.pk, label="2025/1")
    holdings = {}
    for key, office in (("tartu", tartu), ("parnu", parnu)):
        holdings[key] = holding_assign(actor=users["info"], office_id=office.pk, material_id=leaflet.pk)
        holding_edition_record(actor=users["info"], holding_id=holdings[key].pk, edition_id=first.pk)
    return {
        **people,
        "tartu": tartu,
        "parnu": parnu,
        "parnu_agent_user": parnu_agent,
        "leaflet": leaflet,
        "first": first,
        "holdings": holdings,
    }


@pytest.fixture
def as_(client, users):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def sign_in(user):
        client.force_login(users[user] if isinstance(user, str) else user)
        return client

    return sign_in
