"""An API call with a token: one look-up for the token, its user and their permissions, and no write
unless the token's last use is a minute old (a phone system calls many times a second)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from teenindus.accounts import roles
from teenindus.accounts.models import ApiToken, User
from teenindus.accounts.services import api_token_authenticate, api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(users):
    _token, raw = api_token_create(actor=users["admin"], user=users["teamlead"], name="test")
    return raw


def test_permissions_loaded_with_the_token_are_djangos_own(token, users):
    loaded = api_token_authenticate(token)
    fresh = User.objects.get(pk=users["teamlead"].pk)
    assert loaded.get_all_permissions() == fresh.get_all_permissions() != set()
    assert loaded.has_perm("telephony.view_call_stats") == fresh.has_perm("telephony.view_call_stats")


def test_a_token_call_reads_twice_and_writes_once_a_minute(token, client):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.get("/api/v1/accounts/me", **headers)  # the first use is recorded
    first_used = ApiToken.objects.get().last_used_at
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/accounts/me", **headers)
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert not any(s.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE")) for s in sql), sql
    own = [s for s in sql if '"auth_group"."name"' not in s]  # /me itself lists the role names
    assert len(own) == 1, own  # the token, its user and their permissions at once
    assert ApiToken.objects.get().last_used_at == first_used
    ApiToken.objects.update(last_used_at=timezone.now() - timedelta(minutes=2))
    client.get("/api/v1/accounts/me", **headers)
    assert timezone.now() - ApiToken.objects.get().last_used_at < timedelta(seconds=30)


def test_a_permission_taken_from_a_role_counts_at_the_next_call(token, users):
    assert api_token_authenticate(token).has_perm("telephony.view_call_stats")
    group = Group.objects.get(name=roles.TEAM_LEAD)
    stats = Permission.objects.get(content_type__app_label="telephony", codename="view_call_stats")
    group.permissions.remove(stats)
    assert not api_token_authenticate(token).has_perm("telephony.view_call_stats")
    users["teamlead"].groups.clear()
    with pytest.raises(Exception):  # noqa: B017 - any refusal: the account has no role now
        from teenindus.accounts.api_auth import TokenAuth

        TokenAuth().authenticate(type("R", (), {})(), token)
