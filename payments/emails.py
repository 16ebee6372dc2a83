"""The payments app's emails: receipts, credit notes, refunds we had to make, failed bank
transfers, team invitations (and their withdrawal when the seat is refunded), waitlist
confirmations and offers, and the staff notice of a dispute.

Each is one outbox row keyed ``<kind>:<reference>`` (``engine.outbox``): rendered here, stored
on the row, claimed and sent by the outbox, so a retried or duplicated task sends nothing
twice and a failed send stays on the row to be retried (see ``_send_once``). Every email has a
plain-text and an HTML part rendered from ``payments/templates/payments/email/``. Workshop
emails (the ticket confirmation with its ``.ics`` invitation, the reminder) are in
``workshop_emails``; the kinds are listed in ``payments.email_kinds``.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse

from engine.capacity.models import WaitlistEntry, WaitlistStatus
from engine.outbox.models import OutboxEmail
from engine.outbox.services import outbox_email_enqueue, outbox_email_send_now
from payments.models import (
    Order,
    OrderRefund,
    OrderStatus,
    TeamInvitation,
)


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _enqueue(
    *,
    kind: str,
    reference: str,
    to: list[str],
    subject: str,
    context: dict,
    attachments: tuple[tuple[str, str, str], ...] = (),
    template: str = "",
) -> tuple[OutboxEmail | None, bool]:
    """The outbox row of ``(kind, reference)`` (rendered from ``<template>.txt`` and ``.html``,
    default ``payments/email/<kind>``), and whether this call wrote it; None without a
    recipient."""
    template = template or f"payments/email/{kind}"
    to = [address for address in to if address]
    if not to:
        return None, False
    context = {**context, "site_name": settings.WAGTAIL_SITE_NAME, "site_url": settings.SITE_URL}
    return outbox_email_enqueue(
        kind=kind,
        key=f"{kind}:{reference}",
        to=to,
        subject=settings.EMAIL_SUBJECT_PREFIX + subject,
        text=render_to_string(f"{template}.txt", context),
        html=render_to_string(f"{template}.html", context),
        attachments=attachments,
    )


def _send_once(**email) -> bool:
    """Write the email's outbox row (once per ``(kind, reference)``) and send it now, on this
    worker; True only for the call that sent it. A failed send raises ``DeliveryIncomplete``
    (the task retries) and stays pending on the row for the outbox's sweep."""
    row, _ = _enqueue(**email)
    return row is not None and outbox_email_send_now(email=row)


def _order_context(order: Order) -> dict:
    return {
        "order": order,
        "lines": list(order.lines.all()),
        "order_url": absolute(reverse("payments:order_detail", args=[order.pk])),
        "orders_url": absolute(reverse("payments:order_list")),
        "team_url": absolute(reverse("payments:team_detail", args=[order.team_id]))
        if order.team_id
        else "",
        "tax_enabled": settings.STRIPE_TAX_ENABLED or bool(order.tax_amount),
    }


def _order(order_id: int) -> Order:
    return Order.objects.select_related("buyer", "cohort", "workshop", "discount_code", "team").get(
        pk=order_id
    )


def order_receipt_send(*, order_id: int) -> bool:
    order = _order(order_id)
    if order.status not in (OrderStatus.FULFILLED, OrderStatus.REFUNDED, OrderStatus.DISPUTED):
        return False
    return _send_once(
        kind="receipt",
        reference=f"order:{order.pk}",
        to=[order.buyer.email],
        subject=f"Receipt for order {order.pk}: {order.product_name}",
        context=_order_context(order),
    )


def order_credit_note_send(*, refund_id: int) -> bool:
    refund = OrderRefund.objects.select_related("order").get(pk=refund_id)
    order = _order(refund.order_id)
    return _send_once(
        kind="credit_note",
        reference=f"refund:{refund.pk}",
        to=[order.buyer.email],
        subject=f"Credit note for order {order.pk}: {order.money(refund.amount)} refunded",
        context={**_order_context(order), "refund": refund},
    )


def order_unfulfillable_send(*, order_id: int) -> bool:
    order = _order(order_id)
    return _send_once(
        kind="unfulfillable",
        reference=f"order:{order.pk}",
        to=[order.buyer.email],
        subject=f"We could not hold your place in {order.product_name}: refunded in full",
        context=_order_context(order),
    )


def order_payment_failed_send(*, order_id: int) -> bool:
    order = _order(order_id)
    return _send_once(
        kind="payment_failed",
        reference=f"order:{order.pk}",
        to=[order.buyer.email],
        subject=f"Your payment for {order.product_name} did not go through",
        context={
            **_order_context(order),
            "classes_url": absolute(reverse("payments:classes")),
        },
    )


def order_dispute_staff_send(*, order_id: int) -> bool:
    order = _order(order_id)
    staff = get_user_model().objects.filter(is_active=True, is_superuser=True)
    return _send_once(
        kind="dispute_staff",
        reference=f"order:{order.pk}:{order.stripe_dispute_id}",
        to=sorted(staff.values_list("email", flat=True)),
        subject=f"Dispute opened on order {order.pk} ({order.buyer.email})",
        context={
            **_order_context(order),
            "admin_url": absolute(reverse("payments_orders:inspect", args=[order.pk])),
        },
    )


def team_invitation_send(*, invitation_id: int) -> bool:
    from payments.teams import invitation_link_token

    invitation = TeamInvitation.objects.select_related("team__owner", "team__cohort").get(
        pk=invitation_id
    )
    if invitation.status != "pending":
        return False
    team = invitation.team
    link = absolute(reverse("payments:invitation", args=[invitation_link_token(invitation)]))
    return _send_once(
        kind="team_invitation",
        reference=f"invitation:{invitation.pk}",
        to=[invitation.email],
        subject=f"{team.owner.get_full_name() or team.owner.email} saved you a seat in "
        f"{team.cohort.name}",
        context={"invitation": invitation, "team": team, "link": link},
    )


def team_invitation_voided_send(*, invitation_id: int) -> bool:
    """The invitee of a seat that was refunded before they took it: the link no longer works."""
    invitation = TeamInvitation.objects.select_related("team__owner", "team__cohort").get(
        pk=invitation_id
    )
    if invitation.status != "voided":
        return False
    team = invitation.team
    return _send_once(
        kind="team_invitation_voided",
        reference=f"invitation:{invitation.pk}",
        to=[invitation.email],
        subject=f"Your invitation to {team.cohort.name} was withdrawn",
        context={
            "invitation": invitation,
            "team": team,
            "classes_url": absolute(reverse("payments:classes")),
        },
    )


def waitlist_joined_send(*, entry_id: int) -> bool:
    """The confirmation of a place on a waitlist, with how many people are ahead (once per
    entry; nothing once the entry is no longer waiting)."""
    from payments.waitlist import target_filter, target_name, waitlist_leave_token

    entry = WaitlistEntry.objects.get(pk=entry_id)
    if entry.status != WaitlistStatus.WAITING:
        return False
    ahead = WaitlistEntry.objects.filter(
        target_filter(entry.target), status=WaitlistStatus.WAITING, position__lt=entry.position
    ).count()
    name = target_name(entry.target)
    return _send_once(
        kind="waitlist_joined",
        reference=f"waitlist:{entry.pk}",
        to=[entry.email],
        subject=f"You are on the waitlist for {name}",
        template="payments/waitlist/email/joined",
        context={
            "entry": entry,
            "name": name,
            "ahead": ahead,
            "leave_link": absolute(
                reverse("payments:waitlist_entry_leave", args=[waitlist_leave_token(entry=entry)])
            ),
        },
    )


def waitlist_offer_send(*, entry_id: int) -> bool:
    """The offer of a freed place, with the link that buys it (once per entry)."""
    from payments.waitlist import target_name

    entry = WaitlistEntry.objects.get(pk=entry_id)
    if entry.status != WaitlistStatus.OFFERED:
        return False
    name = target_name(entry.target)
    return _send_once(
        kind="waitlist_offer",
        reference=entry.hold_reference,
        to=[entry.email],
        subject=f"A place in {name} is yours for 24 hours",
        template="payments/waitlist/email/offer",
        context={
            "entry": entry,
            "name": name,
            "target": entry.target,
            "link": absolute(reverse("payments:waitlist_offer", args=[entry.offer_token])),
            "leave_link": absolute(reverse("payments:waitlist_leave", args=[entry.offer_token])),
        },
    )
