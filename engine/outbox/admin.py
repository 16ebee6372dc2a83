"""Staff see every email: what failed and why, what is waiting, what went out. Read-only:
rows change only through the sender (``engine.outbox.sending``)."""

from django.contrib import admin

from engine.outbox.models import OutboxEmail


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = (
        "kind",
        "recipient_list",
        "subject",
        "state",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    )
    list_filter = ("state", "kind")
    search_fields = ("key", "subject")
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in OutboxEmail._meta.fields] + ["message_id"]
    show_full_result_count = False

    @admin.display(description="to")
    def recipient_list(self, email: OutboxEmail) -> str:
        return ", ".join(email.recipients)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
