"""Figures in templates as core.formatting writes them: {% load figures %} {{ rate|percent }}."""

from django import template

from teenindus.core import formatting

register = template.Library()


@register.filter
def percent(fraction) -> str:
    """A rate (0.729) as "72,9 %" in the active language; "—" when there is none."""
    # A figure the template could not find (e.g. no calls today) arrives as "".
    return formatting.percent(None if fraction == "" else fraction)


@register.filter
def cell(row: dict, column) -> str:
    """A table cell as people read it: `row[column.key]` formatted by the column's kind (core.exports
    Column): rates as percentages, numbers in the active locale, nothing as "—"."""
    from django.utils.formats import number_format

    from teenindus.core.exports import PERCENT

    value = row.get(column.key)
    if value is None or value == "":
        return "—"
    if column.kind == PERCENT:
        return formatting.percent(value)
    if isinstance(value, float):
        return number_format(value, decimal_pos=1, use_l10n=True)
    return str(value)
