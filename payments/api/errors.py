"""How the payments errors (``payments/errors.py``) answer in the API's one error shape.

Listed in ``settings.API_ERROR_MAPS``; ``cms.api_errors.api_exception_handler`` reads it.
"""

from rest_framework import status

from cms.api_errors import ApiErrorSpec
from payments.errors import CheckoutError, DiscountRejected, SoldOut, TeamError
from payments.teams.bulk import TeamBulkInviteRefused
from payments.waitlist import WaitlistError


def _sold_out(error: SoldOut) -> dict:
    return {"next_cohort": error.next_cohort.slug if error.next_cohort else None}


API_ERRORS: dict[type[Exception], ApiErrorSpec] = {
    CheckoutError: ApiErrorSpec(status.HTTP_400_BAD_REQUEST, "checkout_refused"),
    DiscountRejected: ApiErrorSpec(
        status.HTTP_400_BAD_REQUEST, "discount_rejected", lambda error: {"reason": error.reason}
    ),
    SoldOut: ApiErrorSpec(status.HTTP_409_CONFLICT, "sold_out", _sold_out),
    TeamError: ApiErrorSpec(status.HTTP_400_BAD_REQUEST, "team_refused"),
    TeamBulkInviteRefused: ApiErrorSpec(
        status.HTTP_400_BAD_REQUEST,
        "invitation_list_refused",
        lambda error: {
            "bad_rows": [
                {"line": row.line, "value": row.value, "reason": row.reason}
                for row in error.bad_rows
            ]
        },
    ),
}


def _waitlist_status(error: WaitlistError) -> int:
    # A field's error is bad input; otherwise the list's state refuses it (places left, closed).
    return status.HTTP_400_BAD_REQUEST if error.field else status.HTTP_409_CONFLICT


API_ERRORS[WaitlistError] = ApiErrorSpec(_waitlist_status, lambda error: error.code)
