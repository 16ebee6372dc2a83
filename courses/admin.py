"""Django admin (``/django-admin/``, for operators): the email ledger, read-only.

Where an operator sees which announcement failed and why: filter by status ``failed``; the
row shows its attempts and the SMTP server's last answer. Rows are written only by
``courses.notices`` (claim, send, mark), so the admin never edits them.
"""

from django.contrib import admin

from courses.models import CatchUpNotice, DigestNotice, ReleaseNotice


class LedgerAdmin(admin.ModelAdmin):
    list_filter = ["status"]
    readonly_fields = ["status", "attempts", "last_error", "claim_token", "claimed_at", "sent_at"]
    show_full_result_count = False  # the ledger grows by a row per student per week

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReleaseNotice)
class ReleaseNoticeAdmin(LedgerAdmin):
    list_display = [
        "week_release",
        "student",
        "status",
        "skip_reason",
        "attempts",
        "last_error",
        "sent_at",
    ]
    list_filter = ["status", "skip_reason", "week_release__cohort"]
    list_select_related = ["week_release__cohort", "enrollment__user"]
    search_fields = ["enrollment__user__email"]

    @admin.display(description="student", ordering="enrollment__user__email")
    def student(self, notice: ReleaseNotice) -> str:
        return notice.enrollment.user.email


@admin.register(CatchUpNotice)
class CatchUpNoticeAdmin(LedgerAdmin):
    list_display = ["enrollment", "status", "attempts", "last_error", "sent_at"]
    search_fields = ["enrollment__user__email"]


@admin.register(DigestNotice)
class DigestNoticeAdmin(LedgerAdmin):
    list_display = ["user", "week_start", "status", "attempts", "last_error", "sent_at"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
