"""The personal codes read from a signed container are shown only to those they concern (the
signer, HR, the position's line manager) and each showing is logged for that employee."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from teenindus.audit.models import AccessLog
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.people.models import Signature
from teenindus.people.services.job_descriptions import job_description_save
from teenindus.people.tests.expected_fixtures import TEAM_LEAD

pytestmark = pytest.mark.django_db
CODE = "47101010033"


@pytest.fixture
def signed(users):
    unit = Unit.objects.create(agency=Agency.objects.create(name="Amet"), name="Kõnekeskus", kind="section")
    lead = Position.objects.create(unit=unit, title="Talitusejuhataja", is_manager=True)
    agent = Position.objects.create(unit=unit, title="Kliendinõustaja", manager=lead)
    people = {}
    for key, position in (("teamlead", lead), ("agent", agent), ("info", agent)):
        people[key] = Employee.objects.create(first_name=key.title(), last_name="Test", user=users[key])
        Employment.objects.create(employee=people[key], position=position, start_date=date(2024, 1, 1))
    saved = job_description_save(actor=users["hr"], record=TEAM_LEAD, position=agent)
    Position.objects.filter(pk=agent.pk).update(manager=lead)  # the record names a manager not in this unit
    Signature.objects.create(
        version=saved.version,
        party="employee",
        signer_name="MARI MAASIKAS",
        signer=users["agent"],
        signed_at=timezone.now(),
        method="container",
        container_name="ametijuhend.asice",
        container_signers=[{"name": "MARI MAASIKAS", "id_code": CODE, "signed_at": "2026-11-22T10:00:00Z"}],
    )
    return saved.job_description, people["agent"]


@pytest.mark.parametrize(
    "who, sees",
    [
        ("agent", True),
        ("hr", True),
        ("teamlead", True),
        ("info", False),
        ("second", False),
        ("manager", False),
    ],
)
def test_signer_codes_are_shown_to_those_they_concern_and_logged(client_for, signed, who, sees):
    jd, signer = signed
    response = client_for(who).get(reverse("people:jd_detail", args=[jd.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "MARI MAASIKAS" in body
    assert (CODE in body) is sees
    logged = AccessLog.objects.filter(employee=signer, action="signer_codes")
    assert logged.count() == (1 if sees else 0)
