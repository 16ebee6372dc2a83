from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in

        from django.db.models.signals import post_save

        from courses.cohort_panels import cohort_panel_register
        from courses.models import Cohort
        from payments.models import WorkshopPage
        from payments.signals import (
            claim_invitation_on_login,
            place_freed,
            waitlist_offer_freed_place,
            waitlist_offer_on_capacity_change,
        )
        from payments.templatetags.payments_tags import cohort_buy_panel

        # The course page shows prices and a "Buy" button under each upcoming class.
        cohort_panel_register(name="payments.cohort_buy", panel=cohort_buy_panel)

        user_logged_in.connect(claim_invitation_on_login, dispatch_uid="payments-claim-invitation")
        place_freed.connect(waitlist_offer_freed_place, dispatch_uid="payments-waitlist-freed")
        for model in (Cohort, WorkshopPage):
            post_save.connect(
                waitlist_offer_on_capacity_change,
                sender=model,
                dispatch_uid=f"payments-waitlist-capacity-{model._meta.model_name}",
            )
