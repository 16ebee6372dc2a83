from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Installed only for its ``seed_demo`` management command; it has no models."""

    name = "demo"
    default_auto_field = "django.db.models.BigAutoField"
