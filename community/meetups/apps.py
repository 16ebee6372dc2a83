from django.apps import AppConfig


class MeetupsConfig(AppConfig):
    name = "community.meetups"
    label = "meetups"
    verbose_name = "Meetups"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.account_menu import account_menu_register
        from community.meetups import email_kinds  # noqa: F401
        from community.meetups.capacity import MeetupPlaces
        from community.meetups.menu import meetup_menu_links
        from engine.capacity.kinds import kind_register

        kind_register(MeetupPlaces())
        account_menu_register(name="meetups", links=meetup_menu_links, order=60)
