"""A token call to the API goes to its view past the browser middleware (MachineClientMiddleware):
it answers as before, touches no session, answers in the caller's language, and a token, not a
session cookie beside it, decides who calls."""

import pytest

from teenindus.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(users):
    return api_token_create(actor=users["admin"], user=users["teamlead"], name="test")[1]


def test_a_token_call_answers_without_a_session_in_the_callers_language(client, token):
    response = client.get(
        "/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="et"
    )
    assert response.status_code == 200 and response.json()["username"]
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
    assert "Cookie" not in response.get("Vary", "")  # no session was read
    assert response["Content-Language"] == "et"
    assert "no-store" in response["Cache-Control"] and response["Content-Security-Policy"]
    refused = client.get(
        "/api/v1/accounts/me", HTTP_AUTHORIZATION="Bearer tnd_wrong", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 401 and refused["Content-Language"] == "en"


def test_a_wrong_token_is_refused_even_beside_a_signed_in_session(client_for, token):
    client = client_for("teamlead")
    assert client.get("/api/v1/accounts/me").status_code == 200  # the session alone
    assert client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION="Bearer tnd_wrong").status_code == 401


def test_an_unknown_api_url_takes_the_whole_way_and_gets_the_apis_404(client, token):
    response = client.get("/api/v1/nowhere", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404 and response.json()["detail"]
    assert "no-store" in response["Cache-Control"]
