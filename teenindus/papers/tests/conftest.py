"""An agency with a unit where the info specialist and the team lead work (the papers' signers), the
starting paper templates, and customers: an Estonian-speaking person with an address and e-mail, a
Russian-speaking and an English-speaking person, a company without e-mail."""

from datetime import date

import pytest

from conftest import COMPANY_CODE, OTHER_IK, SENTINEL_IK
from teenindus.customers import services as customer_services
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.papers.defaults import paper_templates_ensure

RU_IK = "48802290106"
EN_IK = "37605030299"


def staff(user, first: str, last: str, position: Position) -> Employee:
    employee = Employee.objects.create(first_name=first, last_name=last, user=user)
    Employment.objects.create(employee=employee, position=position, start_date=date(2024, 1, 1))
    return employee


@pytest.fixture
def pw(db, users):
    agency = Agency.objects.create(name="Sotsiaalkindlustusamet", registry_code="70001975")
    unit = Unit.objects.create(agency=agency, name="Klienditeenindus", kind="section")
    lead = Position.objects.create(unit=unit, title="Talitusejuhataja", is_manager=True)
    info = Position.objects.create(unit=unit, title="Infospetsialist", manager=lead)
    staff(users["info"], "Ivo", "Infolett", info)
    staff(users["teamlead"], "Tiina", "Juht", lead)
    admin = users["admin"]
    person = customer_services.person_create(
        actor=admin,
        first_name="Mari",
        last_name="Tamm",
        isikukood=SENTINEL_IK,
        email="mari.tamm@example.ee",
        language="et",
    )
    customer_services.address_add(
        actor=admin, customer=person, street="Pärna 7", city="Tartu", postal_code="50101"
    )
    russian = customer_services.person_create(
        actor=admin,
        first_name="Olga",
        last_name="Ivanova",
        isikukood=RU_IK,
        language="ru",
        email="olga@example.ee",
    )
    english = customer_services.person_create(
        actor=admin, first_name="John", last_name="Smith", isikukood=EN_IK, language="en"
    )
    other = customer_services.person_create(
        actor=admin, first_name="Peeter", last_name="Pähkel", isikukood=OTHER_IK, language="ru"
    )
    company = customer_services.company_create(actor=admin, name="Metsatöö OÜ", registrikood=COMPANY_CODE)
    return {
        "agency": agency,
        "templates": paper_templates_ensure(),
        "person": person,
        "russian": russian,
        "english": english,
        "other": other,
        "company": company,
    }


PENSION = {
    "pensioni_liik": "vanaduspensioni",
    "periood": "01.01.2026–31.12.2026",
    "summa": "812,40",
    "esitamiseks": "Tartu Linnavalitsus",
}
