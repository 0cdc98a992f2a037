import pytest
from django.core.management import CommandError, call_command
from stdnum.ee import ik, registrikood

from teenindus.accounts import roles
from teenindus.accounts.models import User
from teenindus.audit.models import AccessLog
from teenindus.contacts.models import Contact
from teenindus.customers.models import Customer
from teenindus.demo.loader import DEMO_PASSWORD, counts

pytestmark = pytest.mark.django_db

LOGINS = {
    "noustaja": roles.AGENT,
    "infolett": roles.INFO_SPECIALIST,
    "juht": roles.TEAM_LEAD,
    "spetsialist": roles.SECOND_LEVEL,
    "personal": roles.HR_PARTNER,
    "admin": roles.ADMINISTRATOR,
}


def test_demo_needs_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert Customer.objects.count() == 0


def test_demo_loads_once_and_a_second_run_changes_nothing(settings):
    settings.DEMO_MODE = True
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first
    assert first["customers.Customer"] >= 200
    assert 18 <= first["org.Employee"] <= 25
    assert first["customers.Representation"] > 0
    persons = Customer.objects.filter(kind="person", isikukood__isnull=False)
    assert all(ik.is_valid(c.isikukood) for c in persons)
    assert all(registrikood.is_valid(c.registrikood) for c in Customer.objects.filter(kind="company"))
    assert Customer.objects.filter(kind="person", isikukood__isnull=True).exists()  # foreigners
    assert set(Customer.objects.values_list("language", flat=True)) >= {"et", "ru", "en"}
    assert AccessLog.objects.count() == 0  # loading is not looking
    # A week of the info line: five working days of traffic, most answered calls recorded.
    assert first["telephony.Call"] > 1500 and first["telephony.Agent"] == 8
    assert Contact.objects.filter(customer__isnull=False).count() > 500
    # Follow-ups of the last day of traffic still wait, a handful per agent; older ones were done.
    follow_ups = Contact.objects.filter(outcome__in=["call_back", "escalated"])
    still_open = follow_ups.filter(followup_closed_at__isnull=True)
    assert 0 < still_open.count() < follow_ups.count() / 3
    # The last day of phone traffic (the front desk's visits of this morning are contacts too).
    last_day = Contact.objects.filter(channel="phone").latest("local_date").local_date
    assert set(still_open.values_list("local_date", flat=True)) == {last_day}
    assert not follow_ups.filter(followup_closed_at__isnull=False, followup_note="").exists()


def test_demo_logins_have_their_roles(settings, client):
    settings.DEMO_MODE = True
    call_command("load_demo")
    for username, role in LOGINS.items():
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        response = client.post("/login/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        client.post("/logout/")
