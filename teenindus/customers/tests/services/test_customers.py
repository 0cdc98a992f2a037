from datetime import date

import pytest
from django.utils import translation

from conftest import COMPANY_CODE, OTHER_IK, SENTINEL_IK
from teenindus.audit.models import ChangeEvent
from teenindus.core.exceptions import ConcurrentEditError, ConflictError, NotFound, ValidationFailed
from teenindus.customers import services
from teenindus.customers.models import ContactPoint, Customer, Representation

pytestmark = pytest.mark.django_db


def test_person_create_derives_birth_date_and_normalises_contacts(users):
    person = services.person_create(
        actor=users["agent"],
        first_name=" Mari ",
        last_name="Maasikas",
        isikukood="390 0101 0011",
        phone="5123 4567",
        email="Mari.Maasikas@Example.EE",
    )
    assert person.isikukood == OTHER_IK
    assert person.birth_date == date(1990, 1, 1)
    assert person.name == "Mari Maasikas"
    phone = person.contact_points.get(kind=ContactPoint.Kind.PHONE)
    email = person.contact_points.get(kind=ContactPoint.Kind.EMAIL)
    assert phone.normalized == "+37251234567" and phone.is_primary
    assert email.normalized == "mari.maasikas@example.ee"
    event = ChangeEvent.objects.get(
        entity="customers.Customer", entity_id=str(person.pk), event="customer.created"
    )
    assert event.actor == users["agent"]
    assert event.changes["isikukood"] == [None, OTHER_IK]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("39001010012", "check digit"),
        ("3900101001", "11 digits"),
        ("3900101001x", "digits only"),
        ("99001010011", "not valid"),
    ],
)
def test_invalid_isikukood_is_refused_and_nothing_is_saved(users, code, message):
    with translation.override("en"), pytest.raises(ValidationFailed) as err:
        services.person_create(
            actor=users["agent"], first_name="A", last_name="B", isikukood=code, phone="51234567"
        )
    assert err.value.field == "isikukood"
    assert message in err.value.message
    assert Customer.objects.count() == 0
    assert ContactPoint.objects.count() == 0
    assert ChangeEvent.objects.count() == 0


def test_foreigner_without_code_needs_a_birth_date(users):
    with pytest.raises(ValidationFailed) as err:
        services.person_create(actor=users["agent"], first_name="John", last_name="Smith")
    assert err.value.field == "isikukood"
    person = services.person_create(
        actor=users["agent"],
        first_name="John",
        last_name="Smith",
        birth_date=date(1985, 5, 17),
        language="en",
    )
    assert person.isikukood is None and person.birth_date == date(1985, 5, 17)


def test_birth_date_must_agree_with_the_code(users):
    with pytest.raises(ValidationFailed) as err:
        services.person_create(
            actor=users["agent"],
            first_name="A",
            last_name="B",
            isikukood=OTHER_IK,
            birth_date=date(1991, 1, 1),
        )
    assert err.value.field == "birth_date"


def test_duplicate_isikukood_is_a_conflict(users, sentinel):
    with pytest.raises(ConflictError) as err:
        services.person_create(actor=users["agent"], first_name="X", last_name="Y", isikukood=SENTINEL_IK)
    assert err.value.field == "isikukood"
    assert Customer.objects.filter(isikukood=SENTINEL_IK).count() == 1


def test_company_registrikood_is_checked(users):
    with pytest.raises(ValidationFailed) as err:
        services.company_create(actor=users["agent"], name="Vigane OÜ", registrikood="10000357")
    assert err.value.field == "registrikood"
    company = services.company_create(actor=users["agent"], name="Korras OÜ", registrikood=COMPANY_CODE)
    assert company.kind == Customer.Kind.COMPANY and company.isikukood is None


def test_language_must_be_served(users):
    with pytest.raises(ValidationFailed) as err:
        services.person_create(
            actor=users["agent"], first_name="A", last_name="B", isikukood=OTHER_IK, language="de"
        )
    assert err.value.field == "language"


def test_update_bumps_version_and_records_old_and_new(users, sentinel):
    updated = services.customer_update(
        actor=users["agent"], customer_id=sentinel.pk, version=sentinel.version, data={"last_name": "Uusnimi"}
    )
    assert updated.version == sentinel.version + 1
    assert updated.name == "Sentinella Uusnimi"
    event = ChangeEvent.objects.filter(event="customer.updated").get()
    assert event.changes["last_name"] == ["Jälgitavsalu", "Uusnimi"]
    assert event.changes["name"] == ["Sentinella Jälgitavsalu", "Sentinella Uusnimi"]


def test_concurrent_edit_never_overwrites(users, sentinel):
    loaded_version = sentinel.version
    services.customer_update(
        actor=users["agent"], customer_id=sentinel.pk, version=loaded_version, data={"note": "first"}
    )
    with pytest.raises(ConcurrentEditError) as err:
        services.customer_update(
            actor=users["info"], customer_id=sentinel.pk, version=loaded_version, data={"note": "second"}
        )
    assert err.value.extra["current_version"] == loaded_version + 1
    sentinel.refresh_from_db()
    assert sentinel.note == "first"


def test_update_with_invalid_code_changes_nothing(users, sentinel):
    with pytest.raises(ValidationFailed):
        services.customer_update(
            actor=users["agent"],
            customer_id=sentinel.pk,
            version=sentinel.version,
            data={"first_name": "Muudetud", "isikukood": "12345678901"},
        )
    sentinel.refresh_from_db()
    assert sentinel.first_name == "Sentinella" and sentinel.version == 1


def test_new_code_gives_new_birth_date(users, sentinel):
    updated = services.customer_update(
        actor=users["agent"], customer_id=sentinel.pk, version=1, data={"isikukood": OTHER_IK}
    )
    assert updated.birth_date == date(1990, 1, 1)


def test_update_unknown_customer(users):
    with pytest.raises(NotFound):
        services.customer_update(actor=users["agent"], customer_id=999999, version=1, data={})


def test_company_fields_cannot_be_set_on_a_person(users, sentinel):
    with pytest.raises(ValidationFailed) as err:
        services.customer_update(
            actor=users["agent"], customer_id=sentinel.pk, version=1, data={"registrikood": COMPANY_CODE}
        )
    assert err.value.field == "registrikood"


@pytest.mark.parametrize(
    ("value", "normalized"),
    [
        ("+372 5123 4567", "+37251234567"),
        ("0037251234567", "+37251234567"),
        ("6 123 456", "+3726123456"),
        ("+358 40 1234567", "+358401234567"),
    ],
)
def test_phone_normalisation(users, sentinel, value, normalized):
    point = services.contact_point_add(actor=users["agent"], customer=sentinel, kind="phone", value=value)
    assert point.normalized == normalized
    assert point.is_primary is False  # the sentinel already has a primary phone


def test_bad_phone_and_duplicate_contact(users, sentinel):
    with pytest.raises(ValidationFailed) as err:
        services.contact_point_add(actor=users["agent"], customer=sentinel, kind="phone", value="12ab")
    assert err.value.field == "phone"
    with pytest.raises(ConflictError):
        services.contact_point_add(
            actor=users["agent"], customer=sentinel, kind="email", value="SENTINELLA@example.ee"
        )


def test_address_checks_postal_code(users, sentinel):
    with pytest.raises(ValidationFailed) as err:
        services.address_add(
            actor=users["agent"], customer=sentinel, street="Pikk 1", city="Tallinn", postal_code="1011"
        )
    assert err.value.field == "postal_code"
    address = services.address_add(
        actor=users["agent"],
        customer=sentinel,
        street="Pikk 1",
        city="Tallinn",
        postal_code="10133",
        kind="postal",
    )
    assert str(address) == "Pikk 1, Tallinn, 10133"


def test_representation_links_person_and_company(users, sentinel):
    company = Customer.objects.get(registrikood=COMPANY_CODE)
    link = Representation.objects.get(company=company)
    assert link.person == sentinel and link.role == "board_member"
    with pytest.raises(ConflictError):
        services.representation_add(
            actor=users["agent"], company=company, person_isikukood=SENTINEL_IK, role="board_member"
        )
    with pytest.raises(NotFound) as err:
        services.representation_add(
            actor=users["agent"], company=company, person_isikukood=OTHER_IK, role="procurator"
        )
    assert err.value.field == "person_isikukood"
    with pytest.raises(ValidationFailed):
        services.representation_add(
            actor=users["agent"], company=sentinel, person_isikukood=SENTINEL_IK, role="user"
        )
