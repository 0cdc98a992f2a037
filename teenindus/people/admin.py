from django.contrib import admin

from teenindus.people.models import Reminder


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Reminders and how their delivery went: a failed one stays here with its last error."""

    list_display = ["subject", "due_date", "recipient", "sent_at", "attempts", "failed_at", "last_error"]
    list_filter = ["sent_at", "failed_at"]
    # The title and body name the employee the reminder is about: not shown here (the admin reads
    # delivery, not people), so the page shows no personal data beyond the staff recipient.
    fields = readonly_fields = [
        "subject",
        "due_date",
        "recipient",
        "sent_at",
        "attempts",
        "failed_at",
        "last_error",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
