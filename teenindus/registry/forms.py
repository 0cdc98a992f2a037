from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from teenindus.org.models import Unit
from teenindus.registry.models import Access, Channel, DocumentType, Series
from teenindus.tickets.forms import CategoryChoice, DetailsMixin, _category_choices
from teenindus.tickets.models import Category, Priority

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SeriesChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Series) -> str:
        return f"{obj.code} {obj.name}"


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


def _people():
    return (
        get_user_model()
        .objects.filter(is_active=True, employee__isnull=False)
        .order_by("last_name", "first_name")
    )


class UploadMixin:
    def clean_file(self):
        """An oversize file is refused by its size before it is read (the service checks its content)."""
        upload = self.cleaned_data.get("file")
        limit = settings.REGISTRY_FILE_MAX_BYTES
        if upload is not None and upload.size > limit:
            raise forms.ValidationError(
                gettext("The file is larger than %(limit)s MB.") % {"limit": f"{limit / 1024 / 1024:.0f}"}
            )
        return upload


FILE_HELP = _("PDF or image (PNG, JPEG).")


class PartyFields(forms.Form):
    party_name = forms.CharField(
        label=_("Sender or recipient"),
        max_length=255,
        required=False,
        help_text=_("When not chosen from the customers."),
    )
    party_is_person = forms.BooleanField(
        label=_("A private person"),
        required=False,
        initial=True,
        help_text=_("The public register shows a private person by initials only."),
    )
    party_email = forms.EmailField(label=_("E-mail"), required=False)
    sender_date = forms.DateField(label=_("Sender's date"), required=False, widget=DATE_WIDGET)
    sender_reference = forms.CharField(label=_("Sender's reference"), max_length=80, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    responsible_unit = forms.ModelChoiceField(
        label=_("Responsible unit"), queryset=Unit.objects.order_by("name"), required=False
    )
    responsible_user = PersonChoice(label=_("Responsible person"), queryset=_people(), required=False)
    deadline = forms.DateField(
        label=_("Reply deadline"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave empty: the document type's deadline applies."),
    )

    def __init__(self, *args, direction: str = "in", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_user"].queryset = _people()
        if direction == "out":
            # An outgoing document has no sender of ours to quote: the date and reference are
            # the recipient's (of the letter it answers), the deadline is when a reply is awaited.
            self.fields["sender_date"].label = _("Recipient's date")
            self.fields["sender_reference"].label = _("Recipient's reference")
            self.fields["sender_reference"].help_text = _("Of the recipient's letter this one answers.")
            self.fields["deadline"].label = _("Reply awaited by")
            self.fields["deadline"].help_text = _("Leave empty when no reply is awaited.")


class RegisterForm(UploadMixin, PartyFields):
    series = SeriesChoice(label=_("Series"), queryset=Series.objects.filter(is_active=True))
    doc_type = forms.ModelChoiceField(label=_("Type"), queryset=DocumentType.objects.filter(is_active=True))
    title = forms.CharField(label=pgettext_lazy("document", "Title"), max_length=300)
    received_on = forms.DateField(label=_("Received on"), widget=DATE_WIDGET)
    customer = forms.IntegerField(widget=forms.HiddenInput, required=False)
    party_code = forms.RegexField(
        label=_("Customer's personal or registry code"),
        regex=r"^\s*(\d{8}|\d{11})\s*$",
        required=False,
        help_text=_("The sender or recipient from the customers (11 or 8 digits)."),
        error_messages={"invalid": _("Enter an 11-digit personal code or an 8-digit registry code.")},
    )
    reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False)
    access = forms.ChoiceField(label=_("Access"), choices=Access.choices, initial=Access.PUBLIC)
    ak_basis = forms.CharField(
        label=_("Legal basis of the restriction"),
        max_length=200,
        required=False,
        help_text=_("e.g. AvTS § 35 lg 1 p 12"),
    )
    ak_until = forms.DateField(label=_("Restricted until"), required=False, widget=DATE_WIDGET)
    file = forms.FileField(label=_("File"), required=False, help_text=FILE_HELP)

    field_order = [
        "series",
        "doc_type",
        "title",
        "received_on",
        "party_code",
        "party_name",
        "party_is_person",
        "party_email",
        "sender_date",
        "sender_reference",
        "channel",
        "responsible_unit",
        "responsible_user",
        "deadline",
        "access",
        "ak_basis",
        "ak_until",
        "file",
    ]

    def __init__(self, *args, direction: str, **kwargs):
        super().__init__(*args, direction=direction, **kwargs)
        self.fields["responsible_user"].help_text = _(
            "Empty for a document with a deadline: the registrar answers for it."
        )
        self.fields["doc_type"].queryset = DocumentType.objects.filter(
            is_active=True, direction__in=[direction, DocumentType.Direction.BOTH]
        ).order_by("name")
        self.fields["series"].queryset = Series.objects.filter(is_active=True).order_by("code")
        if direction == "out":
            self.fields["received_on"].label = _("Sent on")


class EditForm(PartyFields):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=pgettext_lazy("document", "Title"), max_length=300)
    field_order = ["title"]

    def __init__(self, *args, direction: str = "in", **kwargs):
        super().__init__(*args, direction=direction, **kwargs)
        if direction == "in":
            self.fields["deadline"].help_text = ""  # here an empty deadline means none


class RestrictForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    access = forms.ChoiceField(label=_("Access"), choices=Access.choices)
    ak_basis = forms.CharField(label=_("Legal basis of the restriction"), max_length=200, required=False)
    ak_until = forms.DateField(label=_("Restricted until"), required=False, widget=DATE_WIDGET)


class ExtendForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for the extension"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Sent to the requester with a notice registered as an outgoing document."),
    )


class MoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    move = forms.CharField(widget=forms.HiddenInput)


class FileForm(UploadMixin, forms.Form):
    file = forms.FileField(label=_("File"), help_text=FILE_HELP)
    is_public = forms.BooleanField(label=_("Public in the register"), required=False)


class ForwardForm(forms.Form):
    to_unit = forms.ModelChoiceField(
        label=_("To the unit"), queryset=Unit.objects.order_by("name"), required=False
    )
    to_user = PersonChoice(label=_("To the person"), queryset=_people(), required=False)
    due = forms.DateField(label=_("Due"), widget=DATE_WIDGET, required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = _people()


class ToTicketForm(DetailsMixin, forms.Form):
    category = CategoryChoice(
        label=_("Second-level group and category"),
        queryset=Category.objects.filter(is_active=True, group__is_active=True),
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _category_choices()
        self.fields["category"].help_text = _(
            "Each category says which details it needs; fill them in below."
        )
        self.add_details()


class ReplyForm(UploadMixin, forms.Form):
    title = forms.CharField(label=_("Title of the reply"), max_length=300)
    channel = forms.ChoiceField(label=_("Sent by"), choices=Channel.choices, initial=Channel.EMAIL)
    file = forms.FileField(label=_("File"), required=False, help_text=FILE_HELP)


class CloseForwardingForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)
