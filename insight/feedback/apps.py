from django.apps import AppConfig


class LessonFeedbackConfig(AppConfig):
    """Lesson ratings (1-5, once per student and lesson) and "this part was unclear" flags
    at a moment of the lesson video (issue 19, item 1)."""

    name = "insight.feedback"
    label = "lesson_feedback"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Lesson feedback"

    def ready(self) -> None:
        from courses.lesson_panels import lesson_panel_register
        from insight.feedback.panel import feedback_lesson_panel

        lesson_panel_register(name="lesson_feedback", panel=feedback_lesson_panel, order=15)
