from django.contrib import admin

from teenindus.analysis.models import AnalysisSend, TopicOwnership


@admin.register(TopicOwnership)
class TopicOwnershipAdmin(admin.ModelAdmin):
    list_display = ["unit", "topic"]
    list_filter = ["unit"]
    autocomplete_fields = []


@admin.register(AnalysisSend)
class AnalysisSendAdmin(admin.ModelAdmin):
    list_display = ["unit", "period_start", "period_end", "kind", "include_notes", "mailed_at", "recipients"]
    list_filter = ["kind", "unit"]
    readonly_fields = [f.name for f in AnalysisSend._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
