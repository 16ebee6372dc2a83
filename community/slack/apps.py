from django.apps import AppConfig


class SlackSyncConfig(AppConfig):
    name = "community.slack"
    label = "slack_sync"
    verbose_name = "Slack"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from community.slack import email_kinds  # noqa: F401
        from community.slack.receivers import enrollment_changed_want
        from courses.signals import enrollment_changed

        enrollment_changed.connect(enrollment_changed_want, dispatch_uid="slack_sync.want")
