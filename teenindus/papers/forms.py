import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teenindus.customers.models import Language
from teenindus.papers import placeholders
from teenindus.papers.models import IssuedPaper, PaperKind
from teenindus.registry.models import DocumentType, Series


class SeriesChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Series) -> str:
        return f"{obj.code} {obj.name}"


class TemplateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=PaperKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("The same code in each language: the customer's language is used, else Estonian."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    title = forms.CharField(label=pgettext_lazy("document", "Title"), max_length=300)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Placeholders in braces, e.g. {nimi}; a blank line starts a new paragraph; {{ and }} for a brace."
        ),
    )
    extra_fields = forms.CharField(
        label=_("Extra fields"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One a line: name | label (add | optional when it may be left empty), e.g. periood | Periood."
        ),
    )
    doc_type = forms.ModelChoiceField(
        label=_("Document type"),
        queryset=DocumentType.objects.filter(is_active=True, direction__in=["out", "both"]),
    )
    series = SeriesChoice(
        label=_("Series"),
        queryset=Series.objects.filter(is_active=True),
        required=False,
        help_text=_("Empty: the document type's default series."),
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def clean_extra_fields(self):
        from teenindus.core.exceptions import ValidationFailed

        try:
            return placeholders.extra_fields_parse(self.cleaned_data.get("extra_fields", ""))
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.message) from exc

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class IssueForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    delivery = forms.ChoiceField(
        label=_("Delivery"),
        choices=IssuedPaper.Delivery.choices,
        widget=forms.RadioSelect,
        initial=IssuedPaper.Delivery.PRINT,
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Empty: the customer's own address."),
    )

    def __init__(self, *args, template=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4().hex)
        self.extra_names = []
        for declared in template.extra_fields if template else []:
            name = f"f_{declared['name']}"
            self.fields[name] = forms.CharField(
                label=declared["label"], required=declared.get("required", True), max_length=1000
            )
            self.extra_names.append((name, declared["name"]))

    def extra_values(self) -> dict[str, str]:
        return {declared: self.cleaned_data.get(name, "") for name, declared in self.extra_names}
