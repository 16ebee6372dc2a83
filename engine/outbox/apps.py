from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "engine.outbox"
    label = "outbox"
    verbose_name = "Outbox"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each app declares its email kinds in <app>/email_kinds.py (engine.outbox.kinds).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("email_kinds")
