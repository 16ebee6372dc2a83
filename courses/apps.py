from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import pre_delete

        from wagtail.admin.ui.tables import Column

        from cms.account_menu import account_menu_register
        from cms.home_sections import home_section_register
        from courses.capacity import CohortSeats
        from courses.cohort_admin_columns import cohort_admin_column_register
        from courses.home_sections import course_home_section
        from courses.menu import student_menu_links
        from courses.progress_counts import enrollment_deleting
        from courses.selectors.cohort_seats import cohorts_with_seats
        from engine.capacity.kinds import kind_register

        kind_register(CohortSeats())
        # A deleted place's progress rows leave the analytics counters with it.
        pre_delete.connect(
            enrollment_deleting,
            sender="courses.Enrollment",
            dispatch_uid="courses.progress_counts.enrollment_deleting",
        )
        account_menu_register(name="courses.dashboard", links=student_menu_links, order=10)
        # The class listing in the admin: seats taken, held and left (the capacity engine's count).
        cohort_admin_column_register(
            name="courses.seats",
            columns=[
                Column("seats_taken", label="Seats taken"),
                Column("seats_held", label="Held"),
                Column("seats_left", label="Left"),
            ],
            annotate=cohorts_with_seats,
            order=10,
        )
        home_section_register(name="courses.course", section=course_home_section, order=10)
