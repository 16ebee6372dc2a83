from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in

        from wagtail.signals import page_published

        from cms.account_menu import account_menu_register
        from courses.cohort_panels import cohort_panel_register
        from payments.capacity import capacity_kinds_register
        from payments.cohort_revenue import cohort_revenue_column_register
        from payments.menu import buyer_menu_links, team_menu_keys, team_menu_links
        from payments.models import WorkshopPage
        from payments.signals import (
            claim_invitation_on_login,
            workshop_published,
        )
        from payments.templatetags.payments_tags import cohort_buy_panel

        # The course page shows prices and a "Buy" button under each upcoming class.
        cohort_panel_register(name="payments.cohort_buy", panel=cohort_buy_panel)

        cohort_revenue_column_register()
        account_menu_register(name="payments.orders", links=buyer_menu_links, order=50)
        account_menu_register(
            name="payments.team", links=team_menu_links, order=40, cache_keys=team_menu_keys
        )
        capacity_kinds_register()
        user_logged_in.connect(claim_invitation_on_login, dispatch_uid="payments-claim-invitation")
        page_published.connect(
            workshop_published, sender=WorkshopPage, dispatch_uid="payments-workshop-published"
        )
