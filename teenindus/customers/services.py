"""Every write to customers. Keyword-only, one transaction each, every change recorded."""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from teenindus.audit.services import change_record, diff
from teenindus.core.exceptions import (
    ApplicationError,
    ConcurrentEditError,
    ConflictError,
    NotFound,
    ValidationFailed,
)
from teenindus.customers.models import Address, ContactPoint, Customer, Language, Representation
from teenindus.customers.validators import (
    email_normalize,
    isikukood_birth_date,
    isikukood_clean,
    name_fold,
    phone_normalize,
    registrikood_clean,
)

EDITABLE_PERSON = ("first_name", "last_name", "isikukood", "birth_date", "language", "note")
EDITABLE_COMPANY = ("name", "registrikood", "language", "note")


def _required(value: str | None, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(_("This field is required."), field=field)
    return value


def _language(value: str) -> str:
    if value not in Language.values:
        raise ValidationFailed(_("Choose Estonian, Russian or English."), field="language")
    return value


def _person_fields(
    *, first_name: str, last_name: str, isikukood: str | None, birth_date: date | None
) -> dict:
    first_name = _required(first_name, "first_name")
    last_name = _required(last_name, "last_name")
    code = (isikukood or "").strip()
    if code:
        code = isikukood_clean(code)
        derived = isikukood_birth_date(code)
        if birth_date and birth_date != derived:
            raise ValidationFailed(
                _("The date of birth does not match the personal identification code."), field="birth_date"
            )
        birth_date = derived
    elif birth_date is None:
        raise ValidationFailed(
            _("Enter a personal identification code, or the date of birth for a person without one."),
            field="isikukood",
        )
    elif birth_date > date.today():
        raise ValidationFailed(_("The date of birth is in the future."), field="birth_date")
    return {
        "first_name": first_name,
        "last_name": last_name,
        "name": f"{first_name} {last_name}",
        "search_name": name_fold(f"{first_name} {last_name}"),
        "isikukood": code or None,
        "birth_date": birth_date,
    }


def _revealing(exc: ApplicationError, customer_id: int | None) -> ApplicationError:
    """Mark a refusal that tells the caller that this customer exists. The caller's HTTP layer logs
    it as a look at them (customers.selectors.existence_logged), after this transaction rolled back.
    The id is never part of the response."""
    exc.revealed_customer_id = customer_id
    return exc


def _code_exists(field: str, customer_id: int | None) -> ApplicationError:
    return _revealing(ConflictError(_("A customer with this code already exists."), field=field), customer_id)


def _unique_code_guard(*, field: str, value: str | None, exclude_pk: int | None = None) -> None:
    if not value:
        return
    qs = Customer.objects.filter(**{field: value})
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    existing = qs.values_list("pk", flat=True).first()
    if existing is not None:
        raise _code_exists(field, existing)


def _contacts_add(*, actor, customer: Customer, phone: str = "", email: str = "") -> None:
    if phone:
        contact_point_add(actor=actor, customer=customer, kind=ContactPoint.Kind.PHONE, value=phone)
    if email:
        contact_point_add(actor=actor, customer=customer, kind=ContactPoint.Kind.EMAIL, value=email)


def _save_new(customer: Customer, *, code_field: str) -> Customer:
    try:
        with transaction.atomic():
            customer.save()
    except IntegrityError as exc:  # a concurrent create of the same code
        existing = Customer.objects.filter(**{code_field: getattr(customer, code_field)}).values_list(
            "pk", flat=True
        )
        raise _code_exists(code_field, existing.first()) from exc
    return customer


@transaction.atomic
def person_create(
    *,
    actor,
    first_name: str,
    last_name: str,
    isikukood: str | None = None,
    birth_date: date | None = None,
    language: str = Language.ESTONIAN,
    phone: str = "",
    email: str = "",
    note: str = "",
) -> Customer:
    fields = _person_fields(
        first_name=first_name, last_name=last_name, isikukood=isikukood, birth_date=birth_date
    )
    _unique_code_guard(field="isikukood", value=fields["isikukood"])
    customer = _save_new(
        Customer(kind=Customer.Kind.PERSON, language=_language(language), note=note or "", **fields),
        code_field="isikukood",
    )
    _contacts_add(actor=actor, customer=customer, phone=phone, email=email)
    change_record(
        actor=actor, instance=customer, event="customer.created", changes=diff({}, _snapshot(customer))
    )
    return customer


@transaction.atomic
def company_create(
    *,
    actor,
    name: str,
    registrikood: str,
    language: str = Language.ESTONIAN,
    phone: str = "",
    email: str = "",
    note: str = "",
) -> Customer:
    name = _required(name, "name")
    code = registrikood_clean(_required(registrikood, "registrikood"))
    _unique_code_guard(field="registrikood", value=code)
    customer = _save_new(
        Customer(
            kind=Customer.Kind.COMPANY,
            name=name,
            search_name=name_fold(name),
            registrikood=code,
            language=_language(language),
            note=note or "",
        ),
        code_field="registrikood",
    )
    _contacts_add(actor=actor, customer=customer, phone=phone, email=email)
    change_record(
        actor=actor, instance=customer, event="customer.created", changes=diff({}, _snapshot(customer))
    )
    return customer


def _snapshot(customer: Customer) -> dict:
    keys = EDITABLE_PERSON + ("name",) if customer.is_person else EDITABLE_COMPANY
    return {key: getattr(customer, key) for key in keys}


@transaction.atomic
def customer_update(*, actor, customer_id: int, version: int, data: dict) -> Customer:
    """Change a customer's own fields. `version` is the one the user's edit was based on: when someone
    else saved in between, nothing is written and ConcurrentEditError says so."""
    customer = Customer.objects.select_for_update().filter(pk=customer_id).first()
    if customer is None:
        raise NotFound(_("No such customer."), field="id")
    if customer.version != version:
        raise ConcurrentEditError(
            _("Someone else changed this customer after you opened it. Reload and make your change again."),
            field="version",
            extra={"current_version": customer.version},
        )
    allowed = EDITABLE_PERSON if customer.is_person else EDITABLE_COMPANY
    unknown = set(data) - set(allowed)
    if unknown:
        field = sorted(unknown)[0]
        raise ValidationFailed(_("This field cannot be changed here."), field=field)
    before = _snapshot(customer)
    merged = {**before, **data}
    if customer.is_person:
        new_code = (merged["isikukood"] or "").strip() or None
        if new_code and new_code != before["isikukood"] and merged["birth_date"] == before["birth_date"]:
            merged["birth_date"] = None  # a new code with an untouched birth date: derive it again
        fields = _person_fields(
            first_name=merged["first_name"],
            last_name=merged["last_name"],
            isikukood=merged["isikukood"],
            birth_date=merged["birth_date"],
        )
        _unique_code_guard(field="isikukood", value=fields["isikukood"], exclude_pk=customer.pk)
    else:
        name = _required(merged["name"], "name")
        fields = {
            "name": name,
            "search_name": name_fold(name),
            "registrikood": registrikood_clean(_required(merged["registrikood"], "registrikood")),
        }
        _unique_code_guard(field="registrikood", value=fields["registrikood"], exclude_pk=customer.pk)
    fields["language"] = _language(merged["language"])
    fields["note"] = merged["note"] or ""
    changes = diff(before, {key: value for key, value in fields.items() if key != "search_name"})
    if changes:
        updated = Customer.objects.filter(pk=customer.pk, version=version).update(
            **fields, version=F("version") + 1
        )
        if not updated:  # pragma: no cover - guarded by the row lock above
            raise ConcurrentEditError(_("Someone else changed this customer."), field="version")
        customer.refresh_from_db()
        change_record(actor=actor, instance=customer, event="customer.updated", changes=changes)
    return customer


@transaction.atomic
def contact_point_add(*, actor, customer: Customer, kind: str, value: str) -> ContactPoint:
    if kind == ContactPoint.Kind.PHONE:
        normalized = phone_normalize(value)
    elif kind == ContactPoint.Kind.EMAIL:
        normalized = email_normalize(value)
    else:
        raise ValidationFailed(_("Choose phone or e-mail."), field="kind")
    if ContactPoint.objects.filter(customer=customer, kind=kind, normalized=normalized).exists():
        raise ConflictError(_("The customer already has this contact."), field="value")
    is_primary = not ContactPoint.objects.filter(customer=customer, kind=kind).exists()
    point = ContactPoint.objects.create(
        customer=customer, kind=kind, value=value.strip(), normalized=normalized, is_primary=is_primary
    )
    change_record(
        actor=actor, instance=customer, event="customer.contact_added", changes={kind: [None, value]}
    )
    return point


@transaction.atomic
def address_add(
    *,
    actor,
    customer: Customer,
    street: str,
    city: str,
    postal_code: str = "",
    country: str = "EE",
    kind: str = "",
) -> Address:
    kind = kind or (Address.Kind.RESIDENCE if customer.is_person else Address.Kind.SEAT)
    if kind not in Address.Kind.values:
        raise ValidationFailed(_("Choose the kind of address."), field="kind")
    postal_code = (postal_code or "").strip()
    country = (country or "EE").strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise ValidationFailed(_("Use a two-letter country code, e.g. EE."), field="country")
    if country == "EE" and postal_code and not (postal_code.isdigit() and len(postal_code) == 5):
        raise ValidationFailed(_("An Estonian postal code has 5 digits."), field="postal_code")
    address = Address.objects.create(
        customer=customer,
        kind=kind,
        street=_required(street, "street"),
        city=_required(city, "city"),
        postal_code=postal_code,
        country=country,
    )
    change_record(
        actor=actor,
        instance=customer,
        event="customer.address_added",
        changes={"address": [None, str(address)]},
    )
    return address


@transaction.atomic
def representation_add(
    *,
    actor,
    company: Customer,
    person_isikukood: str,
    role: str,
    valid_from: date | None = None,
    valid_until: date | None = None,
    source: str = "",
) -> Representation:
    if company.is_person:
        raise ValidationFailed(_("Representatives are added to a company."), field="company")
    if role not in Representation.Role.values:
        raise ValidationFailed(_("Choose the role of the representative."), field="role")
    code = isikukood_clean(person_isikukood, field="person_isikukood")
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationFailed(_("The end date is before the start date."), field="valid_until")
    # Everything that does not depend on who exists is checked above: from here on, an answer tells
    # whether this person is a customer.
    person = Customer.objects.filter(isikukood=code).first()
    if person is None:
        raise NotFound(_("No private person with this code; add the person first."), field="person_isikukood")
    if Representation.objects.filter(person=person, company=company, role=role).exists():
        raise _revealing(
            ConflictError(_("This representation is already recorded."), field="role"), person.pk
        )
    link = Representation.objects.create(
        person=person,
        company=company,
        role=role,
        valid_from=valid_from,
        valid_until=valid_until,
        source=source,
    )
    change_record(
        actor=actor,
        instance=company,
        event="customer.representative_added",
        changes={"representative": [None, f"{person.pk}:{role}"]},
    )
    return link
