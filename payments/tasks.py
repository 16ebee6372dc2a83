"""Celery entry points of the payments app: take ids, call a service, nothing else.

Tasks that talk to Stripe or SMTP use ``NETWORK_TASK_OPTIONS`` (retries with backoff) plus
Stripe's transient errors; every service they call is idempotent, so a retry is harmless.
"""

from celery import shared_task

from cms.celery import NETWORK_TASK_OPTIONS
from payments import emails
from payments.stripe_gateway import TRANSIENT_STRIPE_ERRORS

STRIPE_TASK_OPTIONS = {
    **NETWORK_TASK_OPTIONS,
    "autoretry_for": (*NETWORK_TASK_OPTIONS["autoretry_for"], *TRANSIENT_STRIPE_ERRORS),
}


@shared_task(name="payments.stripe_event_process", **STRIPE_TASK_OPTIONS)
def stripe_event_process(event_pk: int) -> bool:
    from payments.orders import stripe_event_process as process

    return process(event_pk=event_pk)


@shared_task(name="payments.discount_code_mirror", **STRIPE_TASK_OPTIONS)
def discount_code_mirror(code_id: int) -> str:
    from payments.discounts import discount_code_mirror as mirror

    return mirror(code_id=code_id).stripe_promotion_code_id


@shared_task(name="payments.order_refund_unfulfillable", **STRIPE_TASK_OPTIONS)
def order_refund_unfulfillable(order_id: int) -> str:
    from payments.orders import order_refund_unfulfillable as refund

    return refund(order_id=order_id).status


@shared_task(name="payments.reconcile_stripe", **STRIPE_TASK_OPTIONS)
def reconcile_stripe() -> dict:
    from django.conf import settings

    from payments.orders import stripe_reconcile

    if not settings.STRIPE_SECRET_KEY:
        return {"skipped": "STRIPE_SECRET_KEY is not set"}
    return stripe_reconcile().as_dict()


@shared_task(name="payments.order_receipt_email", **NETWORK_TASK_OPTIONS)
def order_receipt_email(order_id: int) -> bool:
    return emails.order_receipt_send(order_id=order_id)


@shared_task(name="payments.order_credit_note_email", **STRIPE_TASK_OPTIONS)
def order_credit_note_email(refund_id: int) -> bool:
    """The refund's Stripe credit note first (orders with an invoice), then the email."""
    from payments.invoicing.credit_notes import refund_credit_note_issue

    refund_credit_note_issue(refund_id=refund_id)
    return emails.order_credit_note_send(refund_id=refund_id)


@shared_task(name="payments.order_unfulfillable_email", **NETWORK_TASK_OPTIONS)
def order_unfulfillable_email(order_id: int) -> bool:
    return emails.order_unfulfillable_send(order_id=order_id)


@shared_task(name="payments.order_payment_failed_email", **NETWORK_TASK_OPTIONS)
def order_payment_failed_email(order_id: int) -> bool:
    return emails.order_payment_failed_send(order_id=order_id)


@shared_task(name="payments.order_dispute_staff_email", **NETWORK_TASK_OPTIONS)
def order_dispute_staff_email(order_id: int) -> bool:
    return emails.order_dispute_staff_send(order_id=order_id)


@shared_task(name="payments.team_invitation_email", **NETWORK_TASK_OPTIONS)
def team_invitation_email(invitation_id: int) -> bool:
    return emails.team_invitation_send(invitation_id=invitation_id)


@shared_task(name="payments.team_invitation_voided_email", **NETWORK_TASK_OPTIONS)
def team_invitation_voided_email(invitation_id: int) -> bool:
    return emails.team_invitation_voided_send(invitation_id=invitation_id)


@shared_task(name="payments.workshop_ticket_email", **NETWORK_TASK_OPTIONS)
def workshop_ticket_email(ticket_id: int) -> bool:
    from payments.workshops import workshop_ticket_send

    return workshop_ticket_send(ticket_id=ticket_id)


@shared_task(name="payments.workshop_reminders", **NETWORK_TASK_OPTIONS)
def workshop_reminders() -> int:
    from payments.workshops import workshop_reminders_send

    return workshop_reminders_send()


@shared_task(name="payments.waitlist_joined_email", **NETWORK_TASK_OPTIONS)
def waitlist_joined_email(entry_id: int) -> bool:
    return emails.waitlist_joined_send(entry_id=entry_id)


@shared_task(name="payments.waitlist_offer_email", **NETWORK_TASK_OPTIONS)
def waitlist_offer_email(entry_id: int) -> bool:
    return emails.waitlist_offer_send(entry_id=entry_id)


@shared_task(name="payments.team_seat_reassigned_email", **NETWORK_TASK_OPTIONS)
def team_seat_reassigned_email(seat_id: int) -> bool:
    from payments.teams.emails import team_seat_reassigned_send

    return team_seat_reassigned_send(seat_id=seat_id)


@shared_task(name="payments.team_digests_send", **NETWORK_TASK_OPTIONS)
def team_digests_send() -> int:
    """Hourly: queue the Monday digest of each team whose owner's morning it is."""
    from django.utils import timezone

    from payments.teams.digest import team_digests_due

    due = team_digests_due(now=timezone.now())
    for team_id in due:
        team_digest_email.delay(team_id)
    return len(due)


@shared_task(name="payments.team_digest_email", **NETWORK_TASK_OPTIONS)
def team_digest_email(team_id: int) -> bool:
    from django.utils import timezone

    from payments.teams.digest import team_digest_send

    return team_digest_send(team_id=team_id, now=timezone.now())


@shared_task(name="payments.team_invitation_reminders", **NETWORK_TASK_OPTIONS)
def team_invitation_reminders() -> int:
    """Hourly: remind, once, invitees who have not claimed their seat after three days."""
    from django.utils import timezone

    from payments.teams.reminders import team_invitation_reminders_send

    return team_invitation_reminders_send(now=timezone.now())
