"""Admin wiring only: cohorts, enrollments and releases in the Wagtail admin, and the guard
that keeps Wagtail's own document URL behind the access policy."""

from django.urls import path

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from courses.admin_views import (
    CohortChangesView,
    CohortEditView,
    CohortIndexView,
    CohortRescheduleView,
    EnrollmentCreateView,
    EnrollmentEditViewWithActions,
    EnrollmentIndexView,
    EnrollmentTransferView,
    WeekReleaseCreateView,
)
from courses.forms import EnrollmentCreateForm, EnrollmentEditForm, WeekReleaseForm
from courses.models import Cohort, CompletionRule, Enrollment, WeekRelease
from courses.views import wagtail_document_guard


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "calendar"
    menu_label = "Cohorts"
    list_display = ["name", "course", "start_date", "timezone", "capacity"]
    list_filter = ["course", "start_date"]
    search_fields = ["name", "slug"]
    search_backend_name = None
    ordering = ["-start_date"]
    inspect_view_enabled = True
    index_view_class = CohortIndexView
    edit_view_class = CohortEditView

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("reschedule/<int:pk>/", CohortRescheduleView.as_view(), name="reschedule"),
            path("changes/<int:pk>/", CohortChangesView.as_view(), name="changes"),
        ]


class EnrollmentViewSet(ModelViewSet):
    model = Enrollment
    icon = "user"
    menu_label = "Enrollments"
    list_display = ["user", "cohort", "tier", "source", "status", "created_at"]
    list_filter = ["cohort", "status", "tier", "source"]
    # Without these the "export=csv" listing wrote one blank line per row: Wagtail exports
    # only the fields named here, and none were named.
    list_export = [
        "user.email",
        "user.get_full_name",
        "cohort.name",
        "cohort.course.title",
        "tier",
        "source",
        "status",
        "created_at",
        "ended_at",
    ]
    export_headings = {
        "user.email": "Email",
        "user.get_full_name": "Name",
        "cohort.name": "Class",
        "cohort.course.title": "Course",
        "created_at": "Enrolled at",
        "ended_at": "Ended at",
    }
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    search_backend_name = None
    add_view_class = EnrollmentCreateView
    edit_view_class = EnrollmentEditViewWithActions
    index_view_class = EnrollmentIndexView
    inspect_view_enabled = True

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("transfer/<int:pk>/", EnrollmentTransferView.as_view(), name="transfer"),
        ]

    def get_form_class(self, for_update=False):
        return EnrollmentEditForm if for_update else EnrollmentCreateForm


class WeekReleaseViewSet(ModelViewSet):
    model = WeekRelease
    icon = "lock-open"
    menu_label = "Week releases"
    add_to_admin_menu = False
    list_display = ["cohort", "week_number", "released_at", "released_by", "source"]
    list_filter = ["cohort", "source", "week_number"]
    search_fields = ["cohort__name"]
    search_backend_name = None
    add_view_class = WeekReleaseCreateView
    form_fields = ["cohort", "week_number"]
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        return WeekReleaseForm


class CompletionRuleViewSet(ModelViewSet):
    """Editors set what finishing a course means (share of lessons done for a certificate)."""

    model = CompletionRule
    icon = "tick-inverse"
    menu_label = "Completion rules"
    list_display = ["course", "minimum_percent"]
    form_fields = ["course", "minimum_percent"]
    search_backend_name = None


class SchoolViewSetGroup(ModelViewSetGroup):
    menu_label = "Classes"
    menu_icon = "group"
    menu_order = 250
    items = (CohortViewSet, EnrollmentViewSet, WeekReleaseViewSet, CompletionRuleViewSet)


@hooks.register("register_admin_viewset")
def register_school_viewsets():
    return SchoolViewSetGroup()


@hooks.register("before_serve_document")
def lesson_files_follow_the_access_policy(document, request):
    return wagtail_document_guard(document, request)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def week_pages_in_number_order(request, page):
    """A week created or renumbered moves to its place among the course's weeks."""
    from courses.models import WeekPage
    from courses.week_order import course_weeks_put_in_order

    specific = page.specific
    if isinstance(specific, WeekPage):
        course = specific.get_parent().specific
        course_weeks_put_in_order(course=course)
