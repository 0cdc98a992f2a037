from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from teenindus.people.models import ConversationTemplate


class ConversationTemplateForm(forms.ModelForm):
    """The questions one per line, as the HR partner writes them."""

    questions_text = forms.CharField(
        label=_("Questions (one per line)"), widget=forms.Textarea(attrs={"rows": 10}), required=True
    )

    class Meta:
        model = ConversationTemplate
        fields = ["kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["questions_text"].initial = "\n".join(self.instance.questions)

    def save(self, commit=True):
        self.instance.questions = [
            q.strip() for q in self.cleaned_data["questions_text"].splitlines() if q.strip()
        ]
        return super().save(commit)


@admin.register(ConversationTemplate)
class ConversationTemplateAdmin(admin.ModelAdmin):
    form = ConversationTemplateForm
    list_display = ["kind"]
