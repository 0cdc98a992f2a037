"""The working-time calendar in the admin. Saves and deletes go through core/services.py, so the
calendar version is bumped and the change hooks (e.g. recomputing due times) run as for any change."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from teenindus.core import outbox
from teenindus.core.models import CalendarDay, OpeningHours, OutboxMail
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


# --- Mail outbox (core/outbox.py) -------------------------------------------------------------


class OutboxStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("pending", _("pending")), ("sent", _("sent")), ("failed", _("failed"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(sent_at__isnull=True, failed_at__isnull=True)
        if self.value() == "sent":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "failed":
            return queryset.filter(failed_at__isnull=False)
        return queryset


def _masked(address: str) -> str:
    local, _at, domain = address.partition("@")
    return f"{local[:1]}…@{domain}"


@admin.register(OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):
    """How the mails' delivery went: a failed one stays here with its last error and can be given
    a fresh round of attempts. The subject, the text and the full address are customers' personal
    data and not shown (the admin reads delivery, not letters); the key names what the mail is about."""

    list_display = [
        "key",
        "recipient",
        "language",
        "state",
        "attempts",
        "created_at",
        "sent_at",
        "last_error",
    ]
    list_filter = [OutboxStateFilter, "language", "created_at", "failed_at"]
    search_fields = ["key"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    fields = readonly_fields = [
        "key",
        "recipient",
        "language",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
        "failed_at",
    ]
    actions = ["retry"]

    @admin.display(description=_("recipient"))
    def recipient(self, obj):
        return _masked(obj.to)

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.sent_at:
            return _("sent")
        return _("failed") if obj.failed_at else _("pending")

    @admin.action(description=_("Send the failed mails again"))
    def retry(self, request, queryset):
        count = outbox.mails_retry(mail_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext("%(count)d mail will be sent again.", "%(count)d mails will be sent again.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- end of the mail outbox ---------------------------------------------------------------------
