"""Forms of the forecast pages."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teenindus.workforce.models import SLOTS_PER_DAY, Forecast

PROPOSED = "proposed"


def next_monday():
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


class ForecastCreateForm(forms.Form):
    queue = forms.TypedChoiceField(label=_("Queue"), coerce=int)
    first_day = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    weeks = forms.IntegerField(label=_("Weeks to forecast"), min_value=1, max_value=8, initial=1)
    method = forms.ChoiceField(
        label=_("Forecasting method"),
        choices=[(PROPOSED, _("The proposed one (lower error per interval)")), *Forecast.Method.choices],
        initial=PROPOSED,
    )

    def __init__(self, *args, queues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["queue"].choices = [(q.pk, q.title or q.name) for q in queues]
        self.fields["first_day"].initial = next_monday()


class ForecastAdjustForm(forms.Form):
    local_date = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    # Bounds are the service's to check (its message names 0–95).
    slot = forms.IntegerField(
        label=_("15-minute interval"),
        required=False,
        widget=forms.Select(
            choices=[("", _("The whole day"))]
            + [(s, f"{s * 15 // 60:02d}:{s * 15 % 60:02d}") for s in range(SLOTS_PER_DAY)]
        ),
    )
    percent = forms.DecimalField(label=_("Change (%)"), max_digits=6, decimal_places=2)
    reason = forms.CharField(label=_("Reason"), max_length=200)
