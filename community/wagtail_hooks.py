"""Admin wiring only: the comment moderation queue, its bulk actions and a dashboard count.

Editors find "Comments" in the admin menu: filter by status and page, search the text or
the author, tick comments and approve or reject them in bulk (or one at a time from a row's
menu). The actions call ``community.services``; nothing here decides anything.
https://docs.wagtail.org/en/stable/extending/custom_bulk_actions.html
"""

import django_filters

from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import capfirst

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.models import Page
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from community.models import Comment
from community.permissions import CommentPermissionPolicy
from community.selectors import comment_pending_count
from community.services import MODERATE_PERMISSION, comment_approve, comment_reject


def _commented_pages(request):
    return Page.objects.filter(pk__in=Comment.objects.values("page_id")).order_by("title")


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Comment.Status.choices, empty_label="Any")
    page = django_filters.ModelChoiceFilter(queryset=_commented_pages, empty_label="Any page")

    class Meta:
        model = Comment
        fields = ["status", "page"]


def _bulk_action_url(action: str, comment: Comment, next_url: str) -> str:
    url = reverse("wagtail_bulk_action", args=("community", "comment", action))
    return f"{url}?{urlencode({'id': comment.pk, 'next': next_url})}"


class CommentIndexView(IndexView):
    """The queue, with Approve / Reject in each row's menu for people who may moderate."""

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not self.request.user.has_perm(MODERATE_PERMISSION):
            return buttons
        next_url = self.request.get_full_path()
        if instance.status != Comment.Status.PUBLISHED:
            url = _bulk_action_url("approve", instance, next_url)
            buttons.append(MenuItem("Approve", url, icon_name="check", priority=1))
        if instance.status != Comment.Status.REJECTED:
            url = _bulk_action_url("reject", instance, next_url)
            buttons.append(MenuItem("Reject", url, icon_name="cross", priority=2))
        return buttons


class CommentViewSet(SnippetViewSet):
    model = Comment
    index_view_class = CommentIndexView
    icon = "comment"
    menu_label = "Comments"
    menu_order = 300
    add_to_admin_menu = True
    filterset_class = CommentFilterSet
    search_fields = ["body", "author__email", "author__first_name", "author__last_name"]
    search_backend_name = None
    list_display = [
        "__str__",
        Column("author", label="Author", accessor="author.email"),
        Column("page", label="Page", accessor="page.title"),
        Column("status", label="Status", accessor="get_status_display"),
        Column("held_reason", label="Held because"),
        DateColumn("created_at", label="Posted"),
    ]
    ordering = "-created_at"
    inspect_view_enabled = True
    inspect_view_fields = [
        "body",
        "author",
        "page",
        "parent",
        "status",
        "held_reason",
        "created_at",
        "moderated_by",
        "moderated_at",
        "reply_notified_at",
    ]
    copy_view_enabled = False
    # Superusers may correct a comment's text; its status only changes through the actions.
    panels = [FieldPanel("body")]

    def get_queryset(self, request):
        return Comment.objects.select_related("author", "page")


class CommentModerationBulkAction(SnippetBulkAction):
    """Approve or reject the ticked comments, each through its service."""

    models = [Comment]
    template_name = "community/admin/confirm_bulk_moderation.html"
    verb = ""

    @staticmethod
    def moderate(*, comment, moderator):
        raise NotImplementedError

    @classmethod
    def get_queryset(cls, model, object_ids):
        comments = list(Comment.objects.filter(pk__in=object_ids).select_related("author", "page"))
        if not comments:
            raise Http404("No comments selected.")
        return comments

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all" in the queue means every comment awaiting moderation, never the
        # published and rejected ones (Wagtail's default would be every row in the table).
        return Comment.objects.pending().values_list("pk", flat=True)

    def check_perm(self, obj):
        return self.request.user.has_perm(MODERATE_PERMISSION)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "verb": self.verb}

    @classmethod
    def execute_action(cls, objects, **kwargs):
        moderator = kwargs["self"].request.user
        for comment in objects:
            cls.moderate(comment=comment, moderator=moderator)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        noun = "comment" if num_parent_objects == 1 else "comments"
        return f"{capfirst(self.verb)}d {num_parent_objects} {noun}."


class ApproveCommentsBulkAction(CommentModerationBulkAction):
    display_name = "Approve"
    action_type = "approve"
    aria_label = "Approve selected comments"
    action_priority = 10
    verb = "approve"
    moderate = staticmethod(comment_approve)


class RejectCommentsBulkAction(CommentModerationBulkAction):
    display_name = "Reject"
    action_type = "reject"
    aria_label = "Reject selected comments"
    action_priority = 20
    classes = {"serious"}
    verb = "reject"
    moderate = staticmethod(comment_reject)


class PendingCommentsSummaryItem(SummaryItem):
    """The admin dashboard's "N comments awaiting moderation": one COUNT on an index."""

    order = 400
    template_name = "community/admin/pending_comments_summary.html"

    def is_shown(self):
        return self.request.user.has_perm(MODERATE_PERMISSION)

    def get_context_data(self, parent_context):
        list_url = reverse(Comment.snippet_viewset.get_url_name("list"))
        return {
            "pending_count": comment_pending_count(),
            "queue_url": f"{list_url}?{urlencode({'status': Comment.Status.PENDING})}",
        }


register_permission_policy(Comment, CommentPermissionPolicy(Comment))
register_snippet(CommentViewSet)
hooks.register("register_bulk_action", ApproveCommentsBulkAction)
hooks.register("register_bulk_action", RejectCommentsBulkAction)


@hooks.register("construct_homepage_summary_items")
def add_pending_comments_summary(request, summary_items):
    summary_items.append(PendingCommentsSummaryItem(request))
