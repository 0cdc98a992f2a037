from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from teenindus.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "is_active", "is_staff"]
    list_filter = ["groups", "is_active", "is_staff"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created in the UI (the plain text is shown once); here they can be listed and revoked."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at"]
    exclude = ["key_hash"]

    def has_add_permission(self, request):
        return False
