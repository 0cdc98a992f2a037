"""Contacts without a call (the front desk's screen) and their follow-ups on the start page."""

from datetime import date

import pytest
from django.urls import reverse

from teenindus.audit.context import AccessContext
from teenindus.audit.models import AccessLog, ChangeEvent
from teenindus.contacts import selectors
from teenindus.contacts.models import Contact, Topic
from teenindus.contacts.services import contact_followup_close, contact_record
from teenindus.core.exceptions import ConflictError, PermissionDeniedError, ValidationFailed
from teenindus.org.models import Agency, Employee, Employment, Position, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(db):
    parent = Topic.objects.create(name="Pensionid", code="pensionid")
    return Topic.objects.create(name="Vanaduspension", code="vanaduspension", parent=parent)


@pytest.fixture
def line(users):
    """The team lead manages the agent's position; the info specialist works in another line."""
    agency = Agency.objects.create(name="Amet")
    unit = Unit.objects.create(agency=agency, name="Kõnekeskus", kind="section")
    lead = Position.objects.create(unit=unit, title="Talitusejuhataja", is_manager=True)
    agent = Position.objects.create(unit=unit, title="Kliendinõustaja", manager=lead)
    desk = Position.objects.create(unit=unit, title="Infospetsialist")
    for key, position in (("teamlead", lead), ("agent", agent), ("info", desk)):
        employee = Employee.objects.create(first_name=key.title(), last_name="Test", user=users[key])
        Employment.objects.create(employee=employee, position=position, start_date=date(2024, 1, 1))


def _record(user, topic, outcome="call_back", customer=None, channel="visit"):
    return contact_record(
        actor=user,
        channel=channel,
        topic_id=topic.pk,
        outcome=outcome,
        customer_id=customer.pk if customer else None,
    )


def _ctx(user):
    return AccessContext(actor=user, view="test", purpose="test")


# --- services -----------------------------------------------------------------------------------


def test_a_call_back_is_open_until_its_handler_closes_it_once(users, topic, sentinel):
    contact = _record(users["info"], topic, customer=sentinel)
    assert contact.followup_open and contact.call_id == ""
    closed = contact_followup_close(
        actor=users["info"], contact_id=contact.pk, note="Helistasin, lahendatud."
    )
    assert not closed.followup_open and closed.followup_closed_by == users["info"]
    assert ChangeEvent.objects.filter(event="contact.followup_closed", entity_id=str(contact.pk)).exists()
    with pytest.raises(ConflictError):
        contact_followup_close(actor=users["info"], contact_id=contact.pk)
    contact.refresh_from_db()
    assert contact.followup_note == "Helistasin, lahendatud."  # the second close changed nothing


def test_a_solved_contact_has_no_follow_up_to_close(users, topic):
    contact = _record(users["info"], topic, outcome="solved")
    assert not contact.followup_open
    with pytest.raises(ValidationFailed):
        contact_followup_close(actor=users["info"], contact_id=contact.pk)


def test_only_the_handler_or_their_team_lead_closes_a_follow_up(users, topic, line):
    contact = _record(users["agent"], topic)
    for outsider in ("info", "senior", "manager"):  # colleagues and leads of other lines
        with pytest.raises(PermissionDeniedError):
            contact_followup_close(actor=users[outsider], contact_id=contact.pk)
    assert Contact.objects.get(pk=contact.pk).followup_open
    contact_followup_close(actor=users["teamlead"], contact_id=contact.pk)
    assert not Contact.objects.get(pk=contact.pk).followup_open


def test_a_too_long_note_is_refused_and_nothing_changes(users, topic):
    contact = _record(users["info"], topic)
    with pytest.raises(ValidationFailed):
        contact_followup_close(actor=users["info"], contact_id=contact.pk, note="x" * 501)
    assert Contact.objects.get(pk=contact.pk).followup_open


# --- selectors ----------------------------------------------------------------------------------


def test_own_follow_ups_are_call_backs_and_escalations_not_closed_and_logged(users, topic, sentinel):
    call_back = _record(users["info"], topic, customer=sentinel)
    escalated = _record(users["info"], topic, outcome="escalated")
    _record(users["info"], topic, outcome="solved", customer=sentinel)
    _record(users["agent"], topic)  # someone else's
    closed = _record(users["info"], topic)
    contact_followup_close(actor=users["info"], contact_id=closed.pk)
    rows, total = selectors.followups_mine(ctx=_ctx(users["info"]))
    assert [c.pk for c in rows] == [call_back.pk, escalated.pk] and total == 2
    assert AccessLog.objects.filter(customer=sentinel, actor=users["info"], action="followups").count() == 1


def test_a_shortened_list_counts_them_all(users, topic):
    for _ in range(3):
        _record(users["info"], topic)
    rows, total = selectors.followups_mine(ctx=_ctx(users["info"]), limit=2)
    assert len(rows) == 2 and total == 3


def test_a_team_lead_sees_her_peoples_call_backs_without_follow_up_only(users, topic, line, sentinel):
    call_back = _record(users["agent"], topic, customer=sentinel)
    _record(users["agent"], topic, outcome="escalated")  # tickets will take it over
    _record(users["info"], topic)  # not in her line
    rows, total = selectors.callbacks_waiting_in_team(ctx=_ctx(users["teamlead"]))
    assert [c.pk for c in rows] == [call_back.pk] and total == 1
    assert AccessLog.objects.filter(
        customer=sentinel, actor=users["teamlead"], action="team_followups"
    ).exists()
    # An agent has no team to oversee.
    assert selectors.callbacks_waiting_in_team(ctx=_ctx(users["agent"])) == ([], 0)


# --- views --------------------------------------------------------------------------------------


def _form(topic, outcome="call_back", channel="letter", note="Küsib vanaduspensioni kohta"):
    return {"rec-channel": channel, "rec-topic": topic.pk, "rec-outcome": outcome, "rec-note": note}


def test_the_front_desk_records_a_visit_from_the_customer_card(client_for, users, topic, sentinel):
    client = client_for("info")
    card = client.get(reverse("customers:detail", args=[sentinel.pk])).content.decode()
    url = reverse("contacts:customer_record", args=[sentinel.pk])
    assert f'href="{url}"' in card
    page = client.get(url)
    assert page.status_code == 200 and "Sentinella" in page.content.decode()
    assert AccessLog.objects.filter(customer=sentinel, view="contacts:customer_record").exists()
    response = client.post(url, _form(topic, channel="visit"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "customers:detail", args=[sentinel.pk]
    )
    contact = Contact.objects.get()
    assert (contact.customer, contact.channel, contact.handled_by, contact.outcome) == (
        sentinel,
        "visit",
        users["info"],
        "call_back",
    )


def test_a_contact_without_a_customer_from_the_contacts_page(client_for, users, topic):
    client = client_for("info")
    assert client.get(reverse("contacts:index")).status_code == 200
    response = client.post(reverse("contacts:index"), _form(topic, outcome="solved", channel="email"))
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.customer is None and contact.channel == "email" and not contact.followup_open


def test_bad_input_is_refused_in_estonian_and_saves_nothing(client_for, topic, sentinel):
    client = client_for("info")
    url = reverse("contacts:customer_record", args=[sentinel.pk])
    for bad in (
        _form(topic, channel="ticket"),
        _form(topic, outcome="lost"),
        {**_form(topic), "rec-topic": ""},
    ):
        response = client.post(url, bad, HTTP_ACCEPT_LANGUAGE="et")
        assert response.status_code == 200 and 'class="error"' in response.content.decode()
    assert not Contact.objects.exists()


def test_a_follow_up_stays_on_the_start_page_until_closed_there(client_for, users, topic, sentinel):
    client = client_for("info")
    client.post(reverse("contacts:customer_record", args=[sentinel.pk]), _form(topic))
    contact = Contact.objects.get()
    home = client.get(reverse("home")).content.decode()
    assert reverse("contacts:detail", args=[contact.pk]) in home and "Sentinella" in home
    assert AccessLog.objects.filter(customer=sentinel, view="home", actor=users["info"]).exists()
    close = reverse("contacts:followup_close", args=[contact.pk])
    response = client.post(close, {"next": reverse("home")})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    home = client.get(reverse("home")).content.decode()
    assert reverse("contacts:detail", args=[contact.pk]) not in home


def test_the_close_action_never_redirects_off_site(client_for, users, topic):
    contact = _record(users["info"], topic)
    response = client_for("info").post(
        reverse("contacts:followup_close", args=[contact.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("contacts:detail", args=[contact.pk])


def test_someone_elses_follow_up_cannot_be_closed(client_for, users, topic):
    contact = _record(users["agent"], topic)
    response = client_for("info").post(reverse("contacts:followup_close", args=[contact.pk]))
    assert response.status_code == 403
    assert Contact.objects.get(pk=contact.pk).followup_open


def test_a_contacts_page_is_a_logged_look_at_its_customer(client_for, users, topic, sentinel):
    contact = _record(users["agent"], topic, customer=sentinel)
    response = client_for("second").get(reverse("contacts:detail", args=[contact.pk]))
    assert response.status_code == 200 and "Sentinella" in response.content.decode()
    assert AccessLog.objects.filter(customer=sentinel, actor=users["second"], view="contacts:detail").exists()
    assert client_for("hr").get(reverse("contacts:detail", args=[contact.pk])).status_code == 403


def test_the_contacts_page_logs_the_customers_it_lists(client_for, users, topic, sentinel):
    _record(users["info"], topic, customer=sentinel)
    client_for("info").get(reverse("contacts:index"))
    assert AccessLog.objects.filter(customer=sentinel, actor=users["info"], view="contacts:index").exists()


def test_the_team_lead_sees_the_call_back_on_her_start_page(client_for, users, topic, line):
    contact = _record(users["agent"], topic)
    home = client_for("teamlead").get(reverse("home")).content.decode()
    assert 'id="work-team-callbacks"' in home and reverse("contacts:detail", args=[contact.pk]) in home
