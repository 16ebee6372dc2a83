from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    """A class's discussion of each lesson (issue 15): threads, posts, moments, notifications."""

    name = "community.discussions"
    label = "discussions"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Lesson discussions"

    def ready(self) -> None:
        from cms.account_menu import account_menu_register
        from community.discussions import email_kinds  # noqa: F401 (registers the kinds)
        from community.discussions.forms import DiscussionPreferenceFields
        from community.discussions.menu import notifications_menu_keys, notifications_menu_links
        from community.discussions.panel import discussion_lesson_panel
        from community.discussions.versions import discussion_versions_connect
        from courses.lesson_panels import lesson_panel_register
        from courses.preference_fields import preference_fields_register

        discussion_versions_connect()
        lesson_panel_register(name="discussion", panel=discussion_lesson_panel, order=20)
        account_menu_register(
            name="notifications",
            links=notifications_menu_links,
            order=60,
            cache_keys=notifications_menu_keys,
        )
        preference_fields_register(name="discussions", form=DiscussionPreferenceFields, order=20)
