from django.apps import AppConfig


class CoachingSlotsConfig(AppConfig):
    """1:1 coaching (issue 16, item 5): coaches publish slots, students whose tier includes
    coaching sessions book them with credits. A sub-room of ``coaching`` with its own label;
    a slot's one place is a kind of the capacity engine."""

    name = "coaching.slots"
    label = "coaching_slots"
    verbose_name = "1:1 coaching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.account_menu import account_menu_register
        from coaching.slots import email_kinds  # noqa: F401
        from coaching.slots.capacity import CoachingSlotPlace
        from coaching.slots.menu import sessions_menu_keys, sessions_menu_links
        from engine.capacity.kinds import kind_register

        kind_register(CoachingSlotPlace())
        account_menu_register(
            name="coaching.sessions",
            links=sessions_menu_links,
            order=45,
            cache_keys=sessions_menu_keys,
        )
