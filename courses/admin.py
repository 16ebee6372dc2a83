"""Django admin (``/django-admin/``, for operators): the notice ledger, read-only.

Where an operator sees which announcement failed and why: filter by email state ``failed``;
the row shows its outbox email's attempts and the SMTP server's last answer (every email is
also listed under Outbox). Rows are written only by ``courses.notices`` and the outbox, so the
admin never edits them.
"""

from django.contrib import admin

from courses.models import CatchUpNotice, DigestNotice, ReleaseNotice


class LedgerAdmin(admin.ModelAdmin):
    list_filter = ["status", "email__state"]
    readonly_fields = ["status", "email"]
    show_full_result_count = False  # the ledger grows by a row per student per week

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="email", ordering="email__state")
    def email_state(self, notice) -> str:
        return notice.email.get_state_display() if notice.email_id else "-"

    @admin.display(description="attempts")
    def attempts(self, notice) -> int:
        return notice.email.attempts if notice.email_id else 0

    @admin.display(description="last error")
    def last_error(self, notice) -> str:
        return notice.email.last_error if notice.email_id else ""

    @admin.display(description="sent at")
    def sent_at(self, notice):
        return notice.email.sent_at if notice.email_id else None


@admin.register(ReleaseNotice)
class ReleaseNoticeAdmin(LedgerAdmin):
    list_display = [
        "week_release",
        "student",
        "status",
        "skip_reason",
        "email_state",
        "attempts",
        "last_error",
        "sent_at",
    ]
    list_filter = ["status", "email__state", "skip_reason", "week_release__cohort"]
    list_select_related = ["week_release__cohort", "enrollment__user", "email"]
    search_fields = ["enrollment__user__email"]

    @admin.display(description="student", ordering="enrollment__user__email")
    def student(self, notice: ReleaseNotice) -> str:
        return notice.enrollment.user.email


@admin.register(CatchUpNotice)
class CatchUpNoticeAdmin(LedgerAdmin):
    list_display = ["enrollment", "status", "email_state", "attempts", "last_error", "sent_at"]
    list_select_related = ["email"]
    search_fields = ["enrollment__user__email"]


@admin.register(DigestNotice)
class DigestNoticeAdmin(LedgerAdmin):
    list_display = [
        "user",
        "week_start",
        "status",
        "email_state",
        "attempts",
        "last_error",
        "sent_at",
    ]
    list_select_related = ["user", "email"]
    search_fields = ["user__email"]
