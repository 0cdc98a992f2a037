"""A unit with an info specialist, a team lead and a second-level specialist; three series; the
standard document types; a private person and a company as customers."""

from datetime import date

import pytest

from conftest import COMPANY_CODE, SENTINEL_IK
from teenindus.customers.models import Customer
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.registry.defaults import document_types_ensure
from teenindus.registry.models import Series


def staff(user, first: str, last: str, position: Position, email: str) -> Employee:
    user.email = email
    user.save(update_fields=["email"])
    employee = Employee.objects.create(first_name=first, last_name=last, user=user, email=email)
    Employment.objects.create(employee=employee, position=position, start_date=date(2024, 1, 1))
    return employee


@pytest.fixture
def reg(db, users):
    agency = Agency.objects.create(name="Amet")
    unit = Unit.objects.create(agency=agency, name="Klienditeenindus", kind="section")
    other = Unit.objects.create(agency=agency, name="Lubade osakond", kind="department")
    lead = Position.objects.create(unit=unit, title="Talitusejuhataja", is_manager=True)
    info = Position.objects.create(unit=unit, title="Infospetsialist", manager=lead)
    specialist = Position.objects.create(unit=other, title="Loaspetsialist")
    people = {
        "lead": staff(users["teamlead"], "Tiina", "Juht", lead, "lead@x.ee"),
        "info": staff(users["info"], "Ivo", "Info", info, "info@x.ee"),
        "second": staff(users["second"], "Sirje", "Teine", specialist, "sirje@x.ee"),
    }
    types = document_types_ensure()
    letters = Series.objects.create(code="1-2", name="Kirjavahetus", unit=unit)
    requests = Series.objects.create(code="7-1", name="Teabenõuded", pattern="{series}/{year}/{seq:4}")
    certificates = Series.objects.create(code="9-3", name="Väljastatud tõendid", pattern="T-{seq}")
    person = Customer.objects.create(
        kind="person", name="Mari Tamm", first_name="Mari", last_name="Tamm", isikukood=SENTINEL_IK
    )
    company = Customer.objects.create(kind="company", name="Metsatöö OÜ", registrikood=COMPANY_CODE)
    return {
        **people,
        "unit": unit,
        "other": other,
        "types": types,
        "letters": letters,
        "requests": requests,
        "certificates": certificates,
        "person": person,
        "company": company,
    }
