from django.apps import AppConfig


class CircleConfig(AppConfig):
    """The executive peer circle (issue 16, item 6): one discussion space shared by the
    students of every running class whose tier includes it, moderated as lesson discussions
    are (coaches and staff pin, close and hide). Reuses ``community.discussions``' text rules
    and Markdown rendering; its own label keeps its migrations apart."""

    name = "community.circle"
    label = "circle"
    verbose_name = "Executive peer circle"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.account_menu import account_menu_register
        from community.circle.menu import circle_menu_keys, circle_menu_links

        account_menu_register(
            name="circle", links=circle_menu_links, order=47, cache_keys=circle_menu_keys
        )
