from django import forms
from django.utils.translation import gettext_lazy as _

from teenindus.contacts.models import MANUAL_CHANNELS, Outcome
from teenindus.contacts.selectors import topics_active

NOTE_MAX = 4000


class ContactRecordForm(forms.Form):
    """A contact recorded by hand (a visit, a letter, an e-mail, a phone call outside the queue)."""

    prefix = "rec"  # the customer card has other forms with a "note" field

    channel = forms.ChoiceField(label=_("Channel"), choices=[(c.value, c.label) for c in MANUAL_CHANNELS])
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=topics_active(), empty_label="—")
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Outcome.choices,
        help_text=_("“Call back” and “Escalated” stay on your start page until you close them."),
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=NOTE_MAX
    )


class FollowupCloseForm(forms.Form):
    note = forms.CharField(label=_("What was done"), required=False, max_length=500)
