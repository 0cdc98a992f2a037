from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teenindus.contacts.models import Outcome
from teenindus.contacts.selectors import topics_active
from teenindus.telephony.models import Queue

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StateForm(forms.Form):
    state = forms.CharField(max_length=12)
    reason = forms.CharField(label=_("Reason"), max_length=100, required=False)


class CallContactForm(forms.Form):
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=topics_active(), empty_label="—")
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    customer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    call_id = forms.CharField(widget=forms.HiddenInput)


class StatsForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("Until (exclusive)"), widget=DATE)
    granularity = forms.ChoiceField(
        label=_("By"),
        choices=[
            ("15m", _("15 minutes")),
            ("hour", _("hour")),
            ("day", _("day")),
            ("week", _("week")),
            ("month", _("month")),
        ],
    )
    queue = forms.ModelChoiceField(
        label=_("Queue"),
        queryset=Queue.objects.all(),
        required=False,
        to_field_name="name",
        empty_label=_("All"),
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The end must be after the start."))
        if data.get("start") and data.get("end") and (data["end"] - data["start"]).days > 400:
            self.add_error("end", _("Ask for at most 400 days at a time."))
        return data

    @classmethod
    def initial_values(cls) -> dict:
        today = timezone.localdate()
        return {"start": today - timedelta(days=6), "end": today + timedelta(days=1), "granularity": "day"}
