from django.apps import AppConfig


class MeetupsConfig(AppConfig):
    name = "community.meetups"
    label = "meetups"
    verbose_name = "Meetups"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from community.meetups import email_kinds  # noqa: F401
        from community.meetups.capacity import MeetupPlaces
        from engine.capacity.kinds import kind_register

        kind_register(MeetupPlaces())
