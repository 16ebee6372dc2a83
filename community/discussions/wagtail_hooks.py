"""Admin wiring only: the discussion moderation queue (held and reported posts).

Staff find "Discussion queue" in the admin menu: posts awaiting moderation and posts with open
reports, filterable, with bulk Publish / Hide that call ``post_moderate`` (which asks the
access policy and closes the posts' open reports). Nothing here decides anything.
"""

import django_filters

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import Http404

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from community.discussions.models import Post
from community.discussions.services import post_moderate


class PostQueuePermissionPolicy(ModelPermissionPolicy):
    """Staff (the people who may moderate any class, as the access policy says) view and
    change the queue; nobody adds posts in the admin (students post through the services)."""

    def user_has_permission(self, user, action):
        return action != "add" and user.is_active and (user.is_staff or user.is_superuser)

    def users_with_any_permission(self, actions):
        if not [action for action in actions if action != "add"]:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_staff=True)


class PostFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Post.Status.choices, empty_label="Any")
    reported = django_filters.BooleanFilter(label="Has open reports", method="filter_reported")

    class Meta:
        model = Post
        fields = ["status"]

    def filter_reported(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(open_reports__gt=0) if value else queryset.filter(open_reports=0)


class PostViewSet(SnippetViewSet):
    model = Post
    icon = "comment"
    menu_label = "Discussion queue"
    menu_order = 310
    add_to_admin_menu = True
    filterset_class = PostFilterSet
    search_fields = ["body", "author__email"]
    search_backend_name = None
    list_display = [
        "__str__",
        Column("author", label="Author", accessor="author.email"),
        Column("thread", label="Thread", accessor="thread.title"),
        Column("status", label="Status", accessor="get_status_display"),
        Column("held_reason", label="Held because"),
        Column("open_reports", label="Open reports"),
        DateColumn("created_at", label="Posted"),
    ]
    ordering = "-created_at"
    inspect_view_enabled = True
    copy_view_enabled = False
    create_view_enabled = False
    panels = []

    def get_queryset(self, request):
        return Post.objects.select_related("author", "thread").annotate(
            open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True))
        )


class PostModerationBulkAction(SnippetBulkAction):
    models = [Post]
    template_name = "discussions/admin/confirm_bulk_moderation.html"
    verb = ""
    publish = False

    @classmethod
    def get_queryset(cls, model, object_ids):
        posts = list(Post.objects.filter(pk__in=object_ids).select_related("author", "thread"))
        if not posts:
            raise Http404("No posts selected.")
        return posts

    def get_all_objects_in_listing_query(self, parent_id):
        return Post.objects.filter(
            Q(status=Post.Status.PENDING) | Q(reports__resolved_at__isnull=True)
        ).values_list("pk", flat=True)

    def check_perm(self, obj):
        return self.request.user.is_staff

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "verb": self.verb}

    @classmethod
    def execute_action(cls, objects, **kwargs):
        moderator = kwargs["self"].request.user
        for post in objects:
            post_moderate(moderator=moderator, post=post, publish=cls.publish)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        noun = "post" if num_parent_objects == 1 else "posts"
        done = "Published" if self.verb == "publish" else "Hid"
        return f"{done} {num_parent_objects} {noun}."


class PublishPostsBulkAction(PostModerationBulkAction):
    display_name = "Publish"
    action_type = "publish"
    aria_label = "Publish selected posts"
    action_priority = 10
    verb = "publish"
    publish = True


class HidePostsBulkAction(PostModerationBulkAction):
    display_name = "Hide"
    action_type = "hide"
    aria_label = "Hide selected posts"
    action_priority = 20
    classes = {"serious"}
    verb = "hide"


register_permission_policy(Post, PostQueuePermissionPolicy(Post))
register_snippet(PostViewSet)
hooks.register("register_bulk_action", PublishPostsBulkAction)
hooks.register("register_bulk_action", HidePostsBulkAction)
