"""On a 390 px phone the customer card with a long contact history holds: the page never scrolls
sideways; the history table scrolls inside its own container. The exit talk's reasons sit beside
their checkboxes."""

from datetime import date

import pytest
from django.contrib.auth.models import Group

from conftest import SENTINEL_IK
from teenindus.accounts import roles
from teenindus.accounts.models import User
from teenindus.contacts.models import Topic
from teenindus.contacts.services import contact_record
from teenindus.customers import services
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.people.models import Conversation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE = "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


@pytest.fixture
def agent(db):
    user = User.objects.create_user(
        username="noustaja", password="demo", first_name="Kadri", last_name="Tamm"
    )
    user.groups.add(Group.objects.get(name=roles.AGENT))
    return user


@pytest.fixture
def customer_with_history(agent):
    customer = services.person_create(
        actor=agent,
        first_name="Aleksandra-Margareta",
        last_name="Jälgitavsalu-Vanaisatalu",
        isikukood=SENTINEL_IK,
        phone="55512345",
        email="aleksandra.margareta.jalgitavsalu-vanaisatalu@example.ee",
    )
    parent = Topic.objects.create(name="Peretoetused ja lapsehoolduspuhkuse hüvitised", code="pere")
    topic = Topic.objects.create(
        name="Vanemahüvitise ümberarvutamine pärast sissetuleku muutumist",
        code="vanemahyvitis",
        parent=parent,
    )
    for n in range(40):
        contact_record(
            actor=agent,
            channel="phone" if n % 2 else "visit",
            topic_id=topic.pk,
            outcome="call_back" if n % 3 else "solved",
            customer_id=customer.pk,
            note=f"Pöördumine {n}: klient küsis vanemahüvitise ümberarvutamise kohta ja soovis "
            "kirjalikku selgitust e-postiga aadressile aleksandra.margareta.jalgitavsalu@example.ee",
        )
    return customer


def _width(page) -> tuple[int, int]:
    scroll, client = page.evaluate(f"() => {{ {WIDE} }}")
    return scroll, client


def test_customer_card_with_a_long_history_holds_on_a_phone(
    live_server, browser, agent, customer_with_history
):
    context = browser.new_context(
        locale="et-EE", timezone_id="Europe/Tallinn", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Kasutajanimi").fill("noustaja")
        page.get_by_label("Parool").fill("demo")
        page.get_by_role("button", name="Logi sisse").click()
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/customers/{customer_with_history.pk}/")
        history = page.locator("#contact-history table")
        history.wait_for()
        assert history.locator("tbody tr").count() >= 20
        scroll, client = _width(page)
        assert client <= 390
        assert scroll <= client, f"the page scrolls sideways: {scroll} px of content in {client} px"
        # The table is wider than the phone, so it scrolls inside its own container.
        inner = page.evaluate(
            "() => { const box = document.querySelector('#contact-history .scroll');"
            " return [box.scrollWidth, box.clientWidth]; }"
        )
        assert inner[0] > inner[1]
        # The contacts page lists the same call-backs as open follow-ups (a table with a visually
        # hidden column heading, which must not stretch the page either).
        page.goto(f"{live_server.url}/contacts/")
        page.locator("table.followups").first.wait_for()
        scroll, client = _width(page)
        assert scroll <= client, f"the contacts page scrolls sideways: {scroll} px in {client} px"
    finally:
        context.close()


@pytest.fixture
def hr_and_a_leaver(db):
    hr = User.objects.create_user(username="personal", password="demo", first_name="Anu", last_name="Lepp")
    hr.groups.add(Group.objects.get(name=roles.HR_PARTNER))
    agency = Agency.objects.create(name="Amet")
    unit = Unit.objects.create(agency=agency, name="Kõnekeskuse talitus", kind="section")
    position = Position.objects.create(unit=unit, title="Kliendinõustaja")
    leaver = Employee.objects.create(first_name="Kaido", last_name="Kallas")
    employment = Employment.objects.create(
        employee=leaver, position=position, start_date=date(2024, 1, 1), end_date=date(2026, 8, 31)
    )
    return Conversation.objects.create(employment=employment, kind="exit", due_date=date(2026, 8, 31))


@pytest.mark.parametrize("width", [390, 1400])
def test_exit_reason_checkboxes_sit_beside_their_labels(live_server, browser, hr_and_a_leaver, width):
    context = browser.new_context(locale="et-EE", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Kasutajanimi").fill("personal")
        page.get_by_label("Parool").fill("demo")
        page.get_by_role("button", name="Logi sisse").click()
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/people/conversations/{hr_and_a_leaver.pk}/")
        box = page.get_by_label("Palk")
        box.wait_for()
        # The box is a box (not a field-wide input with the tick drawn in its middle), and its label's
        # text starts right after it on the same line.
        boxes = page.evaluate(
            "() => [...document.querySelectorAll('input[type=checkbox]')].map(input => {"
            " const label = input.closest('label'); const range = document.createRange();"
            " range.selectNodeContents(label); const text = [...range.getClientRects()].pop();"
            " const box = input.getBoundingClientRect();"
            " return [box.width, text.left - box.right, Math.abs(text.top + text.height / 2"
            " - (box.top + box.height / 2))]; })"
        )
        assert len(boxes) >= 8, boxes
        for box_width, gap, off_line in boxes:
            assert box_width < 30 and 0 <= gap < 20 and off_line < 8, boxes
        assert page.evaluate(f"() => {{ {WIDE} }}")[0] <= width
    finally:
        context.close()
