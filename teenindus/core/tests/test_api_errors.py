"""Every answer of /api/v1/ that is not a success is JSON {detail, field}: unknown paths and ids,
wrong methods, anonymous writes, a role without permission (before the body is validated)."""

import json

import pytest
from django.test import Client

from teenindus.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=user, user=user, name='t')[1]}"}


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"] and "field" in body
    return body


@pytest.mark.parametrize(
    "path",
    ["/api/v1/customers/abc", "/api/v1/customers/1.5/access-log", "/api/v1/nowhere", "/api/v1/customers/1/x"],
)
def test_unknown_paths_and_non_integer_ids_are_json_404(client, users, path):
    _error(client.get(path, **_bearer(users["agent"])), 404)


def test_unknown_paths_ask_anonymous_callers_to_sign_in_first(client, db):
    anonymous = Client(enforce_csrf_checks=True)
    _error(anonymous.post("/api/v1/nowhere", "{}", content_type="application/json"), 401)
    _error(anonymous.get("/api/v1/customers/abc"), 401)
    _error(anonymous.get("/api/v1/"), 401)


def test_a_wrong_method_is_json_405_naming_the_allowed_ones(client, users):
    response = client.delete("/api/v1/customers/1", **_bearer(users["agent"]))
    _error(response, 405)
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "PATCH"}


def test_an_anonymous_write_is_401_not_a_csrf_403(db):
    anonymous = Client(enforce_csrf_checks=True)
    body = json.dumps({"first_name": "A", "last_name": "B", "isikukood": "39001010011"})
    _error(anonymous.post("/api/v1/customers/persons", body, content_type="application/json"), 401)
    _error(anonymous.post("/api/v1/telephony/route", "{}", content_type="application/json"), 401)


def test_a_session_write_without_csrf_is_a_json_403(users):
    session = Client(enforce_csrf_checks=True)
    session.force_login(users["agent"])
    _error(session.post("/api/v1/customers/persons", "{}", content_type="application/json"), 403)


@pytest.mark.parametrize(
    ("role", "method", "path"),
    [
        ("agent", "post", "/api/v1/telephony/route"),  # telephony's router: not edited for this
        ("agent", "post", "/api/v1/telephony/events"),
        ("second", "post", "/api/v1/customers/persons"),
        ("second", "patch", "/api/v1/customers/1"),
        ("hr", "get", "/api/v1/customers?q="),
        ("agent", "get", "/api/v1/stats/calls?start=nonsense"),
    ],
)
def test_a_role_without_permission_gets_403_before_its_input_is_validated(client, users, role, method, path):
    call = getattr(client, method)
    if method == "get":
        response = call(path, **_bearer(users[role]))
    else:
        response = call(path, '{"nonsense": ', content_type="application/json", **_bearer(users[role]))
    _error(response, 403)


def test_the_openapi_documents_every_operations_errors(client, users):
    client.force_login(users["admin"])
    schema = client.get("/api/v1/openapi.json").json()
    error = schema["components"]["schemas"]["Error"]
    assert {"detail", "field"} <= set(error["properties"])
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            expected = {"401", "403", "405"}
            if operation.get("parameters") or operation.get("requestBody"):
                expected.add("422")
            if "{" in path:
                expected.add("404")
            if operation.get("requestBody"):
                expected.add("400")
            assert expected <= codes, (method, path, codes)
            for code in codes - {"200", "201"}:
                content = operation["responses"][code]["content"]["application/json"]["schema"]
                assert content == {"$ref": "#/components/schemas/Error"}, (method, path, code)


def test_a_nul_character_is_a_422_naming_the_field_and_stores_nothing(client, users):
    from teenindus.customers.models import Customer

    headers = _bearer(users["agent"])
    body = '{"first_name": "Ma\\u0000ri", "last_name": "Maasikas", "isikukood": "39001010011"}'
    response = client.post("/api/v1/customers/persons", body, content_type="application/json", **headers)
    assert _error(response, 422)["field"] == "first_name"
    assert not Customer.objects.exists()
    assert _error(client.get("/api/v1/customers", {"q": "a\x00b"}, **headers), 422)["field"] == "q"


def test_a_body_that_is_not_json_is_a_json_400(client, users):
    body = '{"first_name": "Mari", "last_name": "Maasikas", "isikukood": "39001010011"}'
    response = client.post(
        "/api/v1/customers/persons", body, content_type="multipart/form-data", **_bearer(users["agent"])
    )
    _error(response, 400)


def test_every_operation_states_its_permission_so_it_is_checked_before_the_input():
    """From @requires or the view's own `require_perm(request, "...")` calls (accounts.api_auth)."""
    from teenindus.accounts.api_auth import required_perms
    from teenindus.api import api

    any_role = {"teenindus.accounts.api.me"}  # who am I: every role
    by_own_secret = {"teenindus.tickets.api.jira_webhook"}  # JIRA's webhook: no user, its secret
    missing = [
        f"{operation.view_func.__module__}.{operation.view_func.__name__}"
        for router in api._get_bound_routers()
        for path_view in router.path_operations.values()
        for operation in path_view.operations
        if not required_perms(operation.view_func)
    ]
    assert set(missing) == any_role | by_own_secret


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00+02:00", "9999-12-31T23:59:59-05:00"])
def test_a_time_the_database_cannot_hold_is_not_a_server_error(client, users, at):
    """On PostgreSQL these are outside timestamptz once in UTC (a 500 before); SQLite stores them."""
    body = {"event_id": "e-far", "call_id": "c-far", "type": "exit", "at": at}
    response = client.post(
        "/api/v1/telephony/events", body, content_type="application/json", **_bearer(users["admin"])
    )
    assert response.status_code < 500
    if response.status_code >= 400:
        _error(response, 422)
    assert response.status_code == 422 and response.json()["field"] == "at"  # a phone system's clock is off
