"""The paper templates' placeholders: `{name}` replaced by a value as plain text, `{{` and `}}` for a
literal brace. Nothing else is understood — no attribute or index lookups, conversions, format specs
or template tags — so a template cannot reach anything but the values it is given. The output is
plain text; the PDF's Django template escapes it as HTML."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teenindus.core.exceptions import ValidationFailed

NAME = re.compile(r"[^\W\d][\w]*\Z")
EXTRA_MAX = 20
VALUE_MAX = 1000

# The values every paper has: the customer's data and the paper's own.
STANDARD = {
    "nimi": gettext_lazy("the customer's name"),
    "eesnimi": gettext_lazy("first name"),
    "perenimi": gettext_lazy("last name"),
    "isikukood": gettext_lazy("personal identification code"),
    "registrikood": gettext_lazy("registry code"),
    "aadress": gettext_lazy("address"),
    "kuupaev": gettext_lazy("the paper's date (dd.mm.yyyy)"),
    "number": gettext_lazy("the registration number"),
    "koostaja": gettext_lazy("the signer's name"),
    "ametikoht": gettext_lazy("the signer's position"),
}

# The customer's data and what is not known when the document is registered (its number) stay out
# of the title: the title is the register's, and the public register shows titles.
NOT_IN_TITLE = {"nimi", "eesnimi", "perenimi", "isikukood", "registrikood", "aadress", "number"}


@dataclass(frozen=True)
class Literal:
    text: str


@dataclass(frozen=True)
class Placeholder:
    name: str


def parse(text: str, *, field: str) -> list[Literal | Placeholder]:
    """The text as literals and placeholders; a malformed one is refused, naming where."""
    parts: list[Literal | Placeholder] = []
    literal: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "{" and text.startswith("{{", i):
            literal.append("{")
            i += 2
        elif char == "}" and text.startswith("}}", i):
            literal.append("}")
            i += 2
        elif char == "{":
            end = text.find("}", i + 1)
            inner = text[i + 1 : end] if end != -1 else ""
            if end == -1 or "{" in inner:
                raise ValidationFailed(
                    _("A “{” without its “}” at character %(position)s: write {{ for a brace itself.")
                    % {"position": i + 1},
                    field=field,
                )
            if not NAME.match(inner):
                raise ValidationFailed(
                    _("“{%(name)s}” is not a placeholder: a placeholder is a name in braces, like {nimi}.")
                    % {"name": inner},
                    field=field,
                )
            if literal:
                parts.append(Literal("".join(literal)))
                literal = []
            parts.append(Placeholder(inner))
            i = end + 1
        elif char == "}":
            raise ValidationFailed(
                _("A “}” without its “{” at character %(position)s: write }} for a brace itself.")
                % {"position": i + 1},
                field=field,
            )
        else:
            literal.append(char)
            i += 1
    if literal:
        parts.append(Literal("".join(literal)))
    return parts


def names_used(text: str, *, field: str) -> list[str]:
    return list(dict.fromkeys(p.name for p in parse(text, field=field) if isinstance(p, Placeholder)))


def check(text: str, *, known: set[str], field: str) -> None:
    """Refuse a malformed text or one with a placeholder that is not known (named in the message)."""
    unknown = [name for name in names_used(text, field=field) if name not in known]
    if unknown:
        raise ValidationFailed(
            _("Unknown placeholder {%(name)s}. Known: %(known)s.")
            % {"name": unknown[0], "known": ", ".join(f"{{{k}}}" for k in sorted(known))},
            field=field,
        )


def substitute(text: str, values: dict[str, str], *, field: str = "body") -> str:
    """The text with its placeholders replaced by the values (plain text: escape it when shown)."""
    out = []
    for part in parse(text, field=field):
        if isinstance(part, Literal):
            out.append(part.text)
        elif part.name in values:
            out.append(str(values[part.name]))
        else:
            raise ValidationFailed(_("Unknown placeholder {%(name)s}.") % {"name": part.name}, field=field)
    return "".join(out)


def extra_fields_clean(raw) -> list[dict]:
    """Declared extra fields as [{"name", "label", "required"}]; a bad declaration is refused."""
    if not isinstance(raw, list):
        raise ValidationFailed(_("The extra fields must be a list."), field="extra_fields")
    if len(raw) > EXTRA_MAX:
        raise ValidationFailed(
            _("At most %(count)s extra fields.") % {"count": EXTRA_MAX}, field="extra_fields"
        )
    out, seen = [], set()
    for item in raw:
        name = str((item or {}).get("name", "")).strip() if isinstance(item, dict) else ""
        label = str(item.get("label", "")).strip()[:100] if isinstance(item, dict) else ""
        if not NAME.match(name) or len(name) > 40:
            raise ValidationFailed(
                _("“%(name)s” cannot be a field name: use letters, digits and _, starting with a letter.")
                % {"name": name},
                field="extra_fields",
            )
        if name in STANDARD:
            raise ValidationFailed(
                _("{%(name)s} is a standard placeholder: give the extra field another name.")
                % {"name": name},
                field="extra_fields",
            )
        if name in seen:
            raise ValidationFailed(
                _("The field {%(name)s} is declared twice.") % {"name": name}, field="extra_fields"
            )
        seen.add(name)
        out.append({"name": name, "label": label or name, "required": bool(item.get("required", True))})
    return out


def extra_fields_parse(text: str) -> list[dict]:
    """The form's lines "name | label" (or "name | label | optional") as declarations."""
    out = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split("|")]
        optional = len(cells) > 2 and cells[2].lower() in {"optional", "valikuline", "ei", "no"}
        out.append({"name": cells[0], "label": cells[1] if len(cells) > 1 else "", "required": not optional})
    return extra_fields_clean(out)


def extra_fields_text(fields: list[dict]) -> str:
    return "\n".join(
        f"{f['name']} | {f['label']}" + ("" if f.get("required", True) else " | optional") for f in fields
    )
