"""Admin views whose saves go through the services (capacity locks, idempotent releases,
reschedules and transfers, each logged in ``CohortChangeLog``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView

from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button

from courses.admin_forms import CohortRescheduleForm, EnrollmentTransferForm
from courses.capacity import CohortFull, cohort_capacity_changed
from courses.cohort_admin_columns import cohort_admin_columns
from courses.models import Cohort, CohortChangeLog, Enrollment, EnrollmentStatus
from courses.reschedule import cohort_reschedule_plan
from courses.services import (
    EnrollmentNotActive,
    RescheduleRefused,
    cohort_reschedule,
    enrollment_create,
    enrollment_revoke,
    enrollment_transfer,
    week_release_create,
)


class EnrollmentCreateView(generic.CreateView):
    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except CohortFull as full:
            form.add_error(
                "cohort", ValidationError(f"{full} Tick 'ignore capacity' to add anyway.")
            )
            self.produced_error_message = "The enrollment could not be created."
            return self.form_invalid(form)

    def save_instance(self):
        data = self.form.cleaned_data
        enrollment, _ = enrollment_create(
            user=data["user"],
            cohort=data["cohort"],
            tier=data["tier"],
            source=data["source"],
            ignore_capacity=data.get("ignore_capacity", False),
        )
        return enrollment


class EnrollmentEditView(generic.EditView):
    def save_instance(self):
        enrollment = self.form.instance
        enrollment.save(update_fields=["tier"])
        new_status = self.form.cleaned_data["status"]
        ended = EnrollmentStatus.ENDED_BY_STAFF
        if new_status == ended and enrollment.status == EnrollmentStatus.ACTIVE:
            enrollment = enrollment_revoke(enrollment=enrollment, status=ended)
        return enrollment


class WeekReleaseCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        release, _ = week_release_create(
            cohort=data["cohort"], week_number=data["week_number"], released_by=self.request.user
        )
        return release


def _cohort_actions(cohort) -> list[tuple[str, str, str]]:
    return [
        ("Reschedule", reverse("cohort:reschedule", args=[cohort.pk]), "calendar"),
        ("Changes", reverse("cohort:changes", args=[cohort.pk]), "history"),
    ]


def _enrollment_actions(enrollment) -> list[tuple[str, str, str]]:
    if not enrollment.is_active:
        return []
    url = reverse("enrollment:transfer", args=[enrollment.pk])
    return [("Transfer to another cohort", url, "arrow-right-full")]


class CohortIndexView(generic.IndexView):
    """The class listing, with the figures other apps registered in
    ``courses.cohort_admin_columns`` (seats, revenue) as database annotations."""

    @cached_property
    def columns(self):
        extra = [column for entry in cohort_admin_columns() for column in entry.columns]
        return [*super().columns, *extra]

    def get_base_queryset(self):
        # The course column reads each class's course page: one join, not a query per row.
        queryset = super().get_base_queryset().select_related("course")
        now = timezone.now()
        for entry in cohort_admin_columns():
            queryset = entry.annotate(queryset, now)
        return queryset

    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + [
            MenuItem(label, url, icon_name=icon, priority=15)
            for label, url, icon in _cohort_actions(instance)
        ]


class CohortEditView(generic.EditView):
    def save_instance(self):
        cohort = super().save_instance()
        if "capacity" in self.form.changed_data:
            cohort_capacity_changed(cohort=cohort)
        return cohort

    @property
    def header_more_buttons(self):
        return [
            Button(label, url=url, icon_name=icon, priority=5)
            for label, url, icon in _cohort_actions(self.object)
        ] + list(super().header_more_buttons)


class EnrollmentIndexView(generic.IndexView):
    def get_base_queryset(self):
        # The listing and its CSV export read each row's student, class and course.
        return super().get_base_queryset().select_related("user", "cohort__course")

    def get_list_more_buttons(self, instance):
        return super().get_list_more_buttons(instance) + [
            MenuItem(label, url, icon_name=icon, priority=15)
            for label, url, icon in _enrollment_actions(instance)
        ]


class EnrollmentEditViewWithActions(EnrollmentEditView):
    @property
    def header_more_buttons(self):
        return [
            Button(label, url=url, icon_name=icon, priority=5)
            for label, url, icon in _enrollment_actions(self.object)
        ] + list(super().header_more_buttons)


# --- staff moves: reschedule a cohort, transfer a student, the changes log ---------------------


class _ObjectBreadcrumbsMixin:
    """Home > Cohorts (or Enrollments) > the object > this page, in the admin header."""

    listing = ("cohort", "Cohorts")
    action_label = ""

    def get_page_title(self):
        return f"{self.action_label}: {self.object}"

    def get_breadcrumbs_items(self):
        namespace, label = self.listing
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{namespace}:index"), "label": label},
            {"url": reverse(f"{namespace}:edit", args=[self.object.pk]), "label": str(self.object)},
            {"url": "", "label": self.action_label},
        ]


class _StaffObjectView(_ObjectBreadcrumbsMixin, WagtailAdminTemplateMixin, FormView):
    """A form about one object, for staff allowed to change that model."""

    model = None
    permission = ""
    header_icon = "calendar"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model.objects.all()

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)


class CohortRescheduleView(_StaffObjectView):
    """New start date -> preview of every week's old and new date -> confirm -> service."""

    model = Cohort
    permission = "courses.change_cohort"
    form_class = CohortRescheduleForm
    template_name = "courses/admin/cohort_reschedule.html"
    action_label = "Reschedule"

    def get_initial(self):
        return {"start_date": self.object.start_date}

    def form_valid(self, form):
        start_date = form.cleaned_data["start_date"]
        now = timezone.now()
        if not form.cleaned_data.get("confirm"):
            plan = cohort_reschedule_plan(cohort=self.object, start_date=start_date, now=now)
            if plan.blocked:
                form.add_error("start_date", plan.refusal_message)
            elif not plan.changes_anything:
                form.add_error("start_date", f"{self.object} already starts on that date.")
            if form.errors:
                return self.form_invalid(form)
            confirm = CohortRescheduleForm(initial={"start_date": start_date, "confirm": True})
            return self.render_to_response(
                self.get_context_data(form=form, plan=plan, confirm_form=confirm, now=now)
            )
        try:
            log = cohort_reschedule(
                cohort=self.object, start_date=start_date, actor=self.request.user, now=now
            )
        except RescheduleRefused as refused:
            form.add_error("start_date", refused.message)
            return self.form_invalid(form)
        moved = len(log.details["weeks_moved"]) if log else 0
        window = (
            " and so did its enrollment dates" if log and log.details["enrollment_moved"] else ""
        )
        messages.success(
            self.request,
            f"{self.object} now starts on {date_format(start_date, 'D j M Y')}; "
            f"{moved} week(s) not yet released moved with it{window}.",
        )
        return redirect("cohort:changes", self.object.pk)

    def form_invalid(self, form):
        messages.error(self.request, "The class was not rescheduled. See the error below.")
        return super().form_invalid(form)


class EnrollmentTransferView(_StaffObjectView):
    """Move an active student to another class of the same course with seats left."""

    model = Enrollment
    permission = "courses.change_enrollment"
    form_class = EnrollmentTransferForm
    template_name = "courses/admin/enrollment_transfer.html"
    header_icon = "user"
    listing = ("enrollment", "Enrollments")
    action_label = "Transfer to another cohort"

    def get_queryset(self):
        return Enrollment.objects.select_related("user", "cohort")

    def get(self, request, *args, **kwargs):
        if not self.object.is_active:
            return self._not_active()
        return super().get(request, *args, **kwargs)

    def _not_active(self):
        messages.error(
            self.request,
            f"This enrollment is {self.object.get_status_display().lower()}; only an active "
            "enrollment can move to another cohort.",
        )
        return redirect("enrollment:edit", self.object.pk)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "enrollment": self.object, "now": timezone.now()}

    def form_valid(self, form):
        target = form.cleaned_data["to_cohort"]
        try:
            new = enrollment_transfer(
                enrollment=self.object, to_cohort=target, actor=self.request.user
            )
        except CohortFull as full:
            form.add_error("to_cohort", f"{full} Pick another cohort.")
            return self.form_invalid(form)
        except EnrollmentNotActive:
            return self._not_active()
        moved = new.lesson_progress.count()
        messages.success(
            self.request,
            f"{self.object.user} moved from {self.object.cohort} to {target}, "
            f"with {moved} finished lesson(s).",
        )
        return redirect("enrollment:edit", new.pk)

    def form_invalid(self, form):
        messages.error(self.request, "The student was not moved. See the error below.")
        return super().form_invalid(form)


class CohortChangesView(_ObjectBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView):
    """Read-only: who rescheduled, transferred or released what in one cohort."""

    template_name = "courses/admin/cohort_changes.html"
    header_icon = "history"
    action_label = "Changes"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("courses.view_cohort"):
            raise PermissionDenied
        self.object = get_object_or_404(Cohort, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        changes = CohortChangeLog.objects.filter(cohort=self.object).select_related("actor")
        return super().get_context_data(object=self.object, changes=changes[:200], **kwargs)
