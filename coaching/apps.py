from django.apps import AppConfig


class CoachingConfig(AppConfig):
    """The teaching side of a class: the weekly Product Kata journal and coaches' feedback.

        Stands on ``courses`` (imports point down, docs/architecture.md): it reads classes,
        enrollments and the coach assignments through ``courses`` selectors and shows its form
        under lessons through ``courses.lesson_panels``, and whether each member of a team handed in
    the week's entry as a column of the team's progress (``payments.teams.progress_columns``).
    """

    name = "coaching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from cms.account_menu import account_menu_register
        from cms.models import Coach
        from coaching.coach_accounts import (
            coach_profile_deleted,
            coach_profile_remember_user,
            coach_profile_saved,
        )
        from coaching.menu import coach_menu_keys, coach_menu_links
        from coaching.panels import journal_lesson_panel
        from coaching.team_columns import kata_this_week_cells
        from courses.lesson_panels import lesson_panel_register
        from payments.teams.progress_columns import team_progress_column_register

        lesson_panel_register(name="coaching.journal", panel=journal_lesson_panel, order=30)
        account_menu_register(
            name="coaching.workspace",
            links=coach_menu_links,
            order=40,
            cache_keys=coach_menu_keys,
        )
        team_progress_column_register(
            name="coaching.kata_this_week",
            key="kata_this_week",
            heading="This week's Kata",
            cells=kata_this_week_cells,
            order=30,
        )

        # Linking a coach profile to an account puts it in the Coaches group (coach_accounts).
        pre_save.connect(coach_profile_remember_user, sender=Coach, dispatch_uid="coach-group")
        post_save.connect(coach_profile_saved, sender=Coach, dispatch_uid="coach-group")
        post_delete.connect(coach_profile_deleted, sender=Coach, dispatch_uid="coach-group")
