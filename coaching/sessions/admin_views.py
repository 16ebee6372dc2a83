"""The "Schedule a weekly series" admin page: form -> preview of every date -> confirm."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView

from wagtail.admin.views.generic import IndexView, WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton

from coaching.sessions.forms import SeriesForm, default_first_date
from coaching.sessions.services import LiveSessionError, series_create, series_plan


class LiveSessionIndexView(IndexView):
    """The sessions listing, with the button to schedule a weekly series."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("cohort")

    @property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                "Schedule a weekly series",
                url=reverse("live_session:series"),
                icon_name="calendar",
            ),
        ]


class SeriesCreateView(WagtailAdminTemplateMixin, FormView):
    form_class = SeriesForm
    template_name = "live_sessions/admin/series.html"
    page_title = "Schedule a weekly series"
    header_icon = "calendar"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("live_sessions.add_livesession"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"first_date": default_first_date(), "weeks": 10, "duration_minutes": 60}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("live_session:index"), "label": "Live sessions"},
            {"url": "", "label": self.page_title},
        ]

    def _refuse(self, form, plan_errors: dict[str, list[str]]):
        for field_name, errors in plan_errors.items():
            for error in errors:
                form.add_error(field_name if field_name in form.fields else None, error)
        return self.form_invalid(form)

    def form_valid(self, form):
        request = form.series_request()
        now = timezone.now()
        plan = series_plan(request=request, now=now)
        if not plan.ok:
            return self._refuse(form, plan.errors)
        if not form.cleaned_data.get("confirm"):
            data = {**self.request.POST.dict(), "confirm": "1"}
            confirm = SeriesForm(data=data)
            return self.render_to_response(
                self.get_context_data(form=form, plan=plan, confirm_form=confirm)
            )
        try:
            sessions = series_create(request=request, now=now)
        except LiveSessionError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"{len(sessions)} weekly sessions of {request.cohort} scheduled, "
            f"from {sessions[0].local_starts_at:%a %d %b %Y %H:%M} ({request.cohort.timezone}).",
        )
        return redirect("live_session:index")

    def form_invalid(self, form):
        messages.error(self.request, "Nothing was scheduled. See the errors below.")
        return super().form_invalid(form)
