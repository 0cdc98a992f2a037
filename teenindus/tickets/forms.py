from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from teenindus.tickets.fields import DETAILS
from teenindus.tickets.models import Category, Priority, Ticket, TicketComment
from teenindus.tickets.services.lifecycle import BODY_MAX, SUMMARY_MAX


class CategoryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.name


def _category_choices():
    """The categories grouped by their group (<optgroup>): choosing one chooses the group too."""
    categories = Category.objects.filter(is_active=True, group__is_active=True).select_related("group")
    grouped: dict[str, list] = {}
    for category in categories.order_by("group__name", "name"):
        grouped.setdefault(category.group.name, []).append((category.pk, category.name))
    return [("", "—"), *grouped.items()]


class DetailsMixin:
    """One field per detail a category may require; the service says which are required."""

    def add_details(self, initial: dict | None = None) -> None:
        for key, detail in DETAILS.items():
            self.fields[f"details_{key}"] = forms.CharField(
                label=detail.label,
                help_text=detail.help,
                required=False,
                max_length=120,
                initial=(initial or {}).get(key, ""),
            )

    def details(self) -> dict:
        return {
            key: self.cleaned_data.get(f"details_{key}", "")
            for key in DETAILS
            if self.cleaned_data.get(f"details_{key}")
        }


class TicketForm(DetailsMixin, forms.Form):
    category = CategoryChoice(
        label=_("Second-level group and category"),
        queryset=Category.objects.filter(is_active=True, group__is_active=True),
        help_text=_("The group that solves it; each category says which details it needs."),
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)
    summary = forms.CharField(label=_("Summary"), max_length=SUMMARY_MAX)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=BODY_MAX,
        help_text=_("What the customer needs, what was done already, what second level should answer."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _category_choices()
        self.add_details()


class TicketEditForm(DetailsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    summary = forms.CharField(label=_("Summary"), max_length=SUMMARY_MAX)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}), max_length=BODY_MAX
    )

    def __init__(self, *args, ticket: Ticket, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "version": ticket.version,
                "priority": ticket.priority,
                "summary": ticket.summary,
                "description": ticket.description,
            },
        )
        super().__init__(*args, **kwargs)
        self.add_details(ticket.details)


class ITReportForm(forms.Form):
    office = forms.CharField(label=_("Office"), max_length=120)
    device = forms.CharField(
        label=_("Device"), max_length=120, help_text=_("e.g. the computer's inventory number")
    )
    what_happened = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 5}), max_length=BODY_MAX
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)


class MoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    move = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=BODY_MAX
    )
    channel = forms.ChoiceField(
        label=_("Delivered by"), choices=[("", "—"), *Ticket.Delivery.choices], required=False
    )


class AssignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    assignee = forms.TypedChoiceField(label=_("Assign to"), coerce=int)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [(m.pk, str(m)) for m in members]


class CommentForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("For"), choices=TicketComment.Visibility.choices, initial=TicketComment.Visibility.INTERNAL
    )
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=BODY_MAX)


class AttachForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, image, Word, Excel, OpenDocument, text or ASiC-E; up to 10 MB.")
    )

    def clean_file(self):
        """An oversize file is refused by its size before it is read into memory (the service checks
        its content after)."""
        upload = self.cleaned_data["file"]
        limit = settings.TICKET_ATTACHMENT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                gettext("The file is larger than %(limit)s MB.") % {"limit": f"{limit / 1024 / 1024:.0f}"}
            )
        return upload
