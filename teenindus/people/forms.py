from django import forms
from django.utils.translation import gettext_lazy as _

from teenindus.org.models import Employee
from teenindus.people.models import Absence, Conversation, JobDescriptionVersion, Signature

MAX_UPLOAD = 10 * 1024 * 1024


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Title, unit or duty"), required=False, max_length=200)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Job description (.txt, .md, .docx, .pdf)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class DocumentTextForm(forms.Form):
    """The record as its standard text: corrected by hand, read again by the same parser."""

    text = forms.CharField(label=_("Job description text"), widget=forms.Textarea(attrs={"rows": 30}))
    source_name = forms.CharField(required=False, widget=forms.HiddenInput, max_length=255)
    expected_number = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReviewForm(DocumentTextForm):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[
            (JobDescriptionVersion.Reason.ANNUAL_REVIEW, JobDescriptionVersion.Reason.ANNUAL_REVIEW.label),
            (JobDescriptionVersion.Reason.WORK_CHANGE, JobDescriptionVersion.Reason.WORK_CHANGE.label),
        ],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class SignForm(forms.Form):
    party = forms.ChoiceField(label=_("Signs as"), choices=Signature.Party.choices)
    container = forms.FileField(label=_("Signed container (.asice/.bdoc), optional"), required=False)

    def clean_container(self):
        upload = self.cleaned_data.get("container")
        if upload and not upload.name.lower().endswith((".asice", ".bdoc", ".sce")):
            raise forms.ValidationError(_("Upload an .asice or .bdoc container."))
        if upload and upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class AbsenceForm(forms.Form):
    employee = forms.ModelChoiceField(label=_("Employee"), queryset=Employee.objects.all())
    kind = forms.ChoiceField(label=_("Type"), choices=Absence.Kind.choices)
    start_date = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args, employees, **kwargs):
        """employees: whom the user may record an absence for (people.selectors.absence_employees)."""
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees


class ConversationForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    goals = forms.CharField(label=_("Agreed goals"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    training_needs = forms.CharField(
        label=_("Training needs (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    exit_reasons = forms.MultipleChoiceField(
        label=_("Reasons for leaving"),
        choices=Conversation.ExitReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, questions: list[str], kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for index, question in enumerate(questions):
            self.fields[f"q{index}"] = forms.CharField(
                label=question, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        if kind != "exit":
            del self.fields["exit_reasons"]

    def answers(self) -> list[dict]:
        return [
            {"question": q, "answer": self.cleaned_data.get(f"q{i}", "")}
            for i, q in enumerate(self.questions)
        ]


class AnalysisForm(forms.Form):
    TABLES = [("units", "units"), ("reasons", "reasons"), ("needs", "needs")]

    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    # The export links set it; the form on the page does not show it.
    format = forms.ChoiceField(
        required=False, choices=[("", "-"), ("csv", "CSV"), ("xlsx", "XLSX")], widget=forms.HiddenInput
    )
    table = forms.ChoiceField(required=False, choices=TABLES, widget=forms.HiddenInput)
