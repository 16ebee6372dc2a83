from django.apps import AppConfig


class InvoicingConfig(AppConfig):
    """Paying as a company: billing details, PO numbers and payment by invoice."""

    name = "payments.invoicing"
    label = "invoicing"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Paying as a company"
