"""Paying as a company (issue 17): billing details, a purchase-order number and payment by
invoice (Stripe Invoicing, due in 30 days) for orders above a threshold editors set.

The seats of an order paid by invoice are held against the class's capacity until the
invoice's due date (``engine.capacity`` hold, expiry = due date); ``invoice.paid`` makes the
order paid and fulfilled through ``payments.orders`` (the team's seats become claimable); an
invoice still unpaid at its due date ends the order as ``expired`` (``order_end_unpaid``: the
hold is given back and the waitlist offered the places) and is voided at Stripe. Stripe is
reached only through ``payments.stripe_gateway``; ``Order.status`` only through
``payments.orders.lifecycle``.
"""
