"""Orders and checkout: how a purchase becomes a paid order and a place, and how money goes back.

- ``lifecycle``: the order's one owner (row lock, the table of allowed status moves, releasing
  what an unpaid order holds);
- ``checkout`` and ``checkout_sessions``: starting a purchase and its Stripe Checkout Session;
- ``fulfilment``: a paid session becomes places, exactly once;
- ``refunds``: refunds and disputes, top to bottom;
- ``webhooks`` and ``reconciliation``: Stripe's events, stored first, processed once;
- ``views`` and ``admin_views``: the buyer's pages and the staff refund form.

This module is the sub-package's public surface: other rooms import from here.
"""

from .checkout import Checkout, order_checkout_start
from .checkout_sessions import order_cancel
from .fulfilment import checkout_session_settle
from .lifecycle import TRANSITIONS, order_lock, order_transition
from .reconciliation import STALE_AFTER, stripe_reconcile
from .refunds import order_refund, order_refund_unfulfillable
from .webhooks import stripe_event_process, stripe_event_store, stripe_webhook

__all__ = [
    "STALE_AFTER",
    "TRANSITIONS",
    "Checkout",
    "checkout_session_settle",
    "order_cancel",
    "order_checkout_start",
    "order_lock",
    "order_refund",
    "order_refund_unfulfillable",
    "order_transition",
    "stripe_event_process",
    "stripe_event_store",
    "stripe_reconcile",
    "stripe_webhook",
]
