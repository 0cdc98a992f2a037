"""Forms check the shape of input; business rules live in services (their errors land on the field)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from teenindus.core.exceptions import ApplicationError
from teenindus.customers.models import Address, ContactPoint, Language, Representation

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        help_text=_("Personal identification code, registry code, phone, e-mail or name"),
    )
    purpose = forms.CharField(label=_("Purpose of the look-up"), max_length=255, required=False)


class PersonForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    isikukood = forms.CharField(label=_("Personal identification code"), max_length=20, required=False)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Only for a person without an Estonian personal identification code"),
    )
    language = forms.ChoiceField(label=_("Preferred language"), choices=Language.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CompanyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    registrikood = forms.CharField(label=_("Registry code"), max_length=20)
    language = forms.ChoiceField(label=_("Preferred language"), choices=Language.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class NewContactsMixin(forms.Form):
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)


class PersonCreateForm(PersonForm, NewContactsMixin):
    pass


class CompanyCreateForm(CompanyForm, NewContactsMixin):
    pass


class VersionMixin(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PersonEditForm(PersonForm, VersionMixin):
    pass


class CompanyEditForm(CompanyForm, VersionMixin):
    pass


class ContactPointForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactPoint.Kind.choices)
    value = forms.CharField(label=_("Phone or e-mail"), max_length=254)


class AddressForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Address.Kind.choices)
    street = forms.CharField(label=_("Street and house"), max_length=200)
    city = forms.CharField(label=_("City or parish"), max_length=100)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    country = forms.CharField(label=_("Country"), max_length=2, initial="EE")


class RepresentationForm(forms.Form):
    person_isikukood = forms.CharField(
        label=_("Representative's personal identification code"), max_length=20
    )
    role = forms.ChoiceField(label=_("Role"), choices=Representation.Role.choices)
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DATE_WIDGET)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE_WIDGET)


def form_add_error(form: forms.Form, exc: ApplicationError) -> None:
    """Put a service's error on the field it names, or on the whole form when that field is not
    shown (e.g. the hidden version of an edit that someone else saved first)."""
    shown = exc.field in form.fields and not form.fields[exc.field].widget.is_hidden
    field = exc.field if shown else None
    form.add_error(field, exc.message)
