"""How an app or a browser proves who it is to ``/api/v1/``.

Two ways in, both documented in the OpenAPI schema:

* **App session token** (``X-Session-Token`` header): an app signs in through allauth's
  headless app API (``POST /_allauth/app/v1/auth/login``) and sends the ``session_token`` it
  got on every call. Checked by allauth's own DRF class
  (https://docs.allauth.org/en/latest/headless/integrations.html); no CSRF token is needed.
* **Session cookie** (DRF's ``SessionAuthentication``, ``cookieAuth`` in the schema): a
  browser signed in through ``/accounts/`` or ``/_allauth/browser/v1/``; unsafe methods need
  the CSRF token (``X-CSRFToken``).

The token class comes first, so a request without credentials to an endpoint that needs a
user gets ``401`` with a ``WWW-Authenticate`` challenge (DRF answers 403 when the first class
has no challenge); ``403`` then means "signed in, but not allowed".
"""

from allauth.headless.contrib.rest_framework.authentication import XSessionTokenAuthentication
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.exceptions import AuthenticationFailed


class AppSessionTokenAuthentication(XSessionTokenAuthentication):
    """allauth's ``X-Session-Token`` check, refusing a token it does not know (401)."""

    def authenticate(self, request):
        token = self.get_session_token(request)
        if not token:
            return None
        result = super().authenticate(request)
        if result is None:
            raise AuthenticationFailed(
                "The session token is not valid or has expired: sign in again through "
                "/_allauth/app/v1/auth/login."
            )
        return result

    def authenticate_header(self, request) -> str:
        return 'X-Session-Token realm="api"'


class AppSessionTokenScheme(OpenApiAuthenticationExtension):
    target_class = AppSessionTokenAuthentication
    name = "appSessionToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Session-Token",
            "description": "The `session_token` from `POST /_allauth/app/v1/auth/login` "
            "(allauth headless, app client).",
        }
