"""Admin wiring only: "Surveys" (build a survey with its questions; a Results link per
survey) and the results and CSV export URLs."""

from django.contrib.auth import get_user_model
from django.urls import include, path, reverse
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from insight.feedback.services import user_can_review_feedback
from insight.surveys import admin_views
from insight.surveys.forms import SurveyAdminForm
from insight.surveys.models import Survey

admin_urls = (
    [
        path("<id:survey_id>/results/", admin_views.results, name="results"),
        path("<id:survey_id>/results.csv", admin_views.export, name="export"),
    ],
    "surveys_admin",
)


@hooks.register("register_admin_urls")
def register_survey_admin_urls():
    return [path("survey-results/", include(admin_urls))]


class SurveyPermissionPolicy(ModelPermissionPolicy):
    """Editors and staff build surveys and read their results (the lesson feedback's rule)."""

    def user_has_permission(self, user, action):
        return user_can_review_feedback(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        return users.filter(is_staff=True) | users.filter(groups__name="Editors")


class ResultsColumn(Column):
    def get_value(self, instance):
        return format_html(
            '<a href="{}">Results ({} answered)</a>',
            reverse("surveys_admin:results", args=[instance.pk]),
            instance.answered,
        )


class SurveyViewSet(SnippetViewSet):
    model = Survey
    icon = "list-ul"
    menu_label = "Surveys"
    menu_order = 330
    add_to_admin_menu = True
    edit_handler = ObjectList(Survey.panels, base_form_class=SurveyAdminForm)
    list_display = [
        "title",
        Column("trigger_label", label="Sent"),
        Column("is_active", label="On"),
        ResultsColumn("results", label="Results"),
    ]

    def get_queryset(self, request):
        from django.db.models import Count, Q

        return Survey.objects.select_related("workshop", "live_session").annotate(
            answered=Count("invitations", filter=Q(invitations__answered_at__isnull=False))
        )


register_permission_policy(Survey, SurveyPermissionPolicy(Survey))
register_snippet(SurveyViewSet)
