from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from teenindus.contacts.models import Topic
from teenindus.knowledge.models import GuideStatus
from teenindus.telephony.models import Queue

BODY_MAX = 50_000


def _topics():
    return Topic.objects.filter(is_active=True).select_related("parent").order_by("parent__name", "name")


def _writers():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__permissions__codename="change_guide")
        .distinct()
        .order_by("first_name", "last_name")
    )


class OwnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class GuideFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=_topics(), required=False)
    queue = forms.ModelChoiceField(label=_("Queue"), queryset=Queue.objects.order_by("name"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", "—"), *GuideStatus.choices], required=False)
    mine = forms.BooleanField(label=_("Only my guides"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = _topics()


class GuideForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("document", "Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=BODY_MAX,
        required=False,
        help_text=_(
            "Markdown: **bold**, *italics*, lists with -, links as [text](https://…). "
            "An attachment's link is shown on the guide's page."
        ),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    queues = forms.ModelMultipleChoiceField(
        label=_("Queues"), queryset=Queue.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    review_date = forms.DateField(
        label=_("Review by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    owner = OwnerChoice(label=_("Owner"), queryset=get_user_model().objects.none(), required=False)
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = _topics()
        self.fields["queues"].queryset = Queue.objects.order_by("name")
        self.fields["owner"].queryset = _writers()

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("A guide needs a title."))
        return title


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class LinkForm(forms.Form):
    guide = forms.IntegerField(label=_("Guide"), min_value=1, max_value=2**63 - 1)
    contact = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)


class DeskGuidesForm(forms.Form):
    queue = forms.IntegerField(min_value=1, required=False)
    topic = forms.IntegerField(min_value=1, required=False)
