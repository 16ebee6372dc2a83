"""Admin wiring only: the "Lesson feedback" menu item and the per-lesson queue's URLs."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from insight.feedback import admin_views
from insight.feedback.services import user_can_review_feedback

admin_urls = (
    [
        path("", admin_views.index, name="index"),
        path("lessons/<int:lesson_id>/", admin_views.lesson_queue, name="lesson"),
    ],
    "lesson_feedback_admin",
)


@hooks.register("register_admin_urls")
def register_feedback_admin_urls():
    return [path("lesson-feedback/", include(admin_urls))]


class FeedbackMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_review_feedback(request.user)


@hooks.register("register_admin_menu_item")
def register_feedback_menu_item():
    return FeedbackMenuItem(
        "Lesson feedback", reverse("lesson_feedback_admin:index"), icon_name="help", order=320
    )
