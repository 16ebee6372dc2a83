"""Admin wiring only: live sessions in the Wagtail admin and the weekly-series page."""

from django.urls import path

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from coaching.sessions.admin_views import LiveSessionIndexView, SeriesCreateView
from coaching.sessions.forms import LiveSessionForm
from coaching.sessions.models import LiveSession


class LiveSessionViewSet(ModelViewSet):
    model = LiveSession
    icon = "calendar-alt"
    menu_label = "Live sessions"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["title", "cohort", "when", "kind", "rsvp_required", "capacity"]
    list_filter = ["cohort", "kind"]
    search_fields = ["title", "cohort__name"]
    search_backend_name = None
    ordering = ["starts_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("cohort"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("title")]),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
            FieldPanel("join_url"),
            FieldRowPanel([FieldPanel("rsvp_required"), FieldPanel("capacity")]),
            FieldPanel("recording_document"),
            FieldPanel("recording_url"),
        ],
        base_form_class=LiveSessionForm,
    )

    index_view_class = LiveSessionIndexView

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("series/", SeriesCreateView.as_view(), name="series"),
        ]


@hooks.register("register_admin_viewset")
def register_live_sessions():
    return LiveSessionViewSet("live_session")
