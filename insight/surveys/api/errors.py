"""How the survey errors answer in the API's one error shape (``cms/api_errors.py``)."""

from rest_framework import status

from cms.api_errors import ApiErrorSpec
from insight.surveys.services import SurveyAlreadyAnswered, SurveyNotInvited

API_ERRORS = {
    SurveyAlreadyAnswered: ApiErrorSpec(status.HTTP_409_CONFLICT, "already_answered"),
    SurveyNotInvited: ApiErrorSpec(status.HTTP_403_FORBIDDEN, "not_invited"),
}
