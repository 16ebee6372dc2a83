"""What can go wrong when someone buys, each with a message that says what to do next.

Views and the API show ``message`` as it is; ``field`` names the form field it belongs to.
"""


class CheckoutError(Exception):
    field: str = ""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field or self.field


class CheckoutRefused(CheckoutError):
    """The purchase cannot be made as asked (class closed, no price, bad seat count...)."""


class SoldOut(CheckoutError):
    """Not enough seats left; ``next_cohort`` is the next class that has them, if any."""

    field = "seats"

    def __init__(self, message: str, *, cohort, seats_left: int, next_cohort=None) -> None:
        super().__init__(message)
        self.cohort = cohort
        self.seats_left = seats_left
        self.next_cohort = next_cohort


class DiscountRejected(CheckoutError):
    """A discount code that does not apply; ``reason`` is a stable machine-readable word."""

    field = "code"

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class PaymentProviderUnavailable(CheckoutError):
    """Stripe could not be reached or refused the session; nothing was charged or held."""


class OrderUnfulfillable(Exception):
    """A paid order whose place cannot be given (the class filled, the buyer already had a
    place): raised by a seller's ``order_grant`` with nothing written; the order is then
    refunded in full, and ``reason`` tells the buyer why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RefundError(Exception):
    """A refund that cannot be made (nothing left to refund, amount too large...)."""


class TeamError(Exception):
    """A team action that is not possible, with a message for the owner or invitee."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class OrderTransitionRefused(Exception):
    """An order asked to move between two states the order's table does not connect
    (``payments.orders.lifecycle.TRANSITIONS``): a bug or a stale event, never a user's mistake."""

    def __init__(self, *, order_id: int | None, source: str, target: str) -> None:
        super().__init__(f"Order {order_id} cannot go from {source} to {target}.")
        self.order_id = order_id
        self.source = source
        self.target = target


class StripeGatewayError(Exception):
    """Stripe refused a request or could not be reached (``payments.stripe_gateway``).

    ``message`` says what a buyer or staff member can do about it; ``transient`` tells a
    retry apart from a mistake: Celery retries only ``StripeUnreachable``."""

    transient: bool = False

    def __init__(self, message: str, *, operation: str, stripe_code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.operation = operation
        self.stripe_code = stripe_code


class StripeUnreachable(StripeGatewayError):
    """Stripe could not be reached, was busy or failed on its side: the same request may
    succeed in a minute (and, carrying the same idempotency key, is made only once)."""

    transient = True


class StripeRefused(StripeGatewayError):
    """Stripe answered and said no (a bad or impossible request, a wrong key): repeating it
    unchanged gives the same answer."""


class WebhookSignatureInvalid(Exception):
    """A webhook whose ``Stripe-Signature`` does not match its payload and our secret."""
