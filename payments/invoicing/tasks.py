from celery import shared_task


@shared_task(name="payments.invoices_due")
def invoices_due() -> int:
    """Orders whose invoice is still unpaid at its due date: released to the waitlist."""
    from django.conf import settings

    from payments.invoicing.services import invoices_due_settle

    if not settings.STRIPE_SECRET_KEY:
        return 0
    return invoices_due_settle()
