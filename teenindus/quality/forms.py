"""The shape of input on quality's pages (the rules are in the services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from teenindus.contacts.models import Channel
from teenindus.quality.models import CriterionKind, DifficultContact, Goal

CRITERIA_HELP = _(
    "One criterion a line: section | criterion | scale 1-5 or yesno | weight % | critical (yes or "
    "blank) | description. The weights sum to 100; a critical criterion needs a description of when "
    "it fails (it then makes the whole score 0)."
)


class FormBuildForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    criteria = forms.CharField(
        label=_("Criteria"),
        help_text=CRITERIA_HELP,
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
    )
    loaded_at = forms.CharField(required=False, widget=forms.HiddenInput)


class EvaluateForm(forms.Form):
    """One choice per criterion (scale steps or yes/no, and not applicable), then the comments."""

    strengths = forms.CharField(
        label=_("Strengths"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    improvements = forms.CharField(
        label=_("What to improve"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            if c.kind == CriterionKind.YES_NO:
                choices = [("1", _("Yes")), ("0", _("No"))]
            else:
                choices = [(str(v), str(v)) for v in range(1, c.scale_max + 1)]
            choices.append(("na", _("Not applicable")))
            label = f"{c.name}{' (' + str(_('critical')) + ')' if c.critical else ''}"
            self.fields[f"c{c.pk}"] = forms.ChoiceField(
                label=label, choices=choices, widget=forms.RadioSelect, help_text=c.description
            )
        # Comments after the criteria.
        self.order_fields([f"c{c.pk}" for c in self.criteria] + ["strengths", "improvements"])

    def answers(self) -> dict:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class MoveForm(forms.Form):
    move = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class CalibrationStartForm(forms.Form):
    form = forms.ModelChoiceField(label=_("Form"), queryset=None)
    evaluators = forms.ModelMultipleChoiceField(
        label=_("Evaluators"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, forms_qs, evaluators_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = forms_qs
        self.fields["evaluators"].queryset = evaluators_qs
        self.fields["evaluators"].label_from_instance = lambda u: u.get_full_name() or u.username


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SamplingForm(forms.Form):
    per_agent = forms.IntegerField(label=_("Contacts per agent and month"), min_value=0, max_value=50)
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple
    )


class FlagForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Why was it difficult?"), choices=DifficultContact.Kind.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Short note"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class AnalysisForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    what_happened = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    solution = forms.CharField(
        label=_("The way to a solution"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    lessons = forms.CharField(label=_("Lessons"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class GuideDraftForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title of the guide"), max_length=200)


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Goal"), max_length=500)
    due_date = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices)
