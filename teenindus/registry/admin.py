"""Series of the list of documents and document types (with their reply deadlines) are configured
here by the administrator. Documents themselves are worked on the register's pages (their reads
are logged), never in the admin."""

from django.contrib import admin

from teenindus.registry.models import DocumentType, Series


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "pattern", "unit", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "direction",
        "deadline_kind",
        "deadline_days",
        "extendable_to",
        "default_series",
    ]
    list_filter = ["direction", "deadline_kind", "is_active"]
    search_fields = ["code", "name"]
