"""The tickets pages, per role, through the Django test client: what each role sees and may do,
what is refused (and that nothing changes then), files, IT reports, deadlines, reports, the start
page, and the access log written by every page that shows a ticket's customer."""

import csv
import hashlib
import io
from datetime import timedelta

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from teenindus.contacts.services import contact_record
from teenindus.core.models import OutboxMail
from teenindus.tickets.models import Category, SupportGroup, Ticket, TicketAttachment
from teenindus.tickets.moves import State
from teenindus.tickets.tests.fixtures import dept  # noqa: F401 - the fixture
from teenindus.tickets.tests.helpers import PDF, held_by_second, log_ids, moved, solved, ticket_new

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_(client, users):
    """as_("agent") -> the test client signed in as that role's user, reading English (the
    language menu's cookie; pages are Estonian otherwise)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def sign_in(key):
        client.force_login(users[key] if isinstance(key, str) else key)
        return client

    return sign_in


def _section(html: str, key: str) -> str:
    """One start-page section's HTML (core/home.html marks each with id="work-<key>")."""
    start = html.index(f'id="work-{key}"')
    return html[start : html.index("</section>", start)]


def _text(response) -> str:
    return response.content.decode()


# --- first level: a new ticket, "my escalations", delivering and closing ---------------------------


def test_agent_sends_a_ticket_from_the_form(as_, dept, users):  # noqa: F811
    client = as_("agent")
    page = client.get("/tickets/new/")
    assert page.status_code == 200 and "Veeluba" in _text(page)
    response = client.post(
        "/tickets/new/",
        {
            "category": dept["permit"].pk,
            "priority": "high",
            "summary": "Veeloa pikendamine",
            "description": "Klient soovib loa pikendamist.",
            "details_permit_number": "l.vv/123456",
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tickets/{ticket.pk}/"
    assert (ticket.group, ticket.category, ticket.owner) == (dept["permits"], dept["permit"], users["agent"])
    assert ticket.details == {"permit_number": "L.VV/123456"} and ticket.priority == "high"
    page = client.get(response["Location"])
    assert "<dt>Permit number</dt><dd>L.VV/123456</dd>" in _text(page)  # the detail by its label


def test_a_category_that_needs_a_detail_refuses_the_ticket_without_it(as_, dept):  # noqa: F811
    client = as_("agent")
    response = client.post(
        "/tickets/new/",
        {
            "category": dept["permit"].pk,
            "priority": "normal",
            "summary": "Veeloa pikendamine",
            "description": "Klient soovib loa pikendamist.",
        },
    )
    assert response.status_code == 422
    assert "Permit number is required for this category." in _text(response)
    assert 'value="Veeloa pikendamine"' in _text(response)  # what was typed stays on the form
    assert Ticket.objects.count() == 0


def test_a_ticket_from_a_contact_carries_its_topic_note_and_customer(as_, dept, users, sentinel):  # noqa: F811
    contact = contact_record(
        actor=users["agent"],
        channel="phone",
        topic_id=dept["topic"].pk,
        outcome="escalated",
        customer_id=sentinel.pk,
        note="Helistaja küsib veeloa kohta.",
    )
    client = as_("agent")
    page = client.get(f"/tickets/new/?contact={contact.pk}")
    form = page.context["form"]
    assert form["summary"].value() == str(dept["topic"])
    assert form["description"].value() == "Helistaja küsib veeloa kohta."
    assert f'name="contact" value="{contact.pk}"' in _text(page)
    response = client.post(
        "/tickets/new/",
        {
            "contact": contact.pk,
            "category": dept["general"].pk,
            "priority": "normal",
            "summary": form["summary"].value(),
            "description": form["description"].value(),
        },
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert (ticket.customer_id, ticket.contact_id) == (sentinel.pk, contact.pk)


def test_another_agents_contact_is_not_escalated_by_someone_else(as_, dept, users, sentinel):  # noqa: F811
    contact = contact_record(
        actor=users["agent"], channel="phone", topic_id=dept["topic"].pk, outcome="escalated"
    )
    response = as_("info").post(
        "/tickets/new/",
        {
            "contact": contact.pk,
            "category": dept["general"].pk,
            "priority": "normal",
            "summary": "S",
            "description": "D",
        },
    )
    assert response.status_code == 403
    assert "You can escalate only contacts you handled." in _text(response)
    assert Ticket.objects.count() == 0


def test_my_escalations_lists_state_and_holder_and_flags_a_solved_one(as_, dept, users):  # noqa: F811
    waiting = held_by_second(dept, users, ticket_new(dept, users, summary="Ootel pilet"))
    done = solved(dept, users, ticket_new(dept, users, summary="Lahendatud pilet"))
    ticket_new(dept, users, owner="info", summary="Kolleegi pilet")
    response = as_("agent").get("/tickets/mine/")
    text = _text(response)
    assert response.status_code == 200
    assert "Ootel pilet" in text and "Lahendatud pilet" in text and "Kolleegi pilet" not in text
    assert [t.pk for t in response.context["tickets"]] == [done.pk, waiting.pk]  # solved first
    assert str(dept["second"]) in text  # who holds it
    row = text[text.index("Lahendatud pilet") :].split("</tr>")[0]
    assert "Solved" in row and "deliver the answer" in row
    other = text[text.index("Ootel pilet") :].split("</tr>")[0]
    assert "Assigned" in other and "deliver the answer" not in other


def test_the_owner_delivers_the_answer_and_closes_through_the_page(as_, dept, users, sentinel):  # noqa: F811
    ticket = solved(dept, users, ticket_new(dept, users, customer_id=sentinel.pk))
    client = as_("agent")
    page = client.get(f"/tickets/{ticket.pk}/")
    assert 'id="move-deliver"' in _text(page) and "has not reached the customer yet" in _text(page)
    no_channel = client.post(
        f"/tickets/{ticket.pk}/move/", {"move": "deliver", "version": ticket.version, "channel": ""}
    )
    assert no_channel.status_code == 422 and "Choose how the answer was delivered." in _text(no_channel)
    ticket.refresh_from_db()
    assert ticket.state == State.SOLVED
    response = client.post(
        f"/tickets/{ticket.pk}/move/", {"move": "deliver", "version": ticket.version, "channel": "phone"}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.state, ticket.delivery_channel) == (State.DELIVERED, "phone")
    page = client.get(f"/tickets/{ticket.pk}/")
    assert 'id="move-close"' in _text(page)
    delivered = [e for e in page.context["timeline"] if e.what == "Answer delivered"]
    assert len(delivered) == 1 and delivered[0].who == users["agent"].get_full_name()
    assert ("delivery_channel", "—", "Phone") in delivered[0].changes
    assert ("state", "Solved", "Answer delivered") in delivered[0].changes
    closed = client.post(f"/tickets/{ticket.pk}/move/", {"move": "close", "version": ticket.version})
    assert closed.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == State.CLOSED and ticket.closed_at is not None
    assert ticket.pk not in [t.pk for t in client.get("/tickets/mine/").context["tickets"]]


def test_a_stale_form_is_refused_with_409_and_nothing_changes(as_, dept, users):  # noqa: F811
    ticket = held_by_second(dept, users, ticket_new(dept, users))
    stale = ticket.version
    moved(ticket, "start", users["second"])  # someone else saved it after the form was loaded
    ticket.refresh_from_db()
    before = (ticket.state, ticket.version, ticket.events.count())
    client = as_("second")
    response = client.post(
        f"/tickets/{ticket.pk}/move/", {"move": "wait_customer", "version": stale, "note": "Palun loa nr."}
    )
    assert response.status_code == 409
    assert "Someone else changed this ticket meanwhile. Nothing was saved" in _text(response)
    ticket.refresh_from_db()
    assert (ticket.state, ticket.version, ticket.events.count()) == before
    edit = client.post(
        f"/tickets/{ticket.pk}/edit/",
        {"version": stale, "priority": "urgent", "summary": "Uus", "description": "Uus kirjeldus"},
    )
    assert edit.status_code == 409 and "Someone else changed this ticket" in _text(edit)
    ticket.refresh_from_db()
    assert (ticket.summary, ticket.priority) == ("Kas luba kehtib?", "normal")


# --- second level ----------------------------------------------------------------------------------


def test_second_level_sees_its_groups_tickets_starts_and_solves(as_, dept, users):  # noqa: F811
    ticket = held_by_second(dept, users, ticket_new(dept, users))
    it_ticket = ticket_new(
        dept, users, group="it", category="it_category", details={"office": "Tartu", "device": "PC-1"}
    )
    client = as_("second")
    listed = client.get("/tickets/")
    assert [t.pk for t in listed.context["tickets"]] == [ticket.pk]
    assert client.get(f"/tickets/{it_ticket.pk}/").status_code == 404  # IT support is not their group
    page = client.get(f"/tickets/{ticket.pk}/")
    assert 'id="move-start"' in _text(page) and 'id="move-deliver"' not in _text(page)
    assert (
        client.post(f"/tickets/{ticket.pk}/move/", {"move": "start", "version": ticket.version}).status_code
        == 302
    )
    ticket.refresh_from_db()
    assert ticket.state == State.IN_PROGRESS and ticket.responded_at is not None
    response = client.post(
        f"/tickets/{ticket.pk}/move/", {"move": "solve", "version": ticket.version, "note": "Luba kehtib."}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == State.SOLVED
    assert ticket.comments.get().body == "Luba kehtib." and ticket.comments.get().visibility == "customer"


def test_second_level_cannot_deliver_the_answer(as_, dept, users):  # noqa: F811
    ticket = solved(dept, users, ticket_new(dept, users))
    response = as_("second").post(
        f"/tickets/{ticket.pk}/move/", {"move": "deliver", "version": ticket.version, "channel": "phone"}
    )
    assert response.status_code == 403
    assert "Your part in this ticket does not allow this." in _text(response)
    ticket.refresh_from_db()
    assert (ticket.state, ticket.delivered_at, ticket.delivery_channel) == (State.SOLVED, None, "")


def test_second_level_assigns_within_the_group(as_, dept, users):  # noqa: F811
    ticket = held_by_second(dept, users, ticket_new(dept, users))
    client = as_("second")
    outsider_employee = dept["agent"]  # not a member of the group
    refused = client.post(
        f"/tickets/{ticket.pk}/assign/", {"version": ticket.version, "assignee": outsider_employee.pk}
    )
    assert refused.status_code == 400
    response = client.post(
        f"/tickets/{ticket.pk}/assign/", {"version": ticket.version, "assignee": dept["second2"].pk}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.assignee == dept["second2"]


# --- who is refused --------------------------------------------------------------------------------


def test_an_outsider_is_refused_everywhere(as_, dept, users, sentinel):  # noqa: F811
    ticket = ticket_new(dept, users, customer_id=sentinel.pk)
    version = ticket.version
    client = as_("outsider")
    for url in [
        "/tickets/",
        "/tickets/mine/",
        "/tickets/new/",
        "/tickets/it/",
        "/tickets/deadlines/",
        "/tickets/reports/",
        "/tickets/reports/export/?format=csv",
        f"/tickets/{ticket.pk}/",
        f"/tickets/{ticket.pk}/edit/",
    ]:
        assert client.get(url).status_code in (403, 404), url
    for url in ["move", "assign", "comment", "attach", "jira/resend"]:
        assert client.post(f"/tickets/{ticket.pk}/{url}/", {"move": "start", "version": 1}).status_code in (
            403,
            404,
        )
    ticket.refresh_from_db()
    assert ticket.version == version and ticket.comments.count() == 0 and ticket.attachments.count() == 0
    assert not log_ids(sentinel, users["outsider"])


def test_an_agent_does_not_see_another_agents_ticket(as_, dept, users, sentinel):  # noqa: F811
    ticket = ticket_new(dept, users, customer_id=sentinel.pk)
    client = as_("info")
    assert client.get(f"/tickets/{ticket.pk}/").status_code == 404
    assert (
        client.post(f"/tickets/{ticket.pk}/comment/", {"body": "Tere", "visibility": "internal"}).status_code
        == 404
    )
    assert ticket.comments.count() == 0
    assert client.get("/tickets/").context["tickets"] == []
    assert not log_ids(sentinel, users["info"])


def test_a_ticket_listed_by_a_role_without_tickets_is_refused(as_, dept, users):  # noqa: F811
    ticket = ticket_new(dept, users)
    client = as_("hr")
    assert client.get("/tickets/").status_code == 403
    assert client.get(f"/tickets/{ticket.pk}/").status_code == 403


# --- attachments -----------------------------------------------------------------------------------


def _upload(client, ticket, name, data):
    return client.post(f"/tickets/{ticket.pk}/attach/", {"file": SimpleUploadedFile(name, data)})


def test_a_pdf_is_kept_with_its_checksum_and_downloaded_by_who_may_see_it(as_, dept, users):  # noqa: F811
    ticket = held_by_second(dept, users, ticket_new(dept, users))
    client = as_("agent")
    response = _upload(client, ticket, "otsus.pdf", PDF)
    assert response.status_code == 302
    stored = TicketAttachment.objects.get()
    assert (stored.name, stored.content_type, stored.size) == ("otsus.pdf", "application/pdf", len(PDF))
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert "otsus.pdf" in _text(client.get(f"/tickets/{ticket.pk}/"))
    for who in ("agent", "second", "teamlead"):
        download = as_(who).get(f"/tickets/{ticket.pk}/files/{stored.pk}/")
        assert download.status_code == 200, who
        assert download.content == PDF and download["Content-Type"] == "application/pdf"
        assert download["Content-Disposition"].startswith("attachment;")
        assert "otsus.pdf" in download["Content-Disposition"]
    assert as_("info").get(f"/tickets/{ticket.pk}/files/{stored.pk}/").status_code == 404
    other = ticket_new(dept, users, owner="agent")
    assert as_("agent").get(f"/tickets/{other.pk}/files/{stored.pk}/").status_code == 404


@pytest.mark.parametrize(
    "data, message",
    [
        (b"<!doctype html><html><script>alert(1)</script></html>", "does not match its content"),
        (
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64,
            "This kind of file is not accepted",
        ),
    ],
    ids=["html", "executable"],
)
def test_a_disguised_file_is_refused(as_, dept, users, data, message):  # noqa: F811
    ticket = ticket_new(dept, users)
    response = _upload(as_("agent"), ticket, "otsus.pdf", data)
    assert response.status_code == 422 and message in _text(response)
    assert TicketAttachment.objects.count() == 0 and not ticket.events.filter(kind="attachment").exists()


def test_an_oversize_file_and_the_same_file_twice_are_refused(as_, dept, users, settings):  # noqa: F811
    settings.TICKET_ATTACHMENT_MAX_BYTES = len(PDF) + 10
    ticket = ticket_new(dept, users)
    client = as_("agent")
    big = _upload(client, ticket, "suur.pdf", PDF + b"%" * 100)
    assert big.status_code == 400 and "The file is larger than" in _text(big)
    assert _upload(client, ticket, "otsus.pdf", PDF).status_code == 302
    again = _upload(client, ticket, "koopia.pdf", PDF)
    assert again.status_code == 409 and "This file is on the ticket already." in _text(again)
    assert TicketAttachment.objects.count() == 1


# --- IT problem reports ----------------------------------------------------------------------------


def test_an_it_problem_report_goes_to_it_support_and_tells_the_line_manager(as_, dept, users):  # noqa: F811
    client = as_("agent")
    assert client.get("/tickets/it/").status_code == 200
    response = client.post(
        "/tickets/it/",
        {
            "office": "Tartu esindus",
            "device": "PC-0042",
            "what_happened": "Printer ei tööta.",
            "priority": "high",
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tickets/{ticket.pk}/"
    assert (ticket.group, ticket.kind, ticket.owner) == (dept["it"], Ticket.Kind.IT_PROBLEM, users["agent"])
    assert ticket.details == {"office": "Tartu esindus", "device": "PC-0042"}
    mail = OutboxMail.objects.get(to="lead@x.ee")
    assert "PC-0042" in mail.body and "Printer ei tööta." in mail.body


def test_an_it_report_without_what_happened_is_refused(as_, dept):  # noqa: F811
    response = as_("agent").post("/tickets/it/", {"office": "Tartu", "device": "PC", "what_happened": ""})
    assert response.status_code == 400
    assert Ticket.objects.count() == 0 and OutboxMail.objects.count() == 0


# --- team lead: deadlines and reports --------------------------------------------------------------


def test_the_team_lead_sees_a_ticket_past_due(as_, dept, users):  # noqa: F811
    late = ticket_new(dept, users, summary="Hiljaks jäänud pilet")
    soon = ticket_new(dept, users, summary="Varsti tähtajal")
    now = timezone.now()
    Ticket.objects.filter(pk=late.pk).update(next_due=now - timedelta(hours=2))
    Ticket.objects.filter(pk=soon.pk).update(next_due=now + timedelta(hours=1))
    response = as_("teamlead").get("/tickets/deadlines/")
    assert response.status_code == 200
    text = _text(response)
    past, warnings = text.split('id="h-warn"')
    assert "Past due" in past and "Hiljaks jäänud pilet" in past and "Varsti tähtajal" not in past
    assert "Varsti tähtajal" in warnings
    assert as_("agent").get("/tickets/deadlines/").status_code == 403


@pytest.fixture
def formula_group(dept, users):  # noqa: F811
    group = SupportGroup.objects.create(name='=HYPERLINK("http://x")', code="formula")
    category = Category.objects.create(group=group, name="+SUM(A1)", code="sum")
    from teenindus.tickets.services.lifecycle import ticket_create

    ticket_create(
        actor=users["agent"], group_id=group.pk, category_id=category.pk, summary="=1+1", description="D"
    )
    return group


def test_the_reports_page_and_its_exports(as_, dept, users, formula_group):  # noqa: F811
    ticket_new(dept, users)
    client = as_("teamlead")
    page = client.get("/tickets/reports/")
    assert page.status_code == 200 and "Load" in _text(page)
    for table in ("open", "performance"):
        response = client.get(f"/tickets/reports/export/?format=csv&table={table}")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        cells = [cell for row in rows for cell in row]
        assert '\'=HYPERLINK("http://x")' in cells and '=HYPERLINK("http://x")' not in cells
        assert "Load" in cells
        xlsx = client.get(f"/tickets/reports/export/?format=xlsx&table={table}")
        assert xlsx.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
        values = [c.value for row in sheet.iter_rows() for c in row]
        assert "Load" in values
        assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    assert client.get("/tickets/reports/export/?format=exe").status_code == 400
    assert client.get("/tickets/reports/?start=2026-02-01&end=2026-01-01").status_code == 400
    assert as_("agent").get("/tickets/reports/export/?format=csv").status_code == 403


# --- the start page --------------------------------------------------------------------------------


def test_the_start_page_shows_each_role_its_tickets(as_, dept, users):  # noqa: F811
    done = solved(dept, users, ticket_new(dept, users, summary="Vastus ootab edastamist"))
    held = held_by_second(dept, users, ticket_new(dept, users, summary="Spetsialisti käes"))
    Ticket.objects.filter(pk=held.pk).update(next_due=timezone.now() - timedelta(hours=1))
    agent = _text(as_("agent").get("/"))
    assert "Solved: deliver the answer" in agent
    assert f"#{done.pk} Vastus ootab edastamist" in _section(agent, "tickets-deliver")
    assert "Spetsialisti käes" not in _section(agent, "tickets-deliver")
    second = _text(as_("second").get("/"))
    assert "Tickets you hold" in second
    assert f"#{held.pk} Spetsialisti käes" in _section(second, "tickets-assigned")
    lead = _text(as_("teamlead").get("/"))
    assert "Tickets past due" in lead
    assert f"#{held.pk} Spetsialisti käes" in _section(lead, "tickets-breached")


# --- the access log --------------------------------------------------------------------------------


def test_every_page_showing_a_tickets_customer_logs_it(as_, dept, users, sentinel):  # noqa: F811
    ticket = solved(dept, users, ticket_new(dept, users, customer_id=sentinel.pk))
    Ticket.objects.filter(pk=ticket.pk).update(next_due=timezone.now() - timedelta(hours=1))
    pages = {
        "agent": ["/tickets/", f"/tickets/{ticket.pk}/", "/tickets/mine/", "/"],
        "second": ["/tickets/", f"/tickets/{ticket.pk}/"],
        "teamlead": ["/tickets/", f"/tickets/{ticket.pk}/", "/tickets/deadlines/", "/"],
    }
    for role, urls in pages.items():
        client = as_(role)
        for url in urls:
            before = log_ids(sentinel, users[role])
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            assert sentinel.last_name in _text(response), (role, url)
            new = log_ids(sentinel, users[role]) - before
            assert new, f"{role} {url} showed the customer without a log row"


# --- editing, comments, filters, a group kept in JIRA -----------------------------------------------


def test_the_owner_edits_the_ticket_and_the_deadline_rule_follows_the_priority(as_, dept, users):  # noqa: F811
    ticket = ticket_new(dept, users, category="permit", details={"permit_number": "L.VV/1"})
    client = as_("agent")
    form = client.get(f"/tickets/{ticket.pk}/edit/").context["form"]
    assert form["summary"].value() == ticket.summary and form["details_permit_number"].value() == "L.VV/1"
    missing = client.post(
        f"/tickets/{ticket.pk}/edit/",
        {"version": ticket.version, "priority": "urgent", "summary": "Uus", "description": "Uus kirjeldus"},
    )
    assert missing.status_code == 422 and "Permit number is required" in _text(missing)
    response = client.post(
        f"/tickets/{ticket.pk}/edit/",
        {
            "version": ticket.version,
            "priority": "urgent",
            "summary": "Uus",
            "description": "Uus kirjeldus",
            "details_permit_number": "L.VV/1",
        },
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.summary, ticket.priority, ticket.sla_response_hours) == ("Uus", "urgent", 1)
    assert ticket.events.filter(kind="edited").exists()


def test_comments_are_kept_apart_and_a_specialists_is_the_first_response(as_, dept, users):  # noqa: F811
    ticket = held_by_second(dept, users, ticket_new(dept, users))
    assert (
        as_("agent")
        .post(f"/tickets/{ticket.pk}/comment/", {"body": "Klient helistas uuesti.", "visibility": "internal"})
        .status_code
        == 302
    )
    ticket.refresh_from_db()
    assert ticket.responded_at is None  # the owner's own comment is no response
    client = as_("second")
    response = client.post(
        f"/tickets/{ticket.pk}/comment/", {"body": "Palun oodake.", "visibility": "customer"}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.responded_at is not None
    page = client.get(f"/tickets/{ticket.pk}/")
    assert [c.body for c in page.context["comments"]["internal"]] == ["Klient helistas uuesti."]
    assert [c.body for c in page.context["comments"]["customer"]] == ["Palun oodake."]
    empty = client.post(f"/tickets/{ticket.pk}/comment/", {"body": "", "visibility": "internal"})
    assert empty.status_code == 400 and ticket.comments.count() == 2


def test_the_list_filters_by_state_group_and_breach(as_, dept, users):  # noqa: F811
    new = ticket_new(dept, users, summary="Uus")
    late = ticket_new(dept, users, summary="Hiline")
    Ticket.objects.filter(pk=late.pk).update(next_due=timezone.now() - timedelta(hours=1))
    done = solved(dept, users, ticket_new(dept, users, summary="Valmis"))
    moved(done, "deliver", users["agent"], channel="phone")
    moved(done, "close", users["agent"])
    it = ticket_new(dept, users, group="it", category="it_category", details={"office": "T", "device": "PC"})
    client = as_("agent")

    def shown(query=""):
        response = client.get(f"/tickets/{query}")
        assert response.status_code == 200
        return {t.pk for t in response.context["tickets"]}

    assert shown() == {new.pk, late.pk, it.pk}  # open ones by default
    assert shown("?state=") == {new.pk, late.pk, it.pk, done.pk}
    assert shown("?state=closed") == {done.pk}
    assert shown(f"?group={dept['it'].pk}") == {it.pk}
    assert shown("?breached=1") == {late.pk}
    assert shown("?group=abc") == {new.pk, late.pk, it.pk}  # a malformed filter is no filter
    assert shown(f"?group={10**25}") == set()  # no group has that id (and the query does not fail)
    assert client.get(f"/tickets/{10**25}/").status_code == 404
    held_by_second(dept, users, new)
    assert {t.pk for t in as_("second").get("/tickets/?scope=assigned").context["tickets"]} == {new.pk}


def test_a_ticket_kept_in_jira_offers_its_owner_no_second_level_moves(as_, dept, users, settings):  # noqa: F811
    ticket = ticket_new(dept, users, group="jira_group", category="jira_category")
    assert ticket.jira_sync == Ticket.JiraSync.PENDING
    page = as_("teamlead").get(f"/tickets/{ticket.pk}/")
    assert page.status_code == 200
    assert not {"start", "solve", "wait_customer"} & {name for name, _m in page.context["moves"]}
    assert page.context["assign_form"] is None  # JIRA assigns its own
    Ticket.objects.filter(pk=ticket.pk).update(jira_sync=Ticket.JiraSync.FAILED, jira_error="HTTP 400")
    client = as_("agent")
    page = client.get(f"/tickets/{ticket.pk}/")
    assert "HTTP 400" in _text(page) and page.context["may_resend"]
    response = client.post(f"/tickets/{ticket.pk}/jira/resend/")
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.jira_sync == Ticket.JiraSync.PENDING and ticket.events.filter(kind="jira_resend").exists()
    again = client.post(f"/tickets/{ticket.pk}/jira/resend/", follow=True)
    assert "This ticket is not waiting to be sent to JIRA." in _text(again)


def test_my_escalations_never_cuts_off_a_solved_ticket(dept, users):  # noqa: F811
    """However many older tickets the owner has open, the solved ones (the answer to deliver) are on
    the list."""
    from teenindus.audit.context import AccessContext
    from teenindus.tickets.selectors import escalations_mine

    older = [ticket_new(dept, users, summary=f"Vana {n}") for n in range(3)]
    done = solved(dept, users, ticket_new(dept, users, summary="Lahendatud"))
    ctx = AccessContext(actor=users["agent"], view="test", purpose="test", channel="ui")
    assert [t.pk for t in escalations_mine(ctx=ctx, limit=2)] == [done.pk, older[0].pk]
    assert [t.pk for t in escalations_mine(ctx=ctx)] == [done.pk, *[t.pk for t in older]]
