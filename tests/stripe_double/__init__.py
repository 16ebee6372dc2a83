"""A local, stateful Stripe test double driven by the real ``stripe`` SDK over HTTP.

See ``README.md`` in this package for what it models and what it does not.
"""

from .errors import ApiError
from .server import StripeDouble
from .webhooks import Delivery, sign

__all__ = ["ApiError", "Delivery", "StripeDouble", "sign"]
