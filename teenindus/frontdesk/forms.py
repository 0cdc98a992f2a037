from django import forms
from django.utils.translation import gettext_lazy as _

from teenindus.contacts.models import Outcome
from teenindus.frontdesk.models import Desk, Office, Service
from teenindus.frontdesk.moves import DESK_MOVES
from teenindus.frontdesk.services.checkin import NOTE_MAX

ID_MAX = 2**63 - 1


class CheckInForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none())
    note = forms.CharField(
        label=_("Need"), max_length=NOTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    special_needs = forms.BooleanField(label=_("Special needs (served first)"), required=False)
    customer = forms.IntegerField(
        label=_("Customer"), required=False, min_value=1, max_value=ID_MAX, widget=forms.HiddenInput
    )

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(office=office, is_active=True)


class BookForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none())
    desk = forms.ModelChoiceField(label=_("Desk"), queryset=Desk.objects.none())
    starts_at = forms.DateTimeField(
        label=_("Time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    note = forms.CharField(label=_("Need"), max_length=NOTE_MAX, required=False)
    customer = forms.IntegerField(required=False, min_value=1, max_value=ID_MAX, widget=forms.HiddenInput)

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(office=office, is_active=True)
        self.fields["desk"].queryset = Desk.objects.filter(office=office, is_active=True)


class MoveForm(forms.Form):
    move = forms.ChoiceField(choices=[(m, m) for m in DESK_MOVES])
    version = forms.IntegerField(min_value=0, max_value=2**31)
    desk = forms.IntegerField(min_value=1, max_value=ID_MAX)
    service = forms.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    outcome = forms.ChoiceField(
        choices=[(Outcome.SOLVED, Outcome.SOLVED.label), (Outcome.REFERRED, Outcome.REFERRED.label)],
        required=False,
    )


class StatsForm(forms.Form):
    start = forms.DateField(label=_("From"))
    end = forms.DateField(label=_("Until (not included)"))
    by = forms.ChoiceField(
        label=_("By"), choices=[("service", _("Service")), ("desk", _("Desk")), ("hour", _("Hour"))]
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and not (start < end and (end - start).days <= 366):
            raise forms.ValidationError(_("Choose a period of 1 to 366 days, the start before the end."))
        return data
