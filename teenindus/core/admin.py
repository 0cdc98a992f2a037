"""The working-time calendar in the admin. Saves and deletes go through core/services.py, so the
calendar version is bumped and the change hooks (e.g. recomputing due times) run as for any change."""

from django.contrib import admin

from teenindus.core.models import CalendarDay, OpeningHours
from teenindus.core.services import calendar_day_delete, calendar_day_set, opening_hours_set


@admin.register(OpeningHours)
class OpeningHoursAdmin(admin.ModelAdmin):
    """The seven weekdays (seeded): change only."""

    list_display = ["weekday", "opens", "closes", "changed_by", "updated_at"]
    fields = ["weekday", "opens", "closes"]
    readonly_fields = ["weekday"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = opening_hours_set(actor=request.user, weekday=obj.weekday, opens=obj.opens, closes=obj.closes)
        obj.pk = saved.pk


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """The agency's extra days off and its extra working days / special hours."""

    list_display = ["day", "kind", "opens", "closes", "note", "changed_by"]
    list_filter = ["kind"]
    date_hierarchy = "day"
    fields = ["day", "kind", "opens", "closes", "note"]

    def get_readonly_fields(self, request, obj=None):
        # A date is the row's identity: another date is another row.
        return ["day"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        saved = calendar_day_set(
            actor=request.user, day=obj.day, kind=obj.kind, opens=obj.opens, closes=obj.closes, note=obj.note
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        calendar_day_delete(actor=request.user, day=obj.day)

    def delete_queryset(self, request, queryset):
        for day in queryset.values_list("day", flat=True):
            calendar_day_delete(actor=request.user, day=day)
