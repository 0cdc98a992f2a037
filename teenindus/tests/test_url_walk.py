"""Walks every URL pattern of the project.

1. Access-log coverage: every response that shows a person's data wrote an access-log row for
   that person during the request. The test does not trust a list of "personal-data views": it
   looks for the person's name, code, phone and e-mail in every response body.
2. An outsider (signed in, no role) is refused everywhere; an anonymous visitor only reaches
   the public pages.
"""

import json

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.urls import reverse

from conftest import PASSWORD
from teenindus.accounts.services import api_token_create
from teenindus.audit.models import AccessLog
from teenindus.contacts.models import Topic
from teenindus.org.models import Agency, Employee, Employment, Position, Unit
from teenindus.telephony.models import Agent, AgentSkill, Interface, Queue
from teenindus.tests.urlwalk import routes, url_for

PUBLIC = {"login", "logout", "healthz", "set_language", "admin:login", "admin:logout", "api:api-root"}
# Patterns Django itself adds without a name.
KNOWN_UNNAMED = {"admin/(?P<url>.*)$"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users, sentinel, client):
    # A failed and a good sign-in, so django-axes' admin pages have rows to show.
    client.post(reverse("login"), {"username": "agent", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    client.post(reverse("login"), {"username": "agent", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    client.logout()
    AccessAttempt.objects.create(username="info", ip_address="10.0.0.8", failures_since_start=1)
    AccessFailureLog.objects.create(username="info", ip_address="10.0.0.8")
    agency = Agency.objects.create(name="Amet")
    unit = Unit.objects.create(agency=agency, name="Kõnekeskus", kind="section")
    position = Position.objects.create(unit=unit, title="Kliendinõustaja")
    employee = Employee.objects.create(first_name="Töötaja", last_name="Test")
    employment = Employment.objects.create(employee=employee, position=position, start_date="2025-01-01")
    token, raw = api_token_create(actor=users["admin"], user=users["admin"], name="walk")
    queue = Queue.objects.create(name="pensionid")
    agent = Agent.objects.create(name="Agent Testija", extension="201", employee=employee)
    AgentSkill.objects.create(agent=agent, queue=queue)
    Interface.objects.create(name="PJSIP/201", agent=agent)
    Topic.objects.create(name="Pensionid", code="pensionid")
    # People: a job description with two versions, a conversation about the sentinel employee.
    from teenindus.people.models import Conversation, ConversationTemplate
    from teenindus.people.services.job_descriptions import job_description_save
    from teenindus.people.tests.expected_fixtures import TEAM_LEAD

    saved = job_description_save(actor=users["hr"], record=TEAM_LEAD, position=position)
    job_description_save(actor=users["hr"], record={**TEAM_LEAD, "tools": "Arvuti."}, position=position)
    conversation = Conversation.objects.create(employment=employment, kind="probation", due_date="2025-04-01")
    ConversationTemplate.objects.create(kind="exit", questions=["Miks lahkute?"])
    return {
        "pk": saved.job_description.pk,
        "number": 1,
        "people:conversation.pk": conversation.pk,
        "jd_id": saved.job_description.pk,
        "customer_id": sentinel.pk,
        "token_id": token.pk,
        "id": users["agent"].pk,
        "action": "answer",
        "table": "calls",
        "file_format": "csv",
        "extension": "201",
    }


def _markers(person) -> list[str]:
    return [person.isikukood, person.last_name, "5551 2345", "+37255512345", "sentinella@example.ee"]


def test_every_route_is_walked_or_known(world):
    """A new route the walk cannot fill in fails here, so it cannot slip past the other tests."""
    unwalkable = {r.pattern for r in routes() if url_for(r, world) is None}
    assert unwalkable <= KNOWN_UNNAMED, unwalkable - KNOWN_UNNAMED


def test_every_response_showing_a_person_writes_the_access_log(client, users, world, sentinel):
    client.force_login(users["admin"])
    markers = _markers(sentinel)
    showed_person: set[str] = set()
    walked = 0
    for route in routes():
        url = url_for(route, world)
        if url is None or route.name in {"logout", "admin:logout"}:
            continue
        for query in ("", f"?q={sentinel.isikukood}&format=json"):
            before = set(AccessLog.objects.filter(customer=sentinel).values_list("pk", flat=True))
            response = client.get(url + query)
            walked += 1
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = body.decode("utf-8", "replace")
            if response.get("Content-Type", "").startswith("application/json"):
                text = json.dumps(response.json(), ensure_ascii=False)  # "J\u00e4..." -> "Jä..."
            # What the request itself carried (echoed back e.g. in a form) is not data shown.
            shown = [m for m in markers if m in text and m not in query]
            if not shown:
                continue
            showed_person.add(route.name)
            new_rows = AccessLog.objects.filter(customer=sentinel).exclude(pk__in=before)
            assert new_rows.exists(), f"{url}{query} showed {shown} but wrote no access-log row"
            row = new_rows.first()
            assert row.actor == users["admin"] and row.purpose and row.view
    assert walked > 40
    # The walk really reached the views that show people (it is not vacuous).
    assert {
        "customers:search",
        "customers:detail",
        "customers:edit",
        "customers:access_log",
        "api:customer_search",
        "api:customer_detail",
    } <= showed_person, showed_person


def _refused(response, *, api: bool) -> bool:
    if response.status_code in (401, 403, 405):
        return True
    if response.status_code == 302:
        location = response["Location"]
        return location.startswith(reverse("login")) or location.startswith(reverse("admin:login"))
    return False


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_everyone_without_a_role_is_refused_everywhere(client, users, world, who):
    if who == "outsider":
        client.force_login(users["outsider"])
    checked = 0
    for route in routes():
        url = url_for(route, world)
        if url is None or route.name in PUBLIC:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            checked += 1
            assert _refused(response, api=url.startswith("/api/")), (
                f"{who} {method.upper()} {url} -> {response.status_code}"
            )
    assert checked > 60
    assert AccessLog.objects.count() == 0


def test_api_refuses_without_credentials_in_json(client, world):
    response = client.get(reverse("api:customer_detail", kwargs={"customer_id": world["customer_id"]}))
    assert response.status_code == 401
    assert "detail" in response.json()


def test_public_pages_answer_anonymous_visitors(client, db):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200
