"""The tickets API with personal tokens: create, list with filters, get, comment, transition, assign,
attach — the same services as the pages, with bad input answered as 4xx JSON {detail, field} and
nothing changed, and a ticket outside the caller's scope told apart from nothing (404)."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from teenindus.accounts.services import api_token_create
from teenindus.tickets.models import Ticket, TicketAttachment, TicketComment
from teenindus.tickets.moves import State
from teenindus.tickets.tests.fixtures import dept  # noqa: F401 - the fixture
from teenindus.tickets.tests.helpers import PDF, held_by_second, log_ids, solved, ticket_new

pytestmark = pytest.mark.django_db

BASE = "/api/v1/tickets"


@pytest.fixture
def api(client, users):
    """api("agent").get(url) / .post(url, body) -> the response, with that user's Bearer token."""

    class Caller:
        def __init__(self, user):
            self.auth = {
                "HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=user, user=user, name='t')[1]}",
                "HTTP_ACCEPT_LANGUAGE": "en",
            }

        def get(self, url, **params):
            return client.get(url, params, **self.auth)

        def post(self, url, body=None, **extra):
            if "data" in extra:  # multipart
                return client.post(url, extra["data"], **self.auth)
            return client.post(url, json.dumps(body or {}), content_type="application/json", **self.auth)

    made = {}

    def caller(key):
        user = users[key] if isinstance(key, str) else key
        made.setdefault(user.pk, Caller(user))
        return made[user.pk]

    return caller


def _body(dept, **extra):  # noqa: F811
    return {
        "group_id": dept["permits"].pk,
        "category_id": dept["general"].pk,
        "summary": "Kas luba kehtib?",
        "description": "Klient küsib, kas tema veeluba kehtib.",
        **extra,
    }


def _refused(response, status, field):
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"], body
    assert body["field"] == field, body
    return body


def test_create_answers_201_with_the_ticket_and_logs_its_customer(api, dept, users, sentinel):  # noqa: F811
    response = api("agent").post(BASE, _body(dept, customer_id=sentinel.pk, priority="high"))
    assert response.status_code == 201, response.content
    body = response.json()
    ticket = Ticket.objects.get()
    assert body["id"] == ticket.pk and body["state"] == State.ASSIGNED and body["version"] == ticket.version
    assert (body["customer_id"], body["customer_name"], body["priority"]) == (
        sentinel.pk,
        sentinel.name,
        "high",
    )
    assert body["group"] == "Load" and body["owner"] and body["assignee"]
    assert body["response_due"] and body["next_due_kind"] == "response"
    assert log_ids(sentinel, users["agent"])


@pytest.mark.parametrize(
    "change, status, field",
    [
        ({"summary": None}, 422, "summary"),
        ({"summary": "   "}, 422, "summary"),
        ({"details": {"colour": "red"}}, 422, "details.colour"),
        ({"category_id": "it_category"}, 422, "category"),
        ({"category_id": "permit"}, 422, "details.permit_number"),
        ({"details": {"permit_number": "!"}, "category_id": "permit"}, 422, "details.permit_number"),
        ({"group_id": 999_999}, 422, "group"),
        ({"priority": "asap"}, 422, "priority"),
        ({"customer_id": 999_999}, 422, "customer"),
        ({"parent_id": 999_999}, 422, "parent"),
    ],
    ids=[
        "missing-summary",
        "blank-summary",
        "unknown-detail",
        "wrong-group-category",
        "missing-detail",
        "bad-permit",
        "no-group",
        "bad-priority",
        "no-customer",
        "no-parent",
    ],
)
def test_bad_input_is_4xx_json_naming_the_field_and_saves_nothing(api, dept, change, status, field):  # noqa: F811
    body = _body(dept)
    for key, value in change.items():
        if value is None:
            body.pop(key)
        elif key == "category_id":
            body[key] = dept[value].pk
        else:
            body[key] = value
    _refused(api("agent").post(BASE, body), status, field)
    assert Ticket.objects.count() == 0


def test_list_filters_by_state_group_owner_and_breach(api, dept, users, sentinel):  # noqa: F811
    mine = ticket_new(dept, users, customer_id=sentinel.pk, summary="Minu")
    late = ticket_new(dept, users, summary="Hiline")
    Ticket.objects.filter(pk=late.pk).update(next_due=timezone.now() - timedelta(hours=1))
    it = ticket_new(dept, users, group="it", category="it_category", details={"office": "T", "device": "PC"})
    other = ticket_new(dept, users, owner="info", summary="Kolleegi")
    done = solved(dept, users, ticket_new(dept, users, summary="Lahendatud"))

    def ids(caller, **params):
        response = caller.get(BASE, **params)
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["count"] == len(body["results"])
        return {row["id"] for row in body["results"]}

    agent = api("agent")
    assert ids(agent) == {mine.pk, late.pk, it.pk, done.pk}  # the caller's own, not the colleague's
    assert ids(agent, state="solved") == {done.pk}
    assert ids(agent, group_id=dept["it"].pk) == {it.pk}
    assert ids(agent, breached="true") == {late.pk}
    lead = api("teamlead")
    assert other.pk in ids(lead)
    assert ids(lead, owner_id=users["info"].pk) == {other.pk}
    assert ids(api("second"), group_id=dept["it"].pk) == set()  # not their group
    assert log_ids(sentinel, users["agent"])
    paged = agent.get(BASE, limit=1)
    assert paged.json()["count"] == 4 and len(paged.json()["results"]) == 1
    _refused(agent.get(BASE, limit=0), 422, "limit")


def test_get_shows_the_ticket_and_logs_the_customer_and_hides_others(api, dept, users, sentinel):  # noqa: F811
    ticket = ticket_new(dept, users, customer_id=sentinel.pk)
    before = log_ids(sentinel, users["agent"])
    response = api("agent").get(f"{BASE}/{ticket.pk}")
    assert response.status_code == 200 and response.json()["summary"] == "Kas luba kehtib?"
    assert log_ids(sentinel, users["agent"]) - before
    _refused(api("info").get(f"{BASE}/{ticket.pk}"), 404, "id")
    _refused(api("agent").get(f"{BASE}/999999"), 404, "id")
    assert not log_ids(sentinel, users["info"])


def test_a_role_without_tickets_is_refused_with_403(api, dept, users):  # noqa: F811
    ticket = ticket_new(dept, users)
    hr = api("hr")
    for response in [
        hr.get(BASE),
        hr.get(f"{BASE}/{ticket.pk}"),
        hr.post(BASE, _body(dept)),
        hr.post(f"{BASE}/{ticket.pk}/comments", {"body": "x"}),
        hr.post(f"{BASE}/{ticket.pk}/transitions", {"move": "start", "version": 1}),
    ]:
        assert response.status_code == 403, response.content
        assert response.json()["detail"]
    assert Ticket.objects.count() == 1 and TicketComment.objects.count() == 0


def test_comment_answers_201_and_outside_the_scope_404(api, dept, users):  # noqa: F811
    ticket = held_by_second(dept, users, ticket_new(dept, users))
    response = api("second").post(
        f"{BASE}/{ticket.pk}/comments", {"body": "Vaatan üle.", "visibility": "internal"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["body"] == "Vaatan üle." and response.json()["visibility"] == "internal"
    ticket.refresh_from_db()
    assert ticket.responded_at is not None  # second level writing is its first response
    _refused(api("info").post(f"{BASE}/{ticket.pk}/comments", {"body": "x"}), 404, "id")
    _refused(api("agent").post(f"{BASE}/{ticket.pk}/comments", {"body": "  "}), 422, "body")
    _refused(
        api("agent").post(f"{BASE}/{ticket.pk}/comments", {"body": "x", "visibility": "all"}),
        422,
        "visibility",
    )
    assert ticket.comments.count() == 1


def test_transitions_follow_the_table_and_refuse_a_stale_version(api, dept, users):  # noqa: F811
    ticket = held_by_second(dept, users, ticket_new(dept, users))
    second = api("second")
    url = f"{BASE}/{ticket.pk}/transitions"
    response = second.post(url, {"move": "start", "version": ticket.version})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == State.IN_PROGRESS and response.json()["version"] == ticket.version + 1
    version = response.json()["version"]
    # Not allowed from "in progress" by the table: nothing changes.
    _refused(second.post(url, {"move": "close", "version": version}), 422, "move")
    _refused(second.post(url, {"move": "fly", "version": version}), 422, "move")
    _refused(second.post(url, {"move": "solve", "version": version}), 422, "note")  # the answer is needed
    stale = _refused(
        second.post(url, {"move": "solve", "version": version - 1, "note": "Vastus"}), 409, "version"
    )
    assert "Someone else changed this ticket meanwhile" in stale["detail"]
    ticket.refresh_from_db()
    assert (ticket.state, ticket.version) == (State.IN_PROGRESS, version)
    solved_now = second.post(url, {"move": "solve", "version": version, "note": "Vastus"})
    assert solved_now.status_code == 200 and solved_now.json()["state"] == State.SOLVED
    version = solved_now.json()["version"]
    # Delivering is the owner's: second level is refused, the owner does it.
    _refused(second.post(url, {"move": "deliver", "version": version, "channel": "phone"}), 403, None)
    agent = api("agent")
    _refused(agent.post(url, {"move": "deliver", "version": version}), 422, "channel")
    delivered = agent.post(url, {"move": "deliver", "version": version, "channel": "letter"})
    assert delivered.status_code == 200 and delivered.json()["delivery_channel"] == "letter"
    closed = agent.post(url, {"move": "close", "version": delivered.json()["version"]})
    assert closed.status_code == 200 and closed.json()["state"] == State.CLOSED
    _refused(api("info").post(url, {"move": "reopen", "version": closed.json()["version"]}), 404, "id")


def test_assign_by_hand_within_the_group(api, dept, users):  # noqa: F811
    ticket = held_by_second(dept, users, ticket_new(dept, users))
    url = f"{BASE}/{ticket.pk}/assign"
    response = api("second").post(url, {"assignee_id": dept["second2"].pk, "version": ticket.version})
    assert response.status_code == 200, response.content
    assert response.json()["assignee"] == str(dept["second2"])
    version = response.json()["version"]
    _refused(api("second").post(url, {"assignee_id": dept["agent"].pk, "version": version}), 422, "assignee")
    _refused(api("agent").post(url, {"assignee_id": dept["second"].pk, "version": version}), 403, None)
    _refused(
        api("second").post(url, {"assignee_id": dept["second"].pk, "version": version - 1}), 409, "version"
    )
    ticket.refresh_from_db()
    assert ticket.assignee == dept["second2"]


def test_attach_keeps_a_pdf_and_refuses_a_disguised_or_oversize_file(api, dept, users, settings):  # noqa: F811
    ticket = ticket_new(dept, users)
    agent = api("agent")
    url = f"{BASE}/{ticket.pk}/attachments"
    response = agent.post(url, data={"file": SimpleUploadedFile("otsus.pdf", PDF, "application/pdf")})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["content_type"], body["size"]) == ("otsus.pdf", "application/pdf", len(PDF))
    assert body["sha256"] == TicketAttachment.objects.get().sha256
    html = b"<html><body>Tere</body></html>"
    _refused(
        agent.post(url, data={"file": SimpleUploadedFile("arve.pdf", html, "application/pdf")}), 422, "file"
    )
    _refused(agent.post(url, data={"file": SimpleUploadedFile("koopia.pdf", PDF)}), 409, "file")
    settings.TICKET_ATTACHMENT_MAX_BYTES = 50
    _refused(agent.post(url, data={"file": SimpleUploadedFile("suur.pdf", PDF + b"1")}), 422, "file")
    _refused(agent.post(url, data={}), 422, "file")
    _refused(api("info").post(url, data={"file": SimpleUploadedFile("x.pdf", PDF + b"2")}), 404, "id")
    assert TicketAttachment.objects.count() == 1


def test_an_id_no_row_can_have_is_a_422_naming_the_field(api, dept, users):  # noqa: F811
    """A number larger than a database id: refused by the schema, never a failed query."""
    ticket = ticket_new(dept, users)
    huge = 10**25
    lead = api("teamlead")
    for name in ("group_id", "category_id", "customer_id", "owner_id", "assignee_id"):
        _refused(lead.get(BASE, **{name: huge}), 422, name)
    for name in ("group_id", "customer_id", "contact_id", "parent_id"):
        _refused(lead.post(BASE, _body(dept, **{name: huge})), 422, name)
    _refused(lead.post(f"{BASE}/{ticket.pk}/assign", {"assignee_id": huge, "version": 1}), 422, "assignee_id")
    _refused(lead.get(f"{BASE}/{huge}"), 404, "id")
    assert Ticket.objects.count() == 1


def test_a_ticket_kept_in_jira_is_not_moved_by_second_level_here(api, dept, users):  # noqa: F811
    """The page offers no second-level move on a JIRA group's ticket; the API refuses it the same
    (JIRA's webhook brings those moves), while the owner's part stays."""
    ticket = ticket_new(dept, users, group="jira_group", category="jira_category")
    Ticket.objects.filter(pk=ticket.pk).update(state=State.IN_PROGRESS)  # as JIRA's webhook left it
    url = f"{BASE}/{ticket.pk}/transitions"
    lead = api("teamlead")
    body = _refused(lead.post(url, {"move": "solve", "version": ticket.version, "note": "x"}), 422, "move")
    assert "JIRA" in body["detail"]
    ticket.refresh_from_db()
    assert ticket.state == State.IN_PROGRESS and ticket.solved_at is None and ticket.comments.count() == 0
    # The parts either side may make are still theirs (here: the owner asks to resume a wait).
    Ticket.objects.filter(pk=ticket.pk).update(state=State.WAITING_FIRST_LEVEL)
    resumed = api("agent").post(url, {"move": "resume", "version": ticket.version})
    assert resumed.status_code == 200 and resumed.json()["state"] == State.IN_PROGRESS
