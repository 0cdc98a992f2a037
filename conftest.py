"""Shared fixtures: a named user for every role, an outsider with no role, and customers."""

import pytest
from django.contrib.auth.models import Group

from teenindus.accounts import roles
from teenindus.accounts.models import User
from teenindus.customers import services as customer_services

PASSWORD = "Salas0na-Teenindus!"

ROLE_USERS = {
    "agent": roles.AGENT,
    "info": roles.INFO_SPECIALIST,
    "teamlead": roles.TEAM_LEAD,
    "manager": roles.SERVICE_MANAGER,
    "senior": roles.SENIOR_SPECIALIST,
    "second": roles.SECOND_LEVEL,
    "hr": roles.HR_PARTNER,
    "admin": roles.ADMINISTRATOR,
}

# Valid codes (python-stdnum agrees), used across the suite.
SENTINEL_IK = "49403136515"
OTHER_IK = "39001010011"
COMPANY_CODE = "10000356"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is slow by design; tests that are about hashing (accounts) switch it back on."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(username: str, role: str | None = None, **extra) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, first_name=username.title(), last_name="Testija", **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def users(db) -> dict[str, User]:
    made = {key: make_user(key, role, is_staff=key == "admin") for key, role in ROLE_USERS.items()}
    made["outsider"] = make_user("outsider")
    return made


@pytest.fixture
def client_for(client, users):
    """client_for("agent") -> a test client signed in as that role's user."""

    def _client(key: str):
        client.force_login(users[key])
        return client

    return _client


@pytest.fixture
def sentinel(db, users):
    """A person whose data is easy to spot in any response, with a phone, e-mail, address and a company."""
    actor = users["admin"]
    person = customer_services.person_create(
        actor=actor,
        first_name="Sentinella",
        last_name="Jälgitavsalu",
        isikukood=SENTINEL_IK,
        phone="5551 2345",
        email="sentinella@example.ee",
        language="et",
    )
    customer_services.address_add(
        actor=actor, customer=person, street="Jälgija 7", city="Tartu", postal_code="50101"
    )
    company = customer_services.company_create(actor=actor, name="Valvsus OÜ", registrikood=COMPANY_CODE)
    customer_services.representation_add(
        actor=actor, company=company, person_isikukood=SENTINEL_IK, role="board_member", source="äriregister"
    )
    return person
