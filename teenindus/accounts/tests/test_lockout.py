"""Sign-in lockout: by username from an address, and by the address whatever the username."""

import pytest
from django.conf import settings as project_settings
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db

ADDRESS_LIMIT = getattr(project_settings, "AXES_ADDRESS_FAILURE_LIMIT", 30)


def _sign_in(client, username, password, address="198.51.100.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_one_password_across_many_usernames_locks_the_address(users):
    client = Client()
    for number in range(ADDRESS_LIMIT - 1):
        response = _sign_in(client, f"kasutaja{number}", "Suvi2026!")
        assert response.status_code == 200  # each username fails once: none is locked by itself
    assert _sign_in(client, "viimane", "Suvi2026!").status_code in (403, 429)  # the address's limit
    locked = _sign_in(client, "agent", PASSWORD)
    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    # Another address is not affected.
    elsewhere = Client()
    assert _sign_in(elsewhere, "agent", PASSWORD, address="203.0.113.9").status_code == 302


def test_the_address_limit_is_higher_than_a_usernames(users):
    assert ADDRESS_LIMIT > project_settings.AXES_USERNAME_FAILURE_LIMIT
    client = Client()
    for number in range(ADDRESS_LIMIT - 1):
        _sign_in(client, f"kasutaja{number}", "vale")
    assert _sign_in(client, "agent", PASSWORD).status_code == 302  # below both limits


def test_a_username_is_locked_after_its_own_limit(users):
    client = Client()
    for _ in range(project_settings.AXES_USERNAME_FAILURE_LIMIT):
        _sign_in(client, "agent", "vale")
    assert _sign_in(client, "agent", PASSWORD).status_code in (403, 429)
    assert _sign_in(Client(), "teamlead", PASSWORD).status_code == 302  # same address, other user
