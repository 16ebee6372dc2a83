from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.account_menu import account_menu_register
        from courses.capacity import CohortSeats
        from courses.menu import student_menu_links
        from engine.capacity.kinds import kind_register

        kind_register(CohortSeats())
        account_menu_register(name="courses.dashboard", links=student_menu_links, order=10)
