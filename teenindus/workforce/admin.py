from django.contrib import admin

from teenindus.workforce.models import ShiftTemplate, TeamSettings


@admin.register(TeamSettings)
class TeamSettingsAdmin(admin.ModelAdmin):
    list_display = ["unit", "target_sl_percent", "threshold_seconds", "max_occupancy_percent"]
    filter_horizontal = ["queues"]


@admin.register(ShiftTemplate)
class ShiftTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "starts", "length_minutes", "break_minutes", "active"]
    list_filter = ["unit", "active"]
