from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from teenindus.telephony.agent_names import interface_map
from teenindus.telephony.models import Agent, AgentSkill, Interface, Queue


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "title",
        "strategy",
        "sl_threshold_seconds",
        "short_abandon_seconds",
        "ring_timeout_seconds",
    ]
    search_fields = ["name", "title"]
    exclude = ["last_agent"]


class SkillInline(admin.TabularInline):
    model = AgentSkill
    extra = 0


class InterfaceInline(admin.TabularInline):
    """Shown here; mapped in the extension table (Interface), where a change re-folds the import."""

    model = Interface
    extra = 0
    fields = ["name", "first_seen_at", "last_seen_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agent)
class AgentAdmin(admin.ModelAdmin):
    """Agents and the extension table: link an unmapped agent (created by an import) to its employee."""

    list_display = ["name", "extension", "employee", "state", "state_since"]
    list_filter = ["state", "queues"]
    search_fields = ["name", "extension", "interfaces__name"]
    autocomplete_fields = ["employee"]
    readonly_fields = ["state", "state_reason", "state_since", "idle_since", "current_call_id", "calls_today"]
    exclude = ["ringing_until", "calls_day"]
    inlines = [SkillInline, InterfaceInline]


class MappedFilter(admin.SimpleListFilter):
    title = _("mapped to an employee")
    parameter_name = "mapped"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(agent__employee__isnull=self.value() == "no")
        return queryset


@admin.register(Interface)
class InterfaceAdmin(admin.ModelAdmin):
    """The extension table. Names the queue_log import could not pair show their first and last
    line; mapping a name to an agent re-folds the states and calls imported under it."""

    list_display = ["name", "agent", "first_seen_at", "first_line", "last_seen_at", "last_line"]
    list_filter = [MappedFilter]
    search_fields = ["name", "agent__name"]
    autocomplete_fields = ["agent"]
    readonly_fields = ["first_seen_at", "first_line", "last_seen_at", "last_line"]

    def get_readonly_fields(self, request, obj=None):
        # A name is what the log writes: a different name is a new row, not a rename.
        return [*self.readonly_fields, "name"] if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        saved = interface_map(name=obj.name, agent=obj.agent, actor=request.user)
        obj.pk = saved.pk
