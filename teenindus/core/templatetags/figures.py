"""Figures in templates as core.formatting writes them: {% load figures %} {{ rate|percent }}."""

from django import template

from teenindus.core import formatting

register = template.Library()


@register.filter
def percent(fraction) -> str:
    """A rate (0.729) as "72,9 %" in the active language; "—" when there is none."""
    # A figure the template could not find (e.g. no calls today) arrives as "".
    return formatting.percent(None if fraction == "" else fraction)
