"""How the courses errors answer in the API's one error shape (``cms/api_errors.py``).

Listed in ``settings.API_ERROR_MAPS``; ``cms.api_errors.api_exception_handler`` reads it.
"""

from rest_framework import status

from cms.api_errors import ApiErrorSpec
from courses.progress import LessonClosed
from courses.search.selectors import SearchQueryInvalid


def _access(error: LessonClosed) -> dict:
    return {"access": error.access.as_dict() if error.access else None}


def _query(error: SearchQueryInvalid) -> dict:
    return {"errors": {error.field: [error.message]}}


API_ERRORS: dict[type[Exception], ApiErrorSpec] = {
    LessonClosed: ApiErrorSpec(status.HTTP_403_FORBIDDEN, "lesson_closed", _access),
    SearchQueryInvalid: ApiErrorSpec(status.HTTP_400_BAD_REQUEST, "invalid_query", _query),
}
