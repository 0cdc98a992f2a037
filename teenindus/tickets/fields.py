"""The details a group may require per category, so that what reaches second level is complete.

A category lists the keys it requires (Category.required_fields); the ticket form shows those
fields and the service refuses a ticket that lacks one or carries a malformed one."""

from collections.abc import Callable
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teenindus.core.exceptions import ValidationFailed
from teenindus.customers.validators import registrikood_clean


class Detail(NamedTuple):
    label: object
    help: object
    clean: Callable[[str, str], str]  # (value, field) -> cleaned, raises ValidationFailed


def _text(limit: int) -> Callable[[str, str], str]:
    def clean(value: str, field: str) -> str:
        value = " ".join(value.split())
        if len(value) > limit:
            raise ValidationFailed(_("Write at most %(limit)s characters.") % {"limit": limit}, field=field)
        return value

    return clean


def _permit(value: str, field: str) -> str:
    value = value.strip().upper()
    if not (3 <= len(value) <= 30) or not all(ch.isalnum() or ch in "-/." for ch in value):
        raise ValidationFailed(
            _("A permit number has 3–30 letters, digits, '-', '/' or '.' (e.g. L.VV/123456)."), field=field
        )
    return value


def _company(value: str, field: str) -> str:
    return registrikood_clean(value, field=field)


DETAILS: dict[str, Detail] = {
    "permit_number": Detail(gettext_lazy("Permit number"), gettext_lazy("e.g. L.VV/123456"), _permit),
    "company_code": Detail(gettext_lazy("Company registry code"), gettext_lazy("8 digits"), _company),
    "device": Detail(
        gettext_lazy("Device"), gettext_lazy("e.g. the computer's inventory number"), _text(120)
    ),
    "office": Detail(gettext_lazy("Office"), gettext_lazy("Where it happened"), _text(120)),
    "decision_number": Detail(gettext_lazy("Decision number"), "", _text(60)),
    "application_number": Detail(gettext_lazy("Application number"), "", _text(60)),
}

DETAIL_CHOICES = [(key, detail.label) for key, detail in DETAILS.items()]


def details_clean(*, required: list[str], given: dict) -> dict:
    """The required details cleaned, plus any other known detail given; a missing or malformed one
    is refused (field "details.<key>")."""
    cleaned = {}
    for key, detail in DETAILS.items():
        value = str(given.get(key) or "").strip()
        field = f"details.{key}"
        if not value:
            if key in required:
                raise ValidationFailed(
                    _("%(detail)s is required for this category.") % {"detail": detail.label}, field=field
                )
            continue
        cleaned[key] = detail.clean(value, field)
    unknown = sorted(set(given) - set(DETAILS))
    if unknown:
        raise ValidationFailed(
            _("Unknown detail: %(key)s.") % {"key": unknown[0]}, field=f"details.{unknown[0]}"
        )
    return cleaned
