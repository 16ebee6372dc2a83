from django.apps import AppConfig


class CoachingConfig(AppConfig):
    """The teaching side of a class: the weekly Product Kata journal and coaches' feedback.

    Stands on ``courses`` (imports point down, docs/architecture.md): it reads classes,
    enrollments and the coach assignments through ``courses`` selectors and shows its form
    under lessons through ``courses.lesson_panels``.
    """

    name = "coaching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.account_menu import account_menu_register
        from coaching.menu import coach_menu_links
        from coaching.panels import journal_lesson_panel
        from courses.lesson_panels import lesson_panel_register

        lesson_panel_register(name="coaching.journal", panel=journal_lesson_panel, order=30)
        account_menu_register(name="coaching.workspace", links=coach_menu_links, order=40)
