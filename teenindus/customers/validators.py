"""Identifier and contact checks shared by forms, API schemas and services (one way to check)."""

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.ee import ik, registrikood

from teenindus.core.exceptions import ValidationFailed


def _stdnum_message(exc: Exception, *, what: str, length: int) -> str:
    if isinstance(exc, stdnum_errors.InvalidLength):
        return _("%(what)s must have %(n)d digits.") % {"what": what, "n": length}
    if isinstance(exc, stdnum_errors.InvalidFormat):
        return _("%(what)s may contain digits only.") % {"what": what}
    if isinstance(exc, stdnum_errors.InvalidChecksum):
        return _("%(what)s has a wrong check digit.") % {"what": what}
    return _("%(what)s is not valid.") % {"what": what}


def isikukood_clean(value: str, *, field: str = "isikukood") -> str:
    """A valid isikukood in compact form, or ValidationFailed naming the field."""
    try:
        return ik.validate(value)
    except stdnum_errors.ValidationError as exc:
        raise ValidationFailed(
            _stdnum_message(exc, what=_("Personal identification code"), length=11), field=field
        ) from exc


def isikukood_birth_date(code: str) -> date:
    return ik.get_birth_date(code)


def registrikood_clean(value: str, *, field: str = "registrikood") -> str:
    try:
        return registrikood.validate(value)
    except stdnum_errors.ValidationError as exc:
        raise ValidationFailed(_stdnum_message(exc, what=_("Registry code"), length=8), field=field) from exc


_PHONE_CHARS = re.compile(r"[\s\-().]")


def phone_normalize(value: str, *, field: str = "phone") -> str:
    """+372… for Estonian numbers written without a country code; +CC… otherwise."""
    raw = _PHONE_CHARS.sub("", value or "")
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    digits = raw[1:] if raw.startswith("+") else raw
    if not digits.isdigit() or not 7 <= len(digits) <= 15:
        raise ValidationFailed(_("Enter a phone number of 7 to 15 digits."), field=field)
    if raw.startswith("+"):
        return raw
    if digits.startswith("372") and len(digits) >= 10:
        return "+" + digits
    return "+372" + digits


def email_normalize(value: str, *, field: str = "email") -> str:
    value = (value or "").strip()
    try:
        validate_email(value)
    except DjangoValidationError as exc:
        raise ValidationFailed(_("Enter a valid e-mail address."), field=field) from exc
    return value.lower()


# Transliterations read off Russian-language papers: "Shmidt" for Šmidt, "Zhukov" for Žukov.
_DIGRAPHS = (("sh", "s"), ("zh", "z"))


def name_fold(value: str) -> str:
    """A name as the search compares it: case folded, diacritics dropped (ä→a, õ→o, š→s, ž→z) and
    the transliterations sh→s, zh→z, so that "magi", "sarg", "smidt" and "shmidt" find Mägi, Särg
    and Šmidt. The stored column and the query are folded alike (both databases compare plain
    lower-case ASCII-like text; no database function needed)."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    folded = "".join(char for char in decomposed if not unicodedata.combining(char))
    for digraph, letter in _DIGRAPHS:
        folded = folded.replace(digraph, letter)
    return folded[:255]
