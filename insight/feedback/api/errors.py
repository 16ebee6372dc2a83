"""How lesson feedback's refusals answer in the API's one error shape (``cms/api_errors.py``).

Listed in ``settings.API_ERROR_MAPS``. A student whose class does not have the lesson open gets
the same ``lesson_closed`` answer, with the access policy's reason, as marking it done does.
"""

from rest_framework import status

from cms.api_errors import ApiErrorSpec
from insight.feedback.services import FeedbackClosed

API_ERRORS: dict[type[Exception], ApiErrorSpec] = {
    FeedbackClosed: ApiErrorSpec(
        status.HTTP_403_FORBIDDEN,
        "lesson_closed",
        lambda error: {"access": error.access.as_dict()},
    ),
}
