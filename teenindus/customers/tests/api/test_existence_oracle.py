"""A refusal that tells whether someone is a customer is a look at that customer: it is logged, with
the attempted action as the purpose."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from conftest import COMPANY_CODE, OTHER_IK, SENTINEL_IK
from teenindus.accounts.services import api_token_create
from teenindus.audit.models import AccessLog
from teenindus.customers import services
from teenindus.customers.models import Customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(users):
    return api_token_create(actor=users["agent"], user=users["agent"], name="t")[1]


def _looks(customer, actor):
    return list(
        AccessLog.objects.filter(customer=customer, actor=actor).values_list("action", "purpose", "channel")
    )


def test_creating_a_person_with_an_existing_code_over_the_api_logs_a_look(client, users, token, sentinel):
    response = client.post(
        "/api/v1/customers/persons",
        {"first_name": "X", "last_name": "Y", "isikukood": SENTINEL_IK},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 409
    assert "customer_id" not in response.json() and str(sentinel.pk) not in response.content.decode()
    assert _looks(sentinel, users["agent"]) == [("exists", "Kliendi registreerimine", "api")]


def test_creating_a_company_with_an_existing_code_over_the_api_logs_a_look(client, users, token, sentinel):
    company = Customer.objects.get(registrikood=COMPANY_CODE)
    response = client.post(
        "/api/v1/customers/companies",
        {"name": "Teine OÜ", "registrikood": COMPANY_CODE},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 409
    assert _looks(company, users["agent"]) == [("exists", "Kliendi registreerimine", "api")]


def test_patching_a_code_to_someone_elses_logs_a_look_at_them(client, users, token, sentinel):
    other = services.person_create(
        actor=users["admin"], first_name="Olev", last_name="Teine", isikukood=OTHER_IK
    )
    response = client.patch(
        f"/api/v1/customers/{other.pk}",
        {"version": other.version, "isikukood": SENTINEL_IK},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 409
    assert _looks(sentinel, users["agent"]) == [("exists", "Kliendi andmete muutmine", "api")]


def test_the_registration_page_logs_a_look_at_the_existing_person(client_for, users, sentinel):
    response = client_for("agent").post(
        reverse("customers:person_create"),
        {"first_name": "X", "last_name": "Y", "isikukood": SENTINEL_IK, "language": "et"},
    )
    assert response.status_code == 200 and "juba olemas" in response.content.decode()
    assert _looks(sentinel, users["agent"]) == [("exists", "Kliendi registreerimine", "ui")]


def test_the_edit_page_logs_a_look_at_the_customer_whose_code_it_hit(client_for, users, sentinel):
    other = services.person_create(
        actor=users["admin"], first_name="Olev", last_name="Teine", isikukood=OTHER_IK
    )
    client = client_for("agent")
    client.post(
        reverse("customers:edit", args=[other.pk]),
        {
            "first_name": "Olev",
            "last_name": "Teine",
            "isikukood": SENTINEL_IK,
            "language": "et",
            "version": 1,
        },
    )
    assert _looks(sentinel, users["agent"]) == [("exists", "Kliendi andmete muutmine", "ui")]


def test_adding_a_representative_tells_nothing_before_the_input_is_valid(client_for, users, sentinel):
    """Found and not found give the same answer to input that is wrong anyway."""
    company = Customer.objects.get(registrikood=COMPANY_CODE)
    services.person_create(actor=users["admin"], first_name="Olev", last_name="Teine", isikukood=OTHER_IK)
    client = client_for("agent")
    answers = []
    for code in (OTHER_IK, "38001010009"):  # a person who exists, a valid code nobody has
        response = client.post(
            reverse("customers:representation_add", args=[company.pk]),
            {
                "person_isikukood": code,
                "role": "board_member",
                "valid_from": "2026-02-01",
                "valid_until": "2026-01-01",
            },
        )
        answers.append([str(m) for m in get_messages(response.wsgi_request)][-1])  # the newest
    assert answers[0] == answers[1] == "Lõppkuupäev on enne alguskuupäeva."


def test_a_refused_representative_who_exists_is_a_logged_look(users, sentinel):
    from teenindus.audit.context import AccessContext
    from teenindus.core.exceptions import ConflictError
    from teenindus.customers.selectors import existence_logged

    company = Customer.objects.get(registrikood=COMPANY_CODE)
    ctx = AccessContext(actor=users["agent"], view="test", purpose="x")
    with pytest.raises(ConflictError), existence_logged(ctx=ctx, attempted="Adding a representative"):
        services.representation_add(
            actor=users["agent"], company=company, person_isikukood=SENTINEL_IK, role="board_member"
        )
    assert _looks(sentinel, users["agent"]) == [("exists", "Esindaja lisamine", "ui")]
