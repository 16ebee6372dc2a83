from django.apps import AppConfig


class LiveSessionsConfig(AppConfig):
    """Live sessions of a class (weekly Q&A, office hours): a sub-room of ``coaching``.

    Stands on ``courses`` and ``engine`` (imports point down, docs/architecture.md): places
    are a capacity kind (``live_session``), reminders go through the outbox, sessions join
    the student's calendar feed through ``courses.calendar_events`` and the header through
    ``cms.account_menu``.
    """

    name = "coaching.sessions"
    label = "live_sessions"
    verbose_name = "Live sessions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.account_menu import account_menu_register
        from coaching.sessions import email_kinds  # noqa: F401
        from coaching.sessions.calendar import live_session_calendar_events
        from coaching.sessions.capacity import LiveSessionPlaces
        from coaching.sessions.menu import live_session_menu_keys, live_session_menu_links
        from courses.calendar_events import calendar_events_register
        from engine.capacity.kinds import kind_register

        kind_register(LiveSessionPlaces())
        account_menu_register(
            name="live_sessions",
            links=live_session_menu_links,
            order=45,
            cache_keys=live_session_menu_keys,
        )
        calendar_events_register(name="live_sessions", events=live_session_calendar_events)
