"""
Production: configured by environment variables only (README.md, "Production").

Startup fails, naming every missing variable, rather than run half-configured.
"""

import warnings

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import STRIPE_API_BASE, env

REQUIRED_ENVIRONMENT = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "STRIPE_SECRET_KEY",
    "STRIPE_WEBHOOK_SECRET",
)
_missing = [name for name in REQUIRED_ENVIRONMENT if not env.str(name, default="")]
if _missing:
    raise ImproperlyConfigured(
        "Missing required environment variable(s) for production: "
        + ", ".join(_missing)
        + ". See README.md, section 'Production configuration'."
    )
if STRIPE_API_BASE:
    raise ImproperlyConfigured(
        "STRIPE_API_BASE points Stripe at a local test double; production must talk to Stripe. "
        "Unset STRIPE_API_BASE."
    )

if "TRUSTED_PROXY_COUNT" not in env.ENVIRON and "TRUSTED_CLIENT_IP_HEADER" not in env.ENVIRON:
    # Not fatal (a server without a proxy in front is fine), but behind a load balancer every
    # request would share the proxy's address and one client's failed sign-ins lock out all.
    warnings.warn(
        "Neither TRUSTED_PROXY_COUNT nor TRUSTED_CLIENT_IP_HEADER is set: rate limits per client "
        "address use REMOTE_ADDR. Behind a load balancer or reverse proxy set "
        "TRUSTED_PROXY_COUNT to the number of proxies in front of the app (or "
        "TRUSTED_CLIENT_IP_HEADER to the header your proxy puts the client address in); "
        "without a proxy set TRUSTED_PROXY_COUNT=0. See README.md, 'Production configuration'.",
        RuntimeWarning,
        stacklevel=1,
    )

DEBUG = False
CONN_MAX_AGE = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_MAX_AGE"] = CONN_MAX_AGE

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
