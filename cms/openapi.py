"""drf-spectacular hooks (https://drf-spectacular.readthedocs.io/en/latest/customization.html).

The schema view is ``cms.schema_view``: this module is ``DEFAULT_SCHEMA_CLASS``'s, which
drf_spectacular.views itself imports, so it must not import that module back."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly

import cms.api_auth  # noqa: F401  (registers the X-Session-Token security scheme)
from cms.api_errors import ApiErrorSerializer

SCHEMA_PREFIX = "/api/v1/"
# Wagtail's own APIs (admin, and the v2 page API mounted at /api/v1/cms/) are not DRF
# spectacular-aware and are documented by Wagtail; the schema describes the school's API.
EXCLUDED_PREFIXES = ("/api/v1/cms/",)
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def only_school_api(endpoints: list[tuple]) -> list[tuple]:
    return [
        (path, path_regex, method, callback)
        for path, path_regex, method, callback in endpoints
        if path.startswith(SCHEMA_PREFIX) and not path.startswith(EXCLUDED_PREFIXES)
    ]


class SchoolAutoSchema(AutoSchema):
    """Documents the errors every operation can answer, in the one shape (cms/api_errors.py).

    An operation's own ``@extend_schema(responses=...)`` wins for a status it names (with a
    more precise description); the rest are added here from what the view requires.
    """

    def _needs_user(self) -> bool:
        for permission in self.view.get_permissions():
            if isinstance(permission, IsAuthenticatedOrReadOnly):
                if self.method in UNSAFE_METHODS:
                    return True
            elif isinstance(permission, IsAuthenticated):
                return True
        return False

    def _error_answers(self) -> dict[str, str]:
        answers = {}
        if self.method in UNSAFE_METHODS and self.get_request_serializer() is not None:
            answers["400"] = "Bad input or malformed JSON; `errors` names each field to fix"
            answers["415"] = "The body is not JSON (send Content-Type: application/json)"
        if self._needs_user():
            answers["401"] = "Not signed in, or the session token is not valid"
            answers["403"] = "Signed in but not allowed (or, with a cookie, no CSRF token)"
        else:
            answers["401"] = "The session token sent is not valid (send none to stay anonymous)"
            if self.method in UNSAFE_METHODS:
                answers["403"] = "Signed in with a cookie but the CSRF token is missing"
        if "{" in self.path:
            answers["404"] = "Not found (or not yours)"
        if getattr(self.view, "rate_limited", False) or self.view.get_throttles():
            answers["429"] = "Too many requests; `retry_after` says how many seconds to wait"
        return answers

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in self._error_answers().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ApiErrorSerializer, description=description),
                    code,
                    direction=direction,
                )
        return responses
