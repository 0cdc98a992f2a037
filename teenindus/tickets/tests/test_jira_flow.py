"""A group kept in JIRA, end to end over HTTP: the API creates the ticket, the worker creates the
issue in a local JIRA-speaking server through the real adapter, that server's webhooks reach our
live server and move the ticket, and the first level delivers the answer and closes it."""

import pytest
from django.db.models import Count

from teenindus.accounts.services import api_token_create
from teenindus.core.models import OutboxMail
from teenindus.tickets.models import Ticket, TicketEvent
from teenindus.tickets.services import jira_sync
from teenindus.tickets.tests.fixtures import dept, run_worker  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True)
SECRET = "webhook-s3cret"


@pytest.fixture
def jira_site(settings, jira_server, dept, live_server):  # noqa: F811
    settings.JIRA_URL = jira_server.base_url
    settings.JIRA_USER, settings.JIRA_API_TOKEN = jira_server.user, jira_server.api_token
    settings.JIRA_WEBHOOK_SECRET = SECRET
    jira_server.webhook_url = f"{live_server.url}/api/v1/tickets/jira/webhook"
    jira_server.webhook_secret = SECRET
    group = dept["jira_group"]
    group.jira_project_key = jira_server.project_key
    group.save()
    return jira_server


def _api(client, users, key="agent"):
    _token, raw = api_token_create(actor=users["admin"], user=users[key], name=f"t-{key}")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _create(client, dept, headers, **extra):  # noqa: F811
    body = {
        "group_id": dept["jira_group"].pk,
        "category_id": dept["jira_category"].pk,
        "summary": "Loa muutmine",
        "description": "Klient soovib veeloa tingimusi muuta.",
        "details": {"permit_number": "L.VV/123456"},
        **extra,
    }
    response = client.post("/api/v1/tickets", body, content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    return response.json()


def test_a_jira_group_ticket_from_escalation_to_closing(client, jira_site, dept, users):  # noqa: F811
    headers = _api(client, users)
    created = _create(client, dept, headers)
    assert created["jira_sync"] == "pending" and created["state"] == "new"
    run_worker()
    ticket = Ticket.objects.get(pk=created["id"])
    issue = jira_site.issue(ticket.jira_key)
    assert ticket.jira_sync == "synced" and ticket.state == "assigned"
    assert (
        issue["fields"]["customfield_10010"] == "L.VV/123456"
        and f"teenindus-{ticket.pk}" in issue["fields"]["labels"]
    )

    jira_site.transition(ticket.jira_key, "In Progress")
    ticket.refresh_from_db()
    assert ticket.state == "in_progress" and ticket.responded_at is not None
    jira_site.comment(ticket.jira_key, "Tingimusi saab muuta, taotlus e-keskkonnas.")
    payload = jira_site.transition(ticket.jira_key, "Done")
    ticket.refresh_from_db()
    assert ticket.state == "solved" and ticket.next_due_kind == "delivery"
    assert ticket.comments.filter(visibility="customer", body__contains="e-keskkonnas").exists()  # the answer
    assert OutboxMail.objects.filter(key__startswith=f"ticket:{ticket.pk}:reply", to="agent@x.ee").exists()
    events = TicketEvent.objects.filter(ticket=ticket).count()
    jira_site.webhook_post(payload)  # JIRA sends it again
    assert TicketEvent.objects.filter(ticket=ticket).count() == events
    assert (
        not TicketEvent.objects.exclude(external_id="")
        .values("external_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )

    # The first level's part is the same as for any group: my escalations, deliver, close.
    mine = client.get("/api/v1/tickets", {"owner_id": users["agent"].pk, "state": "solved"}, **headers).json()
    assert [t["id"] for t in mine["results"]] == [ticket.pk]
    for move, extra in (("deliver", {"channel": "phone"}), ("close", {})):
        version = client.get(f"/api/v1/tickets/{ticket.pk}", **headers).json()["version"]
        answer = client.post(
            f"/api/v1/tickets/{ticket.pk}/transitions",
            {"move": move, "version": version, **extra},
            content_type="application/json",
            **headers,
        )
        assert answer.status_code == 200, answer.content
    assert answer.json()["state"] == "closed"


def test_webhooks_with_a_wrong_secret_or_an_unknown_issue_change_nothing(client, jira_site, dept, users):  # noqa: F811
    url = "/api/v1/tickets/jira/webhook"
    payload = {
        "webhookEvent": "jira:issue_updated",
        "timestamp": 1,
        "issue": {"key": "PROJ-999", "fields": {}},
        "changelog": {"id": "1", "items": [{"field": "status", "fromString": "To Do", "toString": "Done"}]},
    }
    wrong = client.post(url + "?secret=nope", payload, content_type="application/json")
    assert wrong.status_code == 403 and wrong.json()["detail"]
    missing = client.post(url, payload, content_type="application/json")
    assert missing.status_code == 403
    unknown = client.post(url + f"?secret={SECRET}", payload, content_type="application/json")
    assert unknown.status_code == 404 and unknown.json()["field"] == "issue"
    broken = client.post(
        url + f"?secret={SECRET}", {"webhookEvent": "jira:issue_updated"}, content_type="application/json"
    )
    assert broken.status_code == 422 and broken.json()["field"] == "body"
    assert TicketEvent.objects.count() == 0


def test_jira_down_is_retried_and_shown_and_a_refusal_waits_for_a_resend(client, jira_site, dept, users):  # noqa: F811
    headers = _api(client, users)
    jira_site.fail_next(1, status=503)
    ticket = Ticket.objects.get(pk=_create(client, dept, headers)["id"])
    run_worker()
    ticket.refresh_from_db()
    assert ticket.jira_sync == "pending" and ticket.jira_error.startswith("503") and ticket.jira_attempts == 1
    jira_site.drop_response_next(method="POST", mode="close")  # JIRA creates it, the answer is lost
    assert jira_sync.ticket_jira_push(ticket_id=ticket.pk) == "retry"
    assert jira_sync.ticket_jira_push(ticket_id=ticket.pk) == "sent"  # the retry finds it: no second issue
    ticket.refresh_from_db()
    assert ticket.jira_sync == "synced" and len(jira_site.issues) == 1

    jira_site.fail_next(1, status=400)
    refused = Ticket.objects.get(pk=_create(client, dept, headers, summary="Teine")["id"])
    run_worker()
    refused.refresh_from_db()
    assert refused.jira_sync == "failed" and refused.jira_error.startswith("400")
    client.force_login(users["agent"])
    page = client.get(f"/tickets/{refused.pk}/")
    assert (
        "JIRA" in page.content.decode() and refused.jira_error.split(": ", 1)[1][:20] in page.content.decode()
    )
    assert client.post(f"/tickets/{refused.pk}/jira/resend/").status_code == 302
    run_worker()
    refused.refresh_from_db()
    assert refused.jira_sync == "synced" and len(jira_site.issues) == 2


def test_our_comments_reach_jira_once(client, jira_site, dept, users):  # noqa: F811
    headers = _api(client, users)
    ticket = Ticket.objects.get(pk=_create(client, dept, headers)["id"])
    answer = client.post(
        f"/api/v1/tickets/{ticket.pk}/comments",
        {"body": "Klient lisas dokumendi."},
        content_type="application/json",
        **headers,
    )
    assert answer.status_code == 201
    run_worker()  # the issue first, then the comment waiting for it
    run_worker()
    ticket.refresh_from_db()
    comments = jira_site.issue(ticket.jira_key)["comments"]
    assert len([c for c in comments if "Klient lisas dokumendi." in str(c["body"])]) == 1
    assert not ticket.comments.filter(jira_pending=True).exists()


def test_a_reopened_jira_ticket_goes_back_to_jira_and_follows_its_webhooks(client, jira_site, dept, users):  # noqa: F811
    headers = _api(client, users)
    ticket = Ticket.objects.get(pk=_create(client, dept, headers)["id"])
    run_worker()
    ticket.refresh_from_db()
    jira_site.transition(ticket.jira_key, "In Progress")
    jira_site.transition(ticket.jira_key, "Done")
    version = client.get(f"/api/v1/tickets/{ticket.pk}", **headers).json()["version"]
    answer = client.post(
        f"/api/v1/tickets/{ticket.pk}/transitions",
        {"move": "reopen", "version": version, "note": "Klient ei saanud vastusest aru."},
        content_type="application/json",
        **headers,
    )
    assert answer.status_code == 200 and answer.json()["state"] == "assigned"  # with JIRA again
    run_worker()
    assert any(
        "ei saanud vastusest aru" in str(c["body"]) for c in jira_site.issue(ticket.jira_key)["comments"]
    )
    jira_site.transition(ticket.jira_key, "In Progress")
    ticket.refresh_from_db()
    assert ticket.state == "in_progress" and ticket.reopen_count == 1
