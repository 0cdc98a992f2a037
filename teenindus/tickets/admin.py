"""Second-level groups, their members, categories (with the details each requires) and deadline
rules are configured here by the administrator."""

from django import forms
from django.contrib import admin

from teenindus.tickets.fields import DETAIL_CHOICES
from teenindus.tickets.models import Category, GroupMember, SlaPolicy, SupportGroup


class CategoryForm(forms.ModelForm):
    required_fields = forms.MultipleChoiceField(
        choices=DETAIL_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Category
        fields = ["name", "code", "required_fields", "is_active"]


class MemberInline(admin.TabularInline):
    model = GroupMember
    extra = 1
    autocomplete_fields = ["employee"]
    fields = ["employee", "last_assigned_at"]
    readonly_fields = ["last_assigned_at"]


class CategoryInline(admin.TabularInline):
    model = Category
    form = CategoryForm
    extra = 1


class SlaInline(admin.TabularInline):
    model = SlaPolicy
    extra = 1
    fields = ["category", "priority", "response_hours", "solution_amount", "solution_unit", "delivery_days"]


@admin.register(SupportGroup)
class SupportGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "assignment", "is_it_support", "is_active"]
    list_filter = ["kind", "assignment", "is_active"]
    search_fields = ["name", "code"]
    inlines = [MemberInline, CategoryInline, SlaInline]
