"""Hours as people read them on the planned-against-actual pages: 7:30 (h:mm)."""

from django import template
from django.utils import timezone

from teenindus.workforce.actual_timeline import hours_minutes

register = template.Library()


@register.filter
def hm(seconds) -> str:
    return hours_minutes(seconds)


@register.filter
def clock(moment) -> str:
    return "" if moment is None else f"{timezone.localtime(moment):%H:%M}"
