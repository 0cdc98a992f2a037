import re
from datetime import date

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teenindus.analysis.selectors import MAX_DAYS, month_period, period_comparable, unit_heads
from teenindus.org.models import Unit

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodForm(forms.Form):
    """A month (2026-10), or a period of days [start, end)."""

    month = forms.CharField(
        label=gettext_lazy("Month"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-10"}),
    )
    start = forms.DateField(label=gettext_lazy("From"), required=False)
    end = forms.DateField(label=gettext_lazy("Until (not included)"), required=False)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Topics of the unit"),
        queryset=Unit.objects.filter(owned_topics__isnull=False).distinct().order_by("name"),
        required=False,
        empty_label=gettext_lazy("All topics"),
    )
    notes = forms.BooleanField(label=gettext_lazy("Show the free-text notes"), required=False)

    def clean(self):
        data = super().clean()
        month = (data.get("month") or "").strip()
        if month:
            match = MONTH_RE.match(month)
            period = None
            if match and 1 <= int(match.group(2)) <= 12:
                try:
                    period = month_period(int(match.group(1)), int(match.group(2)))
                except (ValueError, OverflowError):  # year 0, or no month after 9999-12
                    period = None
            if period is None or not period_comparable(period.start, period.end):
                raise forms.ValidationError(_("Write the month as year and month, e.g. 2026-10."))
            data["start"], data["end"] = period.start, period.end
        start, end = data.get("start"), data.get("end")
        if not start or not end:
            raise forms.ValidationError(_("Choose a month, or the start and the end of a period."))
        if not (start < end) or (end - start).days > MAX_DAYS or not period_comparable(start, end):
            raise forms.ValidationError(
                _("Choose a period of 1 to %(n)s days, the start before the end.") % {"n": MAX_DAYS}
            )
        return data


class SendForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"),
        queryset=Unit.objects.filter(owned_topics__isnull=False).distinct().order_by("name"),
    )
    start = forms.DateField(widget=forms.HiddenInput)
    end = forms.DateField(widget=forms.HiddenInput)
    include_notes = forms.BooleanField(
        label=gettext_lazy("Include the free-text notes (contact notes and customers' words)"),
        required=False,
        help_text=gettext_lazy(
            "Leave it unticked unless the head of the unit needs them: they may name people."
        ),
    )

    def __init__(self, *args, offered: bool = False, **kwargs):
        """offered: the form shown on the page lists only the units whose head can receive the
        report (someone heads it and has an e-mail address). The form that reads a POST accepts
        every unit, so the service gives its own refusal for the others."""
        super().__init__(*args, **kwargs)
        if offered:
            units = self.fields["unit"].queryset
            reachable = [unit.pk for unit in units if unit_heads(unit_id=unit.pk)]
            self.fields["unit"].queryset = units.filter(pk__in=reachable)


def default_month(today: date) -> str:
    first = date(today.year - (today.month == 1), 12 if today.month == 1 else today.month - 1, 1)
    return f"{first:%Y-%m}"
