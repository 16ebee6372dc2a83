from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms.account_menu import account_menu_register
        from cms.home_sections import home_section_register
        from courses.capacity import CohortSeats
        from courses.home_sections import course_home_section
        from courses.menu import student_menu_links
        from engine.capacity.kinds import kind_register

        kind_register(CohortSeats())
        account_menu_register(name="courses.dashboard", links=student_menu_links, order=10)
        home_section_register(name="courses.course", section=course_home_section, order=10)
