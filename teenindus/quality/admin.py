from django.contrib import admin

from teenindus.quality.models import EvaluationForm, SamplingRule


@admin.register(EvaluationForm)
class EvaluationFormAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "is_current")
    readonly_fields = ("family", "version", "created_by")


@admin.register(SamplingRule)
class SamplingRuleAdmin(admin.ModelAdmin):
    list_display = ("per_agent", "channels")
