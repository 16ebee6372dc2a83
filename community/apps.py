from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from community.signal_handlers import purge_cached_page_on_comment_change
        from community.signals import comments_changed

        comments_changed.connect(
            purge_cached_page_on_comment_change, dispatch_uid="community.purge_cached_page"
        )
