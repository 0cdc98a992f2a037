from django.contrib import admin
from django.utils.translation import gettext_noop

from teenindus.audit.http import access_context
from teenindus.audit.models import AccessLog
from teenindus.audit.services import access_log_record
from teenindus.org.models import Agency, Employee, Employment, Position, Unit

PURPOSE_ADMIN = gettext_noop("Administration of the organisation")


class EmployeeDataLogged:
    """Admin pages that show employees write the access log: each employee on a list page, the
    employee of a change page, and the employees a delete page lists as affected."""

    def employees_of(self, objects) -> set[int]:
        raise NotImplementedError

    def _log(self, request, objects, action: str) -> None:
        ids = self.employees_of(objects)
        if ids:
            ctx = access_context(request, implied_purpose=PURPOSE_ADMIN, channel=AccessLog.Channel.ADMIN)
            access_log_record(ctx=ctx, action=action, employee_ids=sorted(ids))

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}) or {}
        if "cl" in changelist:
            self._log(request, list(changelist["cl"].result_list), "admin_list")
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        original = (getattr(response, "context_data", {}) or {}).get("original")
        if original is not None:
            self._log(request, [original], "admin_change")
        return response

    def delete_view(self, request, object_id, extra_context=None):
        response = super().delete_view(request, object_id, extra_context)
        obj = (getattr(response, "context_data", {}) or {}).get("object")
        if obj is not None and request.method != "POST":
            self._log(request, [obj], "admin_delete")
        return response


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
class PositionAdmin(EmployeeDataLogged, admin.ModelAdmin):
    list_display = ["title", "unit", "manager", "is_manager"]
    list_filter = ["unit"]
    search_fields = ["title", "unit__name"]
    autocomplete_fields = ["unit", "manager"]
    filter_horizontal = ["substitutes"]

    def employees_of(self, objects):
        # Only the delete page names people (the employments it would remove).
        return set(Employment.objects.filter(position__in=objects).values_list("employee_id", flat=True))

    def changelist_view(self, request, extra_context=None):
        return admin.ModelAdmin.changelist_view(self, request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return admin.ModelAdmin.change_view(self, request, object_id, form_url, extra_context)


class EmploymentInline(admin.TabularInline):
    model = Employment
    extra = 0
    autocomplete_fields = ["position"]


@admin.register(Employee)
class EmployeeAdmin(EmployeeDataLogged, admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "user"]
    search_fields = ["first_name", "last_name", "email"]
    inlines = [EmploymentInline]

    def employees_of(self, objects):
        return {obj.pk for obj in objects}


@admin.register(Employment)
class EmploymentAdmin(EmployeeDataLogged, admin.ModelAdmin):
    list_display = ["employee", "position", "start_date", "probation_end", "end_date"]
    list_filter = ["position__unit"]
    autocomplete_fields = ["employee", "position"]
    date_hierarchy = "start_date"

    def employees_of(self, objects):
        return {obj.employee_id for obj in objects}
