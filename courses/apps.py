from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses.capacity import CohortSeats
        from engine.capacity.kinds import kind_register

        kind_register(CohortSeats())
