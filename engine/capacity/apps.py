from django.apps import AppConfig


class CapacityConfig(AppConfig):
    name = "engine.capacity"
    label = "capacity"
    verbose_name = "Capacity"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from engine.capacity.receivers import waitlist_offer_freed_places
        from engine.capacity.signals import places_freed

        places_freed.connect(waitlist_offer_freed_places, dispatch_uid="capacity-waitlist-freed")
