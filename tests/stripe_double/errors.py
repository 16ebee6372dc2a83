"""Errors in the shape Stripe's API answers with, so the SDK raises its real exception classes.

The SDK maps ``{"error": {...}}`` by status and ``type`` (``stripe/_api_requestor.py``,
``specific_v1_api_error``): 400/404 → ``InvalidRequestError`` (or ``IdempotencyError`` when
``type`` is ``idempotency_error``), 401 → ``AuthenticationError``, 402 → ``CardError``.
See https://docs.stripe.com/api/errors.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An API error answered as Stripe would: status code plus the ``error`` object."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.type = type
        self.code = code
        self.param = param

    def body(self, request_id: str | None = None) -> dict[str, Any]:
        error: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.code:
            error["code"] = self.code
            error["doc_url"] = f"https://stripe.com/docs/error-codes/{self.code.replace('_', '-')}"
        if self.param:
            error["param"] = self.param
        if request_id:
            error["request_log_url"] = f"https://dashboard.stripe.com/test/logs/{request_id}"
        return {"error": error}


# Human names Stripe uses in "No such ..." messages.
_OBJECT_NAMES = {
    "checkout.session": "checkout.session",
    "coupon": "coupon",
    "promotion_code": "promotion code",
    "price": "price",
    "product": "product",
    "customer": "customer",
    "payment_intent": "PaymentIntent",
    "charge": "charge",
    "refund": "refund",
    "dispute": "dispute",
    "event": "event",
    "invoice": "invoice",
    "invoiceitem": "invoiceitem",
    "credit_note": "credit note",
    "tax_id": "tax id",
}


def missing(param: str) -> ApiError:
    return ApiError(f"Missing required param: {param}.", code="parameter_missing", param=param)


def invalid(param: str, message: str, code: str | None = None) -> ApiError:
    return ApiError(message, code=code, param=param)


def unknown(param: str) -> ApiError:
    return ApiError(
        f"Received unknown parameter: {param}. (The local Stripe test double rejects parameters "
        "it does not model; see tests/stripe_double/README.md.)",
        code="parameter_unknown",
        param=param,
    )


def exclusive(*params: str) -> ApiError:
    return ApiError(
        f"You may only specify one of these parameters: {', '.join(params)}.",
        code="parameters_exclusive",
        param=params[-1],
    )


def not_found(object_type: str, object_id: str, param: str = "id") -> ApiError:
    name = _OBJECT_NAMES.get(object_type, object_type)
    return ApiError(
        f"No such {name}: '{object_id}'", status=404, code="resource_missing", param=param
    )
