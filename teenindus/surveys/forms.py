from django import forms
from django.utils.translation import gettext_lazy as _

from teenindus.surveys.models import SurveyInvitation, SurveyLanguage


class SurveySendForm(forms.Form):
    via = forms.ChoiceField(label=_("Send by"), choices=SurveyInvitation.Via.choices)
    language = forms.ChoiceField(
        label=_("Language of the survey"),
        choices=[("", _("The customer's language"))] + list(SurveyLanguage.choices),
        required=False,
    )


class SurveyAnswerForm(forms.Form):
    """The customer's answer; labels come from the survey's own table (texts.py), in its language."""

    satisfaction = forms.TypedChoiceField(choices=[(str(n), str(n)) for n in range(1, 6)], coerce=int)
    solved = forms.TypedChoiceField(choices=[("yes", "yes"), ("no", "no")], coerce=lambda v: v == "yes")
    comment = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
