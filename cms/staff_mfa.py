"""Staff and editors use two factors before they reach the Wagtail or Django admin.

``StaffMfaMiddleware`` stands in front of ``/admin/`` and ``/django-admin/`` (their sign-in,
sign-out and password-reset pages excepted). A person who may use the admin (staff,
superusers, Wagtail editors) and:

* has no TOTP authenticator yet is sent to allauth's "set up two-factor" page
  (``mfa_activate_totp``), then back;
* has one, but whose session was not confirmed with a code (the admin's own sign-in forms do
  not run allauth's login stages), is sent to ``mfa_reauthenticate``, which asks for a code and
  records it in the session (https://docs.allauth.org/en/latest/mfa/index.html).

``STAFF_MFA_REQUIRED`` (on by default; off in the dev profile for ``make run`` and in the test
profile) turns the rule off.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
# Reachable without a second factor: signing in and out, and resetting a forgotten password.
OPEN_ADMIN_PATHS = ("login/", "logout/", "password_reset/", "jsi18n/")


def user_may_use_admin(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")


def session_used_mfa(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def _admin_path(path: str) -> bool:
    for prefix in ADMIN_PREFIXES:
        if path.startswith(prefix):
            return not path[len(prefix) :].startswith(OPEN_ADMIN_PATHS)
    return False


class StaffMfaMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.STAFF_MFA_REQUIRED
            and _admin_path(request.path_info)
            and user_may_use_admin(request.user)
        ):
            refusal = self._second_factor_missing(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def _second_factor_missing(self, request: HttpRequest) -> HttpResponse | None:
        back = urlencode({"next": request.get_full_path()})
        if not is_mfa_enabled(request.user, types=["totp"]):
            messages.warning(
                request,
                "The admin needs two-factor authentication: set up an authenticator app, "
                "then you will be taken back.",
            )
            return HttpResponseRedirect(f"{reverse('mfa_activate_totp')}?{back}")
        if not session_used_mfa(request):
            return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{back}")
        return None
