"""The API against its own OpenAPI description (schemathesis, in process through the WSGI app).

Every operation gets a bounded number of generated requests, valid and invalid, as the
administrator (everything allowed) and as an agent (a role that may do less). No answer may be a
server error; every status must be documented for its operation, every body must match its
documented schema, and every 4xx must be the documented error shape {detail, field}.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from teenindus.accounts.services import api_token_create
from teenindus.api import api

pytestmark = pytest.mark.django_db

EXAMPLES = 15  # per operation and role: the whole run stays well within two minutes


# The schema the API serves at /api/v1/openapi.json, taken from the API object (that URL needs a
# signed-in session; building it needs no database), called in process through the WSGI app.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _requests_keep_the_test_connection():
    """The real WSGI handler closes the database connection after each request; the test's
    transaction lives on it (Django's own test client disconnects these signals the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _is_error_shape(response) -> None:
    if 400 <= response.status_code < 500:
        body = response.json()
        assert isinstance(body, dict) and isinstance(body.get("detail"), str) and body["detail"], body
        assert "field" in body and (body["field"] is None or isinstance(body["field"], str)), body


def _token(user) -> str:
    return api_token_create(actor=user, user=user, name="schemathesis")[1]


def _check(case, token: str) -> None:
    # Every check but one: a request the schema allows may still be refused with 422 for a rule
    # the schema cannot express (an isikukood's check digit, a period that ends before it starts).
    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"}, excluded_checks=[positive_data_acceptance]
    )
    assert response.status_code < 500
    _is_error_shape(response)


SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)


@schema.parametrize()
@SETTINGS
def test_the_api_keeps_its_description_for_the_administrator(case, users, sentinel):
    _check(case, _token(users["admin"]))


@schema.parametrize()
@SETTINGS
def test_the_api_keeps_its_description_for_an_agent(case, users, sentinel):
    _check(case, _token(users["agent"]))
