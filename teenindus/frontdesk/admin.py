from django.contrib import admin

from teenindus.frontdesk.models import Desk, Office, Service


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 0


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "priority_first", "slot_minutes"]
    inlines = [ServiceInline]


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "is_active"]
    list_filter = ["office"]
    filter_horizontal = ["services"]
    exclude = ["specialist", "signed_in_at"]
