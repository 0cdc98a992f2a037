"""Paper templates in the admin, checked as the pages check them (placeholders, type, series); issued
papers are worked on their pages (their reads are logged), never here."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from teenindus.audit.services import change_record
from teenindus.core.exceptions import ValidationFailed
from teenindus.papers.models import PaperTemplate
from teenindus.papers.services.templates import template_clean


class PaperTemplateAdminForm(forms.ModelForm):
    class Meta:
        model = PaperTemplate
        fields = [
            "kind",
            "code",
            "language",
            "name",
            "title",
            "body",
            "extra_fields",
            "doc_type",
            "series",
            "is_active",
        ]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            cleaned = template_clean(**{name: data.get(name) for name in self.Meta.fields})
        except ValidationFailed as exc:
            field = exc.field if exc.field in self.fields else None
            raise ValidationError({field: exc.message} if field else exc.message) from exc
        data.update(cleaned)
        return data


@admin.register(PaperTemplate)
class PaperTemplateAdmin(admin.ModelAdmin):
    form = PaperTemplateAdminForm
    list_display = ["name", "kind", "code", "language", "doc_type", "series", "is_active"]
    list_filter = ["kind", "language", "is_active"]
    search_fields = ["code", "name", "title"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1  # a page's form loaded before is stale now
        super().save_model(request, obj, form, change)
        change_record(
            actor=request.user,
            instance=obj,
            event="paper_template.changed" if change else "paper_template.created",
            changes={"admin": [None, True]},
        )
