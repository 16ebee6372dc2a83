from django.apps import AppConfig


class CapacityConfig(AppConfig):
    name = "engine.capacity"
    label = "capacity"
    verbose_name = "Capacity"
    default_auto_field = "django.db.models.BigAutoField"
