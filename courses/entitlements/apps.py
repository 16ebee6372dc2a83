from django.apps import AppConfig


class EntitlementsConfig(AppConfig):
    """What a tier includes, as data editors maintain: coaching sessions, the executive peer
    circle, executive-only lessons. Part of ``courses`` (the access policy reads it), with its
    own app label so its migrations stand apart from the curriculum's."""

    name = "courses.entitlements"
    label = "entitlements"
    verbose_name = "Tier entitlements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from courses.entitlements.models import GatedLesson
        from courses.entitlements.selectors import gate_changed

        # Cache wiring only: the lesson's remembered gate is forgotten when it changes.
        post_save.connect(gate_changed, sender=GatedLesson, dispatch_uid="entitlements.gate")
        post_delete.connect(gate_changed, sender=GatedLesson, dispatch_uid="entitlements.gate-")
