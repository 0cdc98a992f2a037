"""The JIRA adapter against a local JIRA speaking the same REST API and sending the same webhooks."""

import json
import socket
import threading
import urllib.parse
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from teenindus.tickets import jira
from teenindus.tickets.jira import (
    DEFAULT_STATUS_MAP,
    JiraClient,
    JiraPayloadError,
    JiraRejected,
    JiraUnavailable,
    status_category,
    webhook_authentic,
    webhook_parse,
    webhook_signature,
    webhook_verify,
)
from teenindus.tickets.tests.jira_server import JiraServer


def create(client: JiraClient, ticket: int = 123, **overrides):
    values = {
        "summary": "Loa pikendamine ei õnnestu",
        "description": "Klient ei saa e-teeninduses luba pikendada.\nHelistas 22.11.2026.",
        "priority": "High",
        "labels": ["teenindus"],
        "fields": {"permit_number": "L-2026-0042"},
        "idempotency_label": f"teenindus-ticket-{ticket}",
    }
    return client.issue_create(**{**values, **overrides})


def creates(server: JiraServer) -> list:
    return [r for r in server.requests if r.method == "POST" and r.path == "/rest/api/2/issue"]


# --- creating issues ------------------------------------------------------------------------------


def test_create_sends_jira_fields_with_mapped_custom_fields(jira_server):
    ref = create(JiraClient(jira_server.config()))

    assert ref.key == "PROJ-1"
    assert ref.url == f"{jira_server.base_url}/browse/PROJ-1"
    sent = creates(jira_server)[0].body["fields"]
    assert sent["project"] == {"key": "PROJ"}
    assert sent["issuetype"] == {"name": "Task"}
    assert sent["summary"] == "Loa pikendamine ei õnnestu"
    assert sent["description"].startswith("Klient ei saa")
    assert sent["priority"] == {"name": "High"}
    assert sent["labels"] == ["teenindus", "teenindus-ticket-123"]
    assert sent["customfield_10010"] == "L-2026-0042"
    assert "permit_number" not in sent
    stored = jira_server.issue("PROJ-1")
    assert stored["id"] == ref.id
    assert stored["fields"]["customfield_10010"] == "L-2026-0042"


def test_create_without_priority_sends_none(jira_server):
    create(JiraClient(jira_server.config()), priority=None, fields={})

    assert "priority" not in creates(jira_server)[0].body["fields"]


def test_create_refused_by_jira_keeps_its_message_and_makes_nothing(jira_server):
    with pytest.raises(JiraRejected) as caught:
        create(JiraClient(jira_server.config()), summary="")

    assert caught.value.status == 400
    assert caught.value.errors == {"summary": "You must specify a summary of the issue."}
    assert "You must specify a summary of the issue." in caught.value.message
    assert jira_server.issues == {}


def test_field_jira_does_not_know_is_rejected(jira_server):
    config = jira_server.config(field_map={"permit_number": "customfield_99999"})

    with pytest.raises(JiraRejected) as caught:
        create(JiraClient(config))

    assert "customfield_99999" in caught.value.errors
    assert "cannot be set" in caught.value.message


def test_our_field_without_a_mapping_is_refused_before_calling_jira(jira_server):
    with pytest.raises(ValueError, match="colour"):
        create(JiraClient(jira_server.config()), fields={"colour": "red"})

    assert jira_server.requests == []


def test_label_with_a_space_is_refused_before_calling_jira(jira_server):
    with pytest.raises(ValueError, match="label"):
        create(JiraClient(jira_server.config()), idempotency_label="teenindus ticket 1")

    assert jira_server.requests == []


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_unavailable(jira_server, status):
    jira_server.fail_next(1, status=status)

    with pytest.raises(JiraUnavailable) as caught:
        create(JiraClient(jira_server.config()))

    assert caught.value.status == status
    assert jira_server.issues == {}


def test_rate_limit_is_unavailable_with_the_wait_jira_asks_for(jira_server):
    jira_server.fail_next(1, status=429)

    with pytest.raises(JiraUnavailable) as caught:
        JiraClient(jira_server.config()).issue_get(key="PROJ-1")

    assert caught.value.status == 429
    assert caught.value.retry_after == 7


def test_unreachable_jira_is_unavailable(jira_server):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = JiraClient(jira_server.config(base_url=f"http://127.0.0.1:{port}"))

    with pytest.raises(JiraUnavailable) as caught:
        client.comment_add(key="PROJ-1", body="Tere")

    assert caught.value.status is None


def test_wrong_token_is_rejected_and_not_shown(jira_server):
    client = JiraClient(jira_server.config(api_token="wrong-token"))

    with pytest.raises(JiraRejected) as caught:
        create(client)

    assert caught.value.status == 401
    assert "not authenticated" in caught.value.message
    assert "wrong-token" not in str(caught.value) + repr(client.config)


@pytest.mark.parametrize("mode", ["close", "503"])
def test_create_whose_answer_was_lost_is_not_repeated_on_retry(jira_server, mode):
    client = JiraClient(jira_server.config())
    jira_server.drop_response_next(method="POST", mode=mode)

    with pytest.raises(JiraUnavailable):
        create(client)
    assert list(jira_server.issues) == ["PROJ-1"]  # JIRA did create it

    ref = create(client)  # the worker's retry

    assert ref.key == "PROJ-1"
    assert list(jira_server.issues) == ["PROJ-1"]
    assert len(creates(jira_server)) == 1


def test_each_ticket_gets_its_own_issue(jira_server):
    client = JiraClient(jira_server.config())

    first, again, second = create(client, 1), create(client, 1), create(client, 2)

    assert (first.key, again.key, second.key) == ("PROJ-1", "PROJ-1", "PROJ-2")
    search = next(r for r in jira_server.requests if r.path.startswith("/rest/api/2/search"))
    assert search.path == "/rest/api/2/search/jql"
    assert 'labels = "teenindus-ticket-1"' in search.query["jql"][0]


def test_data_center_without_search_jql_is_searched_the_old_way():
    with JiraServer(cloud=False) as server:
        client = JiraClient(server.config())

        first, again = create(client), create(client)

        assert first.key == again.key == "PROJ-1"
        searches = [r.path for r in server.requests if "search" in r.path]
        assert searches == ["/rest/api/2/search/jql", "/rest/api/2/search", "/rest/api/2/search"]


# --- comments and reading -------------------------------------------------------------------------


def test_comment_is_added_and_the_issue_read_back(jira_server):
    client = JiraClient(jira_server.config())
    ref = create(client)

    comment_id = client.comment_add(key=ref.key, body="Klient saatis lisadokumendi.")
    issue = client.issue_get(key=ref.key)

    assert [c["id"] for c in jira_server.issue(ref.key)["comments"]] == [comment_id]
    assert jira_server.issue(ref.key)["comments"][0]["body"] == "Klient saatis lisadokumendi."
    assert issue["key"] == ref.key
    assert issue["id"] == ref.id
    assert issue["status"] == "To Do"
    assert "teenindus-ticket-123" in issue["labels"]
    assert issue["fields"]["comment"]["total"] == 1


def test_comment_whose_answer_was_lost_is_not_repeated_on_retry(jira_server):
    client = JiraClient(jira_server.config())
    ref = create(client)
    client.comment_add(key=ref.key, body="Varasem kommentaar", idempotency_key="teenindus-note-1")
    jira_server.drop_response_next(method="POST")

    with pytest.raises(JiraUnavailable):
        client.comment_add(key=ref.key, body="Klient helistas uuesti.", idempotency_key="teenindus-note-2")
    retried = client.comment_add(
        key=ref.key, body="Klient helistas uuesti.", idempotency_key="teenindus-note-2"
    )

    stored = jira_server.issue(ref.key)["comments"]
    assert [c["body"] for c in stored] == ["Varasem kommentaar", "Klient helistas uuesti."]
    assert retried == stored[1]["id"]
    assert stored[1]["properties"] == [{"key": "teenindus", "value": {"id": "teenindus-note-2"}}]


def test_comment_lookup_reads_every_page(jira_server, monkeypatch):
    monkeypatch.setattr(jira, "COMMENT_PAGE", 2)
    client = JiraClient(jira_server.config())
    ref = create(client)
    made = [
        client.comment_add(key=ref.key, body=f"Märkus {n}", idempotency_key=f"note-{n}") for n in range(5)
    ]

    assert client.comment_add(key=ref.key, body="Märkus 4", idempotency_key="note-4") == made[4]
    assert client.comment_find_by_property(key=ref.key, idempotency_key="note-9") is None
    assert len(jira_server.issue(ref.key)["comments"]) == 5


def test_comment_without_key_is_simply_added(jira_server):
    client = JiraClient(jira_server.config())
    ref = create(client)

    first = client.comment_add(key=ref.key, body="Sama tekst")
    second = client.comment_add(key=ref.key, body="Sama tekst")

    assert first != second
    assert not any(r.path.endswith("/comment") and r.method == "GET" for r in jira_server.requests)


def test_reading_a_status_changed_in_jira(jira_server):
    client = JiraClient(jira_server.config())
    ref = create(client)
    jira_server.transition(ref.key, "Waiting for customer")

    assert client.issue_get(key=ref.key)["status"] == "Waiting for customer"


def test_unknown_issue_is_rejected(jira_server):
    with pytest.raises(JiraRejected) as caught:
        JiraClient(jira_server.config()).issue_get(key="PROJ-404")

    assert caught.value.status == 404
    assert "Issue does not exist" in caught.value.message


def test_empty_comment_is_rejected(jira_server):
    client = JiraClient(jira_server.config())
    ref = create(client)

    with pytest.raises(JiraRejected) as caught:
        client.comment_add(key=ref.key, body="")

    assert caught.value.errors == {"comment": "Comment body can not be empty!"}


# --- webhooks: parsing ----------------------------------------------------------------------------


def test_status_change_webhook_parses_to_one_change(jira_server):
    ref = create(JiraClient(jira_server.config()))

    payload = jira_server.transition(ref.key, "In Progress")
    [change] = webhook_parse(payload)

    assert change.kind == "status"
    assert change.key == ref.key
    assert (change.status_from, change.status_to) == ("To Do", "In Progress")
    assert change.at == datetime.fromtimestamp(payload["timestamp"] / 1000, tz=UTC)
    assert status_category(change.status_to) == "in_progress"
    assert webhook_parse(json.loads(json.dumps(payload)))[0].change_id == change.change_id  # a resend
    [later] = webhook_parse(jira_server.transition(ref.key, "Done"))
    assert later.change_id != change.change_id
    assert status_category(later.status_to) == "solved"


def test_comment_webhooks_parse_with_author_body_and_time(jira_server):
    ref = create(JiraClient(jira_server.config()))

    payload = jira_server.comment(ref.key, "Vajame loa koopiat.", author="Mari Maasikas")
    [change] = webhook_parse(payload)

    assert change.kind == "comment"
    assert change.key == ref.key
    assert change.comment_id == payload["comment"]["id"]
    assert change.body == "Vajame loa koopiat."
    assert change.author == "Mari Maasikas"
    assert change.at == datetime.strptime(payload["comment"]["created"], "%Y-%m-%dT%H:%M:%S.%f%z")
    assert change.at.utcoffset().total_seconds() == 0

    edit = jira_server.comment_edit(
        ref.key, change.comment_id, "Vajame loa koopiat ja volikirja.", author="Jaan"
    )
    [edited] = webhook_parse(edit)
    assert edited.comment_id == change.comment_id
    assert edited.body == "Vajame loa koopiat ja volikirja."
    assert edited.author == "Jaan"
    assert edited.change_id != change.change_id
    assert webhook_parse(edit)[0].change_id == edited.change_id


def test_comment_inside_issue_updated_is_the_same_change_as_comment_created(jira_server):
    """JIRA Data Center reports a comment as jira:issue_updated; both deliveries apply once."""
    ref = create(JiraClient(jira_server.config()))
    created = jira_server.comment(ref.key, "Tere")
    server_style = {
        "timestamp": created["timestamp"],
        "webhookEvent": "jira:issue_updated",
        "issue_event_type_name": "issue_commented",
        "issue": created["issue"],
        "comment": created["comment"],
    }

    [change] = webhook_parse(server_style)

    assert change.kind == "comment"
    assert change.change_id == webhook_parse(created)[0].change_id


def test_deleted_comment_inside_issue_updated_gives_nothing(jira_server):
    ref = create(JiraClient(jira_server.config()))
    created = jira_server.comment(ref.key, "Tere")
    deleted = {
        **created,
        "webhookEvent": "jira:issue_updated",
        "issue_event_type_name": "issue_comment_deleted",
    }

    assert webhook_parse(deleted) == []


def test_deleted_issue_webhook(jira_server):
    ref = create(JiraClient(jira_server.config()))

    [change] = webhook_parse(jira_server.delete(ref.key))

    assert (change.kind, change.key) == ("deleted", ref.key)
    assert ref.id in change.change_id


def test_changes_other_than_status_are_left_out(jira_server):
    ref = create(JiraClient(jira_server.config()))
    payload = jira_server.transition(ref.key, "In Progress")
    payload["changelog"]["items"].insert(0, {"field": "assignee", "fromString": None, "toString": "Jaan"})

    [change] = webhook_parse(payload)

    assert change.status_to == "In Progress"
    assert change.change_id.endswith(":1")


@pytest.mark.parametrize(
    "event", ["jira:issue_created", "worklog_created", "comment_deleted", "sprint_started"]
)
def test_events_we_do_not_act_on_give_nothing(event):
    assert webhook_parse({"webhookEvent": event, "timestamp": 1763845200000}) == []


@pytest.mark.parametrize(
    ("payload", "complaint"),
    [
        ([], "not a JSON object"),
        ({"timestamp": 1}, "no webhookEvent"),
        ({"webhookEvent": "jira:issue_updated", "issue": {"id": "1"}}, "no issue key"),
        (
            {"webhookEvent": "comment_created", "issue": {"key": "PROJ-1"}, "comment": {"body": "x"}},
            "comment id",
        ),
        (
            {"webhookEvent": "jira:issue_updated", "issue": {"key": "PROJ-1"}, "changelog": {"items": {}}},
            "items",
        ),
        (
            {
                "webhookEvent": "jira:issue_updated",
                "issue": {"key": "PROJ-1"},
                "changelog": {"items": [{"field": "status", "fromString": "To Do", "toString": "Done"}]},
            },
            "no id",
        ),
        (
            {"webhookEvent": "jira:issue_deleted", "timestamp": "eile", "issue": {"key": "PROJ-1"}},
            "timestamp",
        ),
        (
            {
                "webhookEvent": "comment_created",
                "issue": {"key": "PROJ-1"},
                "comment": {"id": "1", "body": "x", "created": "22.11.2026"},
            },
            "JIRA's format",
        ),
    ],
)
def test_malformed_payload_is_refused_with_a_reason(payload, complaint):
    with pytest.raises(JiraPayloadError, match=complaint):
        webhook_parse(payload)


def test_comment_body_as_atlassian_document_is_read_as_text():
    document = {
        "type": "doc",
        "version": 1,
        "content": [
            {
                "type": "paragraph",
                "content": [{"type": "text", "text": "Tere, "}, {"type": "text", "text": "Mari"}],
            },
            {"type": "paragraph", "content": [{"type": "text", "text": "Teine rida"}]},
        ],
    }
    payload = {
        "webhookEvent": "comment_created",
        "timestamp": 1763845200000,
        "issue": {"key": "PROJ-1"},
        "comment": {"id": "10100", "body": document, "author": {"displayName": "Mari"}},
    }

    [change] = webhook_parse(payload)

    assert change.body == "Tere, Mari\nTeine rida"
    assert change.at == datetime(2025, 11, 22, 21, 0, tzinfo=UTC)


# --- webhooks: authenticity -----------------------------------------------------------------------


class _Receiver:
    """Where the fake JIRA delivers its webhooks: keeps each request as it arrived."""

    def __init__(self):
        self.received: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
                receiver.received.append(
                    {"body": body, "headers": dict(self.headers.items()), "query": query}
                )
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/api/v1/tickets/jira/webhook"


def test_webhook_with_the_secret_in_its_url_is_authentic(jira_server):
    ref = create(JiraClient(jira_server.config()))
    with _Receiver() as receiver:
        jira_server.webhook_url = receiver.url + "?secret=s3cret-9"

        jira_server.transition(ref.key, "In Progress")

    [got] = receiver.received
    assert jira_server.deliveries[0].status == 204
    assert webhook_parse(json.loads(got["body"]))[0].status_to == "In Progress"
    assert webhook_authentic(secret="s3cret-9", body=got["body"], headers=got["headers"], query=got["query"])
    assert not webhook_authentic(secret="other", body=got["body"], headers=got["headers"], query=got["query"])
    assert not webhook_authentic(secret="s3cret-9", body=got["body"], headers=got["headers"], query={})


def test_webhook_signed_with_hmac_is_authentic(jira_server):
    ref = create(JiraClient(jira_server.config()))
    with _Receiver() as receiver:
        jira_server.webhook_url = receiver.url
        jira_server.webhook_secret = "s3cret-9"

        jira_server.comment(ref.key, "Tere")

    [got] = receiver.received
    body, headers = got["body"], got["headers"]
    assert headers["X-Hub-Signature"] == webhook_signature(secret="s3cret-9", body=body)
    assert webhook_authentic(secret="s3cret-9", body=body, headers=headers, query={})
    lower = {name.lower(): value for name, value in headers.items()}
    assert webhook_authentic(secret="s3cret-9", body=body, headers=lower, query={})
    assert not webhook_authentic(secret="other", body=body, headers=headers, query={})
    assert not webhook_authentic(
        secret="s3cret-9", body=body.replace(b"Tere", b"Head"), headers=headers, query={}
    )
    assert not webhook_authentic(secret="s3cret-9", body=body, headers={}, query={})
    assert not webhook_authentic(secret="", body=body, headers=headers, query={"secret": ""})


def test_secret_compare():
    assert webhook_verify(secret_expected="abc", provided="abc")
    assert not webhook_verify(secret_expected="abc", provided="abd")
    assert not webhook_verify(secret_expected="abc", provided=None)
    assert not webhook_verify(secret_expected="", provided="")


# --- statuses -------------------------------------------------------------------------------------


def test_status_names_map_to_our_states():
    assert status_category("To Do") == "assigned"
    assert status_category("in progress") == "in_progress"
    assert status_category("Waiting for customer") == "waiting_customer"
    assert status_category("Done") == "solved"
    assert status_category("Ootel") is None
    assert status_category(None) is None
    assert status_category("Ootel", {"ootel": "waiting_customer"}) == "waiting_customer"
    assert set(DEFAULT_STATUS_MAP.values()) == {"assigned", "in_progress", "waiting_customer", "solved"}
