from django.contrib import admin

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
    model = Interface
    extra = 0


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


@admin.register(Interface)
class InterfaceAdmin(admin.ModelAdmin):
    list_display = ["name", "agent"]
    search_fields = ["name", "agent__name"]
    autocomplete_fields = ["agent"]
