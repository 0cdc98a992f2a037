from django.contrib import admin

from teenindus.contacts.models import Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "code", "is_active"]
    list_filter = ["is_active", "parent"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}
