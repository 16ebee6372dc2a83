"""Admin sign-in forms that count failures against allauth's rate limits.

The Wagtail and Django admin logins would otherwise be an unthrottled side door around
allauth's per-address and per-IP failed-login limits
(https://docs.allauth.org/en/latest/account/rate_limits.html).
"""

from allauth.account.adapter import get_adapter

from django.contrib.admin.forms import AdminAuthenticationForm

from wagtail.admin.forms.auth import LoginForm


class RateLimitedLoginMixin:
    """Authenticate through allauth's adapter, which consumes the ``login_failed`` limit."""

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is not None and password:
            # Raises a ValidationError ("too many failed login attempts") past the limit.
            self.user_cache = get_adapter(self.request).authenticate(
                self.request, email=email.strip().lower(), password=password
            )
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class AdminLoginForm(RateLimitedLoginMixin, LoginForm):
    """Wagtail admin login (``WAGTAILADMIN_USER_LOGIN_FORM``)."""


class DjangoAdminLoginForm(RateLimitedLoginMixin, AdminAuthenticationForm):
    """Django admin login (``admin.site.login_form``)."""
