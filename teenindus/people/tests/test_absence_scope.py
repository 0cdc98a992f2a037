"""Absences: a manager records and reads them for the people below them in the line-manager chain,
HR for everyone; the type of a sick leave is shown only to the employee, the line manager and HR."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from teenindus.audit.models import AccessLog
from teenindus.core.exceptions import ApplicationError
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.people.models import Absence
from teenindus.people.services.conversations import absence_add

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def org(users):
    """Team lead › senior specialist › junior, and an HR partner in another unit outside her line."""
    agency = Agency.objects.create(name="Amet")
    centre = Unit.objects.create(agency=agency, name="Kõnekeskus", kind="section")
    hr_unit = Unit.objects.create(agency=agency, name="Personaliosakond", kind="department")
    lead = Position.objects.create(unit=centre, title="Talitusejuhataja", is_manager=True)
    senior = Position.objects.create(unit=centre, title="Vanemspetsialist", manager=lead)
    junior = Position.objects.create(unit=centre, title="Kliendinõustaja", manager=senior)
    hr = Position.objects.create(unit=hr_unit, title="Personalipartner")

    def person(user, first, position):
        employee = Employee.objects.create(first_name=first, last_name="Test", user=user)
        Employment.objects.create(employee=employee, position=position, start_date=date(2024, 1, 1))
        return employee

    return {
        "lead": person(users["teamlead"], "Liis", lead),
        "senior": person(users["manager"], "Sander", senior),
        "junior": person(users["agent"], "Juku", junior),
        "hr": person(users["hr"], "Helena", hr),
    }


def _table(client) -> str:
    """The absences table of the page (the form below it lists every type)."""
    return client.get(reverse("people:absences")).content.decode().split("<tbody>")[1].split("</tbody>")[0]


def _post(client, employee, kind="vacation"):
    return client.post(
        reverse("people:absences"),
        {"employee": employee.pk, "kind": kind, "start_date": TODAY, "end_date": TODAY + timedelta(days=2)},
    )


def test_a_team_lead_cannot_record_an_absence_outside_her_line(org, client_for):
    response = _post(client_for("teamlead"), org["hr"])
    assert response.status_code == 422
    assert not Absence.objects.exists()


def test_the_service_refuses_it_too(org, users):
    with pytest.raises(ApplicationError):
        absence_add(
            actor=users["teamlead"], employee=org["hr"], kind="sick", start_date=TODAY, end_date=TODAY
        )
    assert not Absence.objects.exists()


def test_a_team_lead_records_for_the_people_below_her_at_any_depth(org, client_for):
    assert _post(client_for("teamlead"), org["junior"]).status_code == 302
    assert Absence.objects.get().employee == org["junior"]


def test_hr_records_for_anyone(org, client_for):
    assert _post(client_for("hr"), org["lead"]).status_code == 302


def test_the_form_offers_only_the_people_below(org, client_for):
    body = client_for("teamlead").get(reverse("people:absences")).content.decode()
    assert "Juku Test" in body and "Sander Test" in body
    assert "Helena Test" not in body


def test_a_team_lead_reads_only_her_lines_absences_and_logs_only_those(org, users, client_for):
    absence_add(actor=users["hr"], employee=org["hr"], kind="sick", start_date=TODAY, end_date=TODAY)
    absence_add(actor=users["hr"], employee=org["junior"], kind="vacation", start_date=TODAY, end_date=TODAY)
    body = _table(client_for("teamlead"))
    assert "Juku Test" in body and "Helena Test" not in body and "Haigusleht" not in body
    looked = set(AccessLog.objects.filter(actor=users["teamlead"]).values_list("employee_id", flat=True))
    assert looked == {org["junior"].pk}


def test_sick_leave_type_is_shown_to_the_line_manager_and_hr_not_higher_up(org, users, client_for):
    absence_add(actor=users["hr"], employee=org["junior"], kind="sick", start_date=TODAY, end_date=TODAY)
    assert "Haigusleht" in _table(client_for("manager"))
    assert "Haigusleht" in _table(client_for("hr"))
    lead_view = _table(client_for("teamlead"))
    assert "Juku Test" in lead_view and "Haigusleht" not in lead_view and "Eemal" in lead_view


def test_a_manager_sees_her_own_absence_with_its_type(org, users, client_for):
    absence_add(actor=users["hr"], employee=org["senior"], kind="sick", start_date=TODAY, end_date=TODAY)
    body = _table(client_for("manager"))
    assert "Sander Test" in body and "Haigusleht" in body
