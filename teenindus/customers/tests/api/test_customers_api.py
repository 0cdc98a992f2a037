import json

import pytest
from django.urls import reverse

from conftest import COMPANY_CODE, OTHER_IK, SENTINEL_IK
from teenindus.accounts.services import api_token_create, api_token_revoke
from teenindus.audit.models import AccessLog
from teenindus.customers.models import ContactPoint, Customer

pytestmark = pytest.mark.django_db

PERSONS = "/api/v1/customers/persons"


@pytest.fixture
def agent_token(users):
    _token, raw = api_token_create(actor=users["agent"], user=users["agent"], name="test")
    return raw


def post(client, url, body, token=None, **headers):
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(url, data, content_type="application/json", **headers)


def test_create_person_with_token(client, agent_token):
    response = post(
        client,
        PERSONS,
        {"first_name": "Mari", "last_name": "Maasikas", "isikukood": OTHER_IK, "phone": "51234567"},
        agent_token,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["isikukood"] == OTHER_IK and body["birth_date"] == "1990-01-01" and body["version"] == 1
    assert body["contact_points"] == [{"kind": "phone", "value": "51234567", "is_primary": True}]
    # The response shows the person: logged, as an API access.
    log = AccessLog.objects.get(customer_id=body["id"])
    assert (log.channel, log.view, log.actor.username) == ("api", "api:person_create", "agent")


@pytest.mark.parametrize(
    ("body", "field", "estonian"),
    [
        ({"first_name": "A", "last_name": "B", "isikukood": "39001010012"}, "isikukood", "kontrollnumber"),
        ({"first_name": "A", "last_name": "B", "isikukood": "123"}, "isikukood", "11-kohaline"),
        ({"first_name": "A"}, "last_name", "kohustuslik"),
        ({"first_name": "A", "last_name": "B", "birth_date": "17.05.1985"}, "birth_date", "AAAA-KK-PP"),
        ({"first_name": "A", "last_name": "B", "isikukood": OTHER_IK, "language": "de"}, "language", "Vali"),
        (
            {"first_name": "A", "last_name": "B", "isikukood": OTHER_IK, "phone": "12"},
            "phone",
            "telefoninumber",
        ),
    ],
)
def test_bad_input_is_422_naming_the_field_in_estonian_and_saves_nothing(
    client, agent_token, body, field, estonian
):
    response = post(client, PERSONS, body, agent_token)
    assert response.status_code == 422, response.content
    error = response.json()
    assert error["field"] == field
    assert estonian in error["detail"]
    assert Customer.objects.count() == 0 and ContactPoint.objects.count() == 0


def test_messages_follow_accept_language(client, agent_token):
    body = {"first_name": "A", "last_name": "B", "isikukood": "39001010012"}
    response = post(client, PERSONS, body, agent_token, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "Personal identification code has a wrong check digit."


def test_malformed_json_is_400_naming_the_body(client, agent_token):
    response = post(client, PERSONS, "{not json", agent_token)
    assert response.status_code == 400
    assert response.json() == {"detail": "Päringu sisu ei ole korrektne JSON.", "field": "body"}
    assert Customer.objects.count() == 0


def test_duplicate_code_is_409(client, agent_token, sentinel):
    response = post(
        client, PERSONS, {"first_name": "X", "last_name": "Y", "isikukood": SENTINEL_IK}, agent_token
    )
    assert response.status_code == 409
    assert response.json()["field"] == "isikukood"


def test_company_create_checks_registrikood(client, agent_token):
    url = "/api/v1/customers/companies"
    bad = post(client, url, {"name": "Vigane OÜ", "registrikood": "10000357"}, agent_token)
    assert bad.status_code == 422 and bad.json()["field"] == "registrikood"
    good = post(client, url, {"name": "Korras OÜ", "registrikood": COMPANY_CODE}, agent_token)
    assert good.status_code == 201 and good.json()["registrikood"] == COMPANY_CODE


def test_patch_with_stale_version_is_409_and_changes_nothing(client, agent_token, sentinel):
    url = f"/api/v1/customers/{sentinel.pk}"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {agent_token}"}
    first = client.patch(url, {"version": 1, "note": "first"}, content_type="application/json", **headers)
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = client.patch(url, {"version": 1, "note": "second"}, content_type="application/json", **headers)
    assert stale.status_code == 409
    assert stale.json()["field"] == "version" and stale.json()["current_version"] == 2
    sentinel.refresh_from_db()
    assert sentinel.note == "first"


def test_patch_requires_version(client, agent_token, sentinel):
    response = client.patch(
        f"/api/v1/customers/{sentinel.pk}",
        {"note": "x"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {agent_token}",
    )
    assert response.status_code == 422 and response.json()["field"] == "version"


def test_unknown_customer_is_404(client, agent_token):
    response = client.get("/api/v1/customers/424242", HTTP_AUTHORIZATION=f"Bearer {agent_token}")
    assert response.status_code == 404 and response.json()["field"] == "id"


def test_search_requires_a_query(client, agent_token):
    response = client.get("/api/v1/customers", HTTP_AUTHORIZATION=f"Bearer {agent_token}")
    assert response.status_code == 422 and response.json()["field"] == "q"


def test_search_logs_with_the_given_purpose(client, agent_token, sentinel):
    response = client.get(
        "/api/v1/customers",
        {"q": "+37255512345", "purpose": "Kõne 123"},
        HTTP_AUTHORIZATION=f"Bearer {agent_token}",
    )
    assert [c["id"] for c in response.json()] == [sentinel.pk]
    assert AccessLog.objects.get().purpose == "Kõne 123"


def test_revoked_or_wrong_token_is_401(client, users):
    token, raw = api_token_create(actor=users["agent"], user=users["agent"], name="x")
    assert client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    api_token_revoke(actor=users["agent"], token=token)
    assert client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION="Bearer tnd_wrong").status_code == 401


def test_role_limits_the_api(client, users, sentinel):
    _t, hr = api_token_create(actor=users["hr"], user=users["hr"], name="hr")
    response = client.get(f"/api/v1/customers/{sentinel.pk}", HTTP_AUTHORIZATION=f"Bearer {hr}")
    assert response.status_code == 403  # HR works with staff, not customers
    _t, second = api_token_create(actor=users["second"], user=users["second"], name="2")
    created = post(client, PERSONS, {"first_name": "A", "last_name": "B", "isikukood": OTHER_IK}, second)
    assert created.status_code == 403  # second level reads, does not register
    assert (
        client.get(
            f"/api/v1/customers/{sentinel.pk}/access-log", HTTP_AUTHORIZATION=f"Bearer {second}"
        ).status_code
        == 403
    )


def test_access_log_api_lists_who_looked(client, users, sentinel, agent_token):
    client.get(f"/api/v1/customers/{sentinel.pk}", HTTP_AUTHORIZATION=f"Bearer {agent_token}")
    client.force_login(users["teamlead"])
    response = client.get(f"/api/v1/customers/{sentinel.pk}/access-log")
    rows = response.json()
    assert response.status_code == 200
    assert [(r["actor"], r["action"]) for r in rows] == [
        ("Teamlead Testija", "access_log"),
        ("Agent Testija", "view"),
    ]


def test_session_writes_need_csrf(users):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(users["agent"])
    response = strict.post(
        PERSONS,
        json.dumps({"first_name": "A", "last_name": "B", "isikukood": OTHER_IK}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Customer.objects.count() == 0


def test_openapi_schema_lists_the_customer_api(client, users):
    client.force_login(users["agent"])
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/customers/persons" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_api_url_names(db):
    assert reverse("api:customer_detail", kwargs={"customer_id": 1}) == "/api/v1/customers/1"
