from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.org.selectors import org_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    agency = Agency.objects.create(name="Sotsiaalkindlustusamet", short_name="SKA")
    dept = Unit.objects.create(agency=agency, name="Kliendisuhete osakond", kind="department")
    section = Unit.objects.create(agency=agency, parent=dept, name="Kõnekeskuse talitus", kind="section")
    head = Position.objects.create(unit=dept, title="Osakonnajuhataja", is_manager=True)
    lead = Position.objects.create(unit=section, title="Talitusejuhataja", manager=head, is_manager=True)
    agent = Position.objects.create(unit=section, title="Kliendinõustaja", manager=lead)
    lead.substitutes.add(agent)
    person = Employee.objects.create(first_name="Liina", last_name="Kask")
    Employment.objects.create(employee=person, position=lead, start_date=date(2021, 1, 4))
    former = Employee.objects.create(first_name="Endine", last_name="Töötaja")
    Employment.objects.create(
        employee=former, position=agent, start_date=date(2020, 1, 1), end_date=date(2022, 1, 1)
    )
    return {"dept": dept, "section": section, "head": head, "lead": lead, "agent": agent}


def test_tree_is_depth_first_with_substitution_both_ways(org):
    nodes = org_tree(on=date(2026, 11, 22))
    assert [(n.unit.name, n.depth) for n in nodes] == [
        ("Kliendisuhete osakond", 0),
        ("Kõnekeskuse talitus", 1),
    ]
    positions = {p.title: p for p in nodes[1].positions}
    assert [p.title for p in positions["Talitusejuhataja"].substitutes.all()] == ["Kliendinõustaja"]
    assert [p.title for p in positions["Kliendinõustaja"].substituted_by.all()] == ["Talitusejuhataja"]
    assert [str(e.employee) for e in positions["Talitusejuhataja"].current_employments] == ["Liina Kask"]
    assert positions["Kliendinõustaja"].current_employments == []  # the former employee has left


def test_constraints_refuse_nonsense(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        Employment.objects.create(
            employee=Employee.objects.first(),
            position=org["agent"],
            start_date=date(2025, 1, 1),
            end_date=date(2024, 1, 1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.filter(pk=org["lead"].pk).update(manager=org["lead"])


def test_structure_page_and_api(org, client_for):
    client = client_for("teamlead")
    html = client.get(reverse("org:structure")).content.decode()
    assert "Kõnekeskuse talitus" in html and "Liina Kask" in html
    units = client.get("/api/v1/org/units").json()
    section = next(u for u in units if u["name"] == "Kõnekeskuse talitus")
    lead = next(p for p in section["positions"] if p["title"] == "Talitusejuhataja")
    assert lead["substitutes"] == [org["agent"].pk] and lead["manager_id"] == org["head"].pk


def test_agents_do_not_see_the_structure(org, client_for):
    assert client_for("agent").get(reverse("org:structure")).status_code == 403


def test_hr_manages_organisation_in_the_admin(org, client, users):
    users["hr"].is_staff = True
    users["hr"].save()
    client.force_login(users["hr"])
    assert client.get(reverse("admin:org_employment_changelist")).status_code == 200
    assert client.get(reverse("admin:org_position_change", args=[org["lead"].pk])).status_code == 200
