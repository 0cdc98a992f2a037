"""An agent signs in, finds a customer by isikukood, opens the card; the access log has it."""

import re

import pytest
from django.contrib.auth.models import Group

from conftest import SENTINEL_IK
from teenindus.accounts import roles
from teenindus.accounts.models import User
from teenindus.audit.models import AccessLog
from teenindus.customers import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def noustaja(db):
    user = User.objects.create_user(
        username="noustaja", password="demo", first_name="Kadri", last_name="Tamm"
    )
    user.groups.add(Group.objects.get(name=roles.AGENT))
    return user


@pytest.fixture
def customer(noustaja):
    return services.person_create(
        actor=noustaja,
        first_name="Sentinella",
        last_name="Jälgitavsalu",
        isikukood=SENTINEL_IK,
        phone="55512345",
    )


def test_agent_finds_a_customer_by_isikukood_and_the_look_is_logged(live_server, page, noustaja, customer):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Kasutajanimi").fill("noustaja")
    page.get_by_label("Parool").fill("demo")
    page.get_by_role("button", name="Logi sisse").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Tere päevast, Kadri Tamm" in page.content()

    page.get_by_role("link", name="Kliendid").first.click()
    page.get_by_label("Päringu eesmärk").fill("Kõne infotelefonil")
    # Typing runs the live search through htmx; the results replace only their own region.
    page.get_by_label("Otsi").fill(SENTINEL_IK)
    result = page.locator("#results").get_by_role("link", name="Sentinella Jälgitavsalu")
    result.wait_for()
    result.click()
    page.wait_for_url(re.compile(rf"/customers/{customer.pk}/"))
    assert page.locator("#customer-code").inner_text() == SENTINEL_IK

    page.locator("#contact-history").get_by_text("Pöördumisi veel ei ole.").wait_for()
    rows = list(AccessLog.objects.filter(customer=customer).order_by("at", "id"))
    # The live search may run more than once while typing; then the card and its contact history.
    assert {(r.actor.username, r.action, r.purpose) for r in rows} == {
        ("noustaja", "search", "Kõne infotelefonil"),
        ("noustaja", "view", "Kõne infotelefonil"),
        ("noustaja", "contacts", "Kõne infotelefonil"),
    }
    page.screenshot(path="var/browser-customer-card.png", full_page=True)
