"""Forms of the roster pages: a roster to solve, a shift template, a change of a shift, a day off."""

from django import forms
from django.utils.translation import gettext_lazy as _


class RosterForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Team"), coerce=int)
    first_day = forms.DateField(
        label=_("First day (a Monday)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    weeks = forms.IntegerField(label=_("Weeks"), initial=1)
    plan = forms.TypedChoiceField(label=_("Staffing plan"), coerce=int)
    templates = forms.TypedMultipleChoiceField(
        label=_("Shifts"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, units=(), plans=(), templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        self.fields["plan"].choices = [
            (p.pk, f"{p.unit.name}: {p.first_day:%d.%m.%Y}–{p.last_day:%d.%m.%Y} ({p.get_model_display()})")
            for p in plans
        ]
        self.fields["templates"].choices = [
            (t.pk, f"{t.unit.name}: {t.name} ({t.starts:%H:%M})") for t in templates
        ]


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    starts = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    length_minutes = forms.IntegerField(label=_("Length (min)"), min_value=60, max_value=13 * 60)
    break_minutes = forms.IntegerField(label=_("Break (min)"), min_value=0, max_value=13 * 60, initial=0)


class ShiftEditForm(forms.Form):
    template = forms.CharField(label=_("Shift"), required=False)  # a template id, or "" for a day off
    row_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def clean_template(self):
        value = (self.cleaned_data.get("template") or "").strip()
        if not value or value == "off":
            return None
        if not value.isdigit():
            raise forms.ValidationError(_("Choose one of the roster's shifts."))
        return int(value)


class PublishForm(forms.Form):
    row_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class DayOffForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
