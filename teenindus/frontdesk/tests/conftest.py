"""A local office with a front desk: three services, three desks, an info specialist at each desk."""

from datetime import date

import pytest

from conftest import make_user
from teenindus.accounts import roles
from teenindus.contacts.models import Topic
from teenindus.frontdesk.models import Desk, Office, Service
from teenindus.org.models import Agency, Employee, Employment, Position, Unit


@pytest.fixture
def fd(db, users):
    agency = Agency.objects.create(name="Amet")
    parent = Unit.objects.create(agency=agency, name="Klienditeenindus", kind="department")
    unit = Unit.objects.create(
        agency=agency, parent=parent, name="Tartu esindus", kind="office", code="tartu"
    )
    position = Position.objects.create(unit=unit, title="Infospetsialist")
    info = Employee.objects.create(first_name="Ivo", last_name="Info", user=users["info"])
    Employment.objects.create(employee=info, position=position, start_date=date(2024, 1, 1))
    office = Office.objects.create(unit=unit, code="tartu", name="Tartu esindus")
    topics = {
        code: Topic.objects.create(name=name, code=code)
        for code, name in [
            ("pensionid", "Pensionid"),
            ("peretoetused", "Peretoetused"),
            ("dokumendid", "Dokumendid"),
        ]
    }
    services = {
        "A": Service.objects.create(office=office, name="Pensionid", prefix="A", topic=topics["pensionid"]),
        "B": Service.objects.create(
            office=office, name="Peretoetused", prefix="B", topic=topics["peretoetused"]
        ),
        "C": Service.objects.create(office=office, name="Dokumendid", prefix="C", topic=topics["dokumendid"]),
    }
    desk1 = Desk.objects.create(office=office, name="Laud 1")
    desk1.services.set([services["A"], services["B"]])
    desk2 = Desk.objects.create(office=office, name="Laud 2")
    desk2.services.set([services["A"]])
    desk3 = Desk.objects.create(office=office, name="Laud 3")
    desk3.services.set([services["C"]])
    specialist2 = make_user("info2", roles.INFO_SPECIALIST)
    return {
        "office": office,
        "services": services,
        "desks": [desk1, desk2, desk3],
        "info": users["info"],
        "info2": specialist2,
        "topics": topics,
    }
