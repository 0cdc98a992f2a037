from django import forms
from django.utils.translation import gettext_lazy as _

from teenindus.frontdesk.models import Office
from teenindus.materials.models import MaterialKind


class MaterialForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EditionForm(forms.Form):
    label = forms.CharField(label=_("Edition"), max_length=60, help_text=_("For example 2026/1."))
    note = forms.CharField(label=_("What changed in this edition"), max_length=300, required=False)
    file = forms.FileField(label=_("PDF of the edition"), required=False)


class AssignForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.order_by("name"))


class CheckForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("Quantity in stock"), min_value=0, max_value=1_000_000, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class EditionHeldForm(forms.Form):
    edition = forms.IntegerField(min_value=1, max_value=2**63 - 1)
