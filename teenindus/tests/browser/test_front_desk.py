"""A visitor's way through a local office in a browser: the info specialist checks them in, a
specialist calls them to a desk while the waiting-room display (no sign-in) shows the number, the
specialist issues a certificate PDF and serves them; the certificate is in the document register
and the visit in the customer's contact history."""

import io
import re
from datetime import date

import pdfplumber
import pytest
from django.contrib.auth.models import Group

from teenindus.accounts import roles
from teenindus.accounts.models import User
from teenindus.contacts.models import Channel, Contact, Topic
from teenindus.customers import services as customer_services
from teenindus.frontdesk.models import Desk, Office, Service
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.papers.defaults import paper_templates_ensure
from teenindus.registry.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _staff(username: str, first: str, last: str, position: Position) -> User:
    user = User.objects.create_user(username=username, password="demo", first_name=first, last_name=last)
    user.groups.add(Group.objects.get(name=roles.INFO_SPECIALIST))
    employee = Employee.objects.create(first_name=first, last_name=last, user=user)
    Employment.objects.create(employee=employee, position=position, start_date=date(2024, 1, 1))
    return user


@pytest.fixture
def office(db):
    agency = Agency.objects.create(name="Sotsiaalkindlustusamet", registry_code="70001975")
    unit = Unit.objects.create(agency=agency, name="Tartu esindus", kind="office")
    position = Position.objects.create(unit=unit, title="Infospetsialist")
    greeter = _staff("infolett", "Marek", "Saar", position)
    _staff("lett2", "Svetlana", "Smirnova", position)
    topic = Topic.objects.create(name="Pensionid", code="pensionid")
    office = Office.objects.create(unit=unit, code="tartu", name="Tartu esindus")
    service = Service.objects.create(office=office, name="Pensionid", prefix="A", topic=topic)
    desk = Desk.objects.create(office=office, name="Laud 3")
    desk.services.set([service])
    paper_templates_ensure()
    customer = customer_services.person_create(
        actor=greeter, first_name="Helgi", last_name="Tamm", isikukood="44805090330", language="et"
    )
    return desk, customer


def _login(page, url: str, username: str) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("Kasutajanimi").fill(username)
    page.get_by_label("Parool").fill("demo")
    page.get_by_role("button", name="Logi sisse").click()


def _pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def test_a_visitor_is_checked_in_called_given_a_certificate_and_served(live_server, browser, office):
    desk, customer = office

    def context():
        ctx = browser.new_context(locale="et-EE", timezone_id="Europe/Tallinn")
        page = ctx.new_page()
        page.set_default_timeout(15000)
        return page

    # The info specialist checks the visitor in with their need and the customer.
    greeter = context()
    _login(greeter, live_server.url, "infolett")
    greeter.goto(f"{live_server.url}/frontdesk/tartu/")
    greeter.get_by_label("Klient (kood või nimi)").fill("44805090330")
    greeter.get_by_role("button", name="Otsi").click()
    greeter.get_by_role("link", name="Vali").click()
    greeter.get_by_text("Helgi Tamm").first.wait_for()
    greeter.get_by_label("Teenus").select_option(label="A · Pensionid")
    greeter.get_by_label("Soov").fill("Tõend pensioni kohta")
    greeter.get_by_role("button", name="Anna number").click()
    number = greeter.locator("h1.ticket-number").inner_text().strip()
    assert re.fullmatch(r"A\d{3}", number), number

    # The waiting-room display needs no sign-in and shows no number called yet.
    display = context()
    display.goto(f"{live_server.url}/ootesaal/tartu/")
    assert number in display.locator("#waiting").inner_text()
    assert number not in display.locator("#calls").inner_text()

    # A specialist signs in to the desk and calls the next visitor.
    specialist = context()
    _login(specialist, live_server.url, "lett2")
    specialist.goto(f"{live_server.url}/frontdesk/desk/{desk.pk}/")
    specialist.get_by_role("button", name="Logi selle laua taha").click()
    specialist.get_by_role("button", name="Kutsu järgmine").click()
    assert specialist.locator("h2.ticket-number").inner_text().strip() == number

    # The display shows the number at the desk within a poll or two (the locator waits up to 5 s),
    # and never the customer's name.
    display.locator("#calls tr.latest", has_text=number).wait_for(timeout=5000)
    shown = display.locator("body").inner_text()
    assert "Laud 3" in shown
    assert "Helgi" not in shown and "Tamm" not in shown

    # At the desk: issue a pension certificate, printed.
    specialist.get_by_role("link", name="Väljasta dokument").click()
    specialist.get_by_role("link", name="Tõend pensioni saamise kohta").click()
    specialist.get_by_label("Pensioni liik").fill("vanaduspensioni")
    specialist.get_by_label("Periood").fill("01.01.2026–31.12.2026")
    specialist.get_by_label("Summa (eurot kuus)").fill("812,40")
    specialist.get_by_label("Esitamiseks").fill("Tartu Linnavalitsus")
    specialist.get_by_role("button", name="Väljasta", exact=True).click()
    registration = specialist.locator("#paper-number").inner_text().strip()
    pdf_href = specialist.get_by_role("link", name="Ava PDF printimiseks").get_attribute("href")
    response = specialist.request.get(f"{live_server.url}{pdf_href}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = _pdf_text(response.body())
    assert "Helgi Tamm" in text and "44805090330" in text and registration in text
    assert "812,40" in text

    # Back at the desk the visitor is served.
    specialist.goto(f"{live_server.url}/frontdesk/desk/{desk.pk}/")
    specialist.get_by_role("button", name="Teenindatud").click()
    specialist.get_by_role("button", name="Kutsu järgmine").wait_for()

    # The certificate is in the register as an outgoing document about the customer.
    specialist.goto(f"{live_server.url}/registry/")
    specialist.get_by_text(registration).first.wait_for()
    document = Document.objects.get(number=registration)
    assert document.direction == "out" and document.party_customer_id == customer.pk
    assert document.files.count() == 1

    # The visit is in the customer's contact history.
    visit = Contact.objects.get(customer=customer, channel=Channel.VISIT)
    assert visit.topic.code == "pensionid" and visit.handled_by.username == "lett2"
    specialist.goto(f"{live_server.url}/customers/{customer.pk}/")
    history = specialist.locator("#contact-history")
    history.get_by_text("Külastus").first.wait_for()
    assert "Pensionid" in history.inner_text()
