from django.apps import AppConfig


class SurveysConfig(AppConfig):
    """Short surveys editors build in the admin (NPS, scales, choices, free text), sent to a
    class at the end of a week, at the end of the course, after a workshop or a live session;
    answered once per student (issue 19, item 2)."""

    name = "insight.surveys"
    label = "surveys"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Surveys"

    def ready(self) -> None:
        from cms.account_menu import account_menu_register
        from courses.lesson_panels import lesson_panel_register
        from insight.surveys.dashboard_columns import satisfaction_nps_register
        from insight.surveys.prompts import survey_lesson_panel, survey_menu_keys, survey_menu_links

        account_menu_register(
            name="surveys.pending",
            links=survey_menu_links,
            order=40,
            cache_keys=survey_menu_keys,
        )
        lesson_panel_register(name="surveys.pending", panel=survey_lesson_panel, order=5)
        satisfaction_nps_register()
