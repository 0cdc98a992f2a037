"""The templates' placeholders: only names in braces, nothing else a template engine would do."""

import pytest

from teenindus.core.exceptions import ValidationFailed
from teenindus.papers import placeholders


def test_names_are_replaced_and_double_braces_are_braces():
    text = "Tere, {nimi}! {{nimi}} {summa}"
    assert placeholders.substitute(text, {"nimi": "Mari", "summa": "5"}) == "Tere, Mari! {nimi} 5"


@pytest.mark.parametrize(
    "text,shown",
    [
        ("Tere {nimi", "{"),
        ("Tere nimi}", "}"),
        ("{nimi.__class__}", "{nimi.__class__}"),
        ("{nimi!r}", "{nimi!r}"),
        ("{nimi:>10}", "{nimi:>10}"),
        ("{0}", "{0}"),
        ("{}", "{}"),
        ("{% load static %}", "{% load static %}"),
    ],
)
def test_malformed_or_engine_syntax_is_refused(text, shown):
    with pytest.raises(ValidationFailed) as refused:
        placeholders.check(text, known={"nimi"}, field="body")
    assert refused.value.field == "body" and shown in refused.value.message


def test_an_unknown_placeholder_is_named():
    with pytest.raises(ValidationFailed) as refused:
        placeholders.check("Tere {nimi}, {palk}", known={"nimi"}, field="body")
    assert "{palk}" in refused.value.message


def test_a_value_is_not_read_again_as_a_template():
    assert placeholders.substitute("{a}", {"a": "{b}", "b": "x"}) == "{b}"


def test_extra_field_declarations():
    parsed = placeholders.extra_fields_parse("periood | Periood\nmarkus | Märkus | optional\n")
    assert parsed == [
        {"name": "periood", "label": "Periood", "required": True},
        {"name": "markus", "label": "Märkus", "required": False},
    ]
    for bad in ["nimi | Nimi", "1x | X", "a b | X", "x | X\nx | Y"]:
        with pytest.raises(ValidationFailed):
            placeholders.extra_fields_parse(bad)
