from django.contrib import admin

from teenindus.org.models import Agency, Employee, Employment, Position, Unit


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "registry_code"]
    search_fields = ["name", "short_name"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "agency"]
    list_filter = ["agency", "kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "manager", "is_manager"]
    list_filter = ["unit"]
    search_fields = ["title", "unit__name"]
    autocomplete_fields = ["unit", "manager"]
    filter_horizontal = ["substitutes"]


class EmploymentInline(admin.TabularInline):
    model = Employment
    extra = 0
    autocomplete_fields = ["position"]


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "user"]
    search_fields = ["first_name", "last_name", "email"]
    inlines = [EmploymentInline]


@admin.register(Employment)
class EmploymentAdmin(admin.ModelAdmin):
    list_display = ["employee", "position", "start_date", "probation_end", "end_date"]
    list_filter = ["position__unit"]
    autocomplete_fields = ["employee", "position"]
    date_hierarchy = "start_date"
