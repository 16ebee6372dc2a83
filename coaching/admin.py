"""Staff move a week's journal due date for one class; entries are read-only history."""

from django.contrib import admin

from coaching.models import JournalDueOverride, JournalEntry, JournalIteration


@admin.register(JournalDueOverride)
class JournalDueOverrideAdmin(admin.ModelAdmin):
    list_display = ["cohort", "week_number", "due_at"]
    list_filter = ["cohort"]


class JournalIterationInline(admin.TabularInline):
    model = JournalIteration
    extra = 0
    can_delete = False
    fields = ["number", "submitted_at", "late", "verdict", "feedback_at"]
    readonly_fields = fields


@admin.register(JournalEntry)
class JournalEntryAdmin(admin.ModelAdmin):
    list_display = ["user", "course", "week_number", "cohort", "status"]
    list_filter = ["status", "cohort"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "course", "week_number", "cohort", "status", "due_at"]
    inlines = [JournalIterationInline]
