import pytest
from django.core.management import call_command

from teenindus.contacts.models import Contact
from teenindus.frontdesk.models import Appointment, Desk, Office, Visit
from teenindus.frontdesk.moves import State

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_front_desk_with_a_morning_of_visitors(settings):
    settings.DEMO_MODE = True
    call_command("load_demo")
    office = Office.objects.get(code="pohja")
    assert {o.code for o in Office.objects.all()} == {"pohja", "tallinn"}
    states = list(Visit.objects.filter(office=office).values_list("state", flat=True))
    assert states.count(State.SERVED) >= 5 and states.count(State.NO_SHOW) == 1
    assert states.count(State.WAITING) >= 3 and states.count(State.CALLED) == 1
    served = Visit.objects.filter(state=State.SERVED)
    assert Contact.objects.filter(channel="visit", visit__in=served).count() == served.count()
    assert Appointment.objects.filter(office=office).count() >= 2
    assert Desk.objects.get(office=office, name="Laud 1").specialist.username == "infolett"
    before = Visit.objects.count(), Contact.objects.count(), Appointment.objects.count()
    call_command("load_demo")
    assert (Visit.objects.count(), Contact.objects.count(), Appointment.objects.count()) == before
