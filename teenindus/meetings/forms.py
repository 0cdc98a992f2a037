from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teenindus.knowledge.models import Guide, GuideStatus
from teenindus.meetings.models import MeetingKind
from teenindus.org.models import Unit


class PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class MeetingForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("document", "Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    starts_at = forms.DateTimeField(
        label=_("Time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.order_by("name"))
    agenda = forms.CharField(
        label=_("Agenda"), required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    attendees = PeopleChoice(
        label=_("Attendees"),
        required=False,
        queryset=get_user_model()
        .objects.filter(is_active=True, employee__isnull=False)
        .order_by("last_name", "first_name"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 8})
    )
    decisions = forms.CharField(
        label=_("Decisions"),
        required=False,
        help_text=_("One decision a line."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    guides = forms.ModelMultipleChoiceField(
        label=_("Linked guides"),
        required=False,
        # Only guides in force: a draft or an archived guide is a dead link to the recipients.
        queryset=Guide.objects.filter(status=GuideStatus.PUBLISHED).order_by("title"),
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    legal_change = forms.BooleanField(
        label=_("Changes, additions and updates of the relevant legal acts (000 3.5 a)"), required=False
    )
    work_change = forms.BooleanField(
        label=_("Updates and changes of the agency's work organisation (000 3.5 b)"), required=False
    )
    problem_feedback = forms.BooleanField(
        label=_("Feedback on problems that have arisen in the work (000 3.5 c)"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def fields_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["decisions"] = data["decisions"].splitlines()
        return data


class FileForm(forms.Form):
    file = forms.FileField(label=_("File"))
