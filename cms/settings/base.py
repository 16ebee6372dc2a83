"""
Settings shared by every profile (dev, test, production).

The environment is read here, and only here, through one ``environ.Env`` reader
(https://django-environ.readthedocs.io/). Every value has a default that gives the
embedded profile: SQLite, a local-memory cache, local file storage and a Celery broker
that needs no server (kombu's filesystem transport). Production differs from dev only
by the environment variables documented in README.md.
"""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "cms"
VAR_DIR = Path(environ.Env().str("INSTITUTE_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

# --- Core -----------------------------------------------------------------------------------

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key-only-for-the-embedded-profile")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_ID = 1

INSTALLED_APPS = [
    "engine.capacity",
    "engine.outbox",
    "cms",
    "courses",
    "courses.entitlements",
    "courses.search",
    "payments",
    "payments.invoicing",
    "community",
    "community.meetups",
    "community.discussions",
    "community.slack",
    "community.circle",
    "coaching",
    "coaching.sessions",
    "coaching.slots",
    "insight.feedback",
    "insight.dashboard",
    "insight.surveys",
    "demo",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.headless",
    # API and jobs
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Outermost: within a request each cache key costs Redis one round trip at most
    # (cms/request_cache.py).
    "cms.request_cache.RequestCacheMiddleware",
    # First, so it stores the final response of a cacheable page (cms/page_cache.py).
    "cms.page_cache.PageCacheStoreMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication, messages and allauth: two factors before the admin (cms/staff_mfa.py).
    "cms.staff_mfa.StaffMfaMiddleware",
    # Google / LinkedIn unreachable: a page that says so, not a 500 (cms/social_accounts.py).
    "cms.social_accounts.ProviderUnreachableMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, after authentication and messages: answers anonymous readers from the cache.
    "cms.page_cache.PageCacheFetchMiddleware",
    # After the page cache's route: answers a signed-in reader's opted-in view from their own
    # copy (cms/reader_cache.py).
    "cms.reader_cache.ReaderCacheMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.site",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process, the worker and beat share one SQLite file without
    # "database is locked" on every concurrent write.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, except that a Redis outage is a miss, not an error.
            "BACKEND": "cms.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="institute"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# Sessions are written to the database and kept in the cache too, so a signed-in page reads
# its session from the cache (a cache outage or eviction falls back to the database row). The
# cached copy lives at most SESSION_CACHE_SECONDS: a sign-out the cache missed (an outage)
# cannot outlive that (cms/sessions.py).
SESSION_ENGINE = "cms.sessions"
SESSION_CACHE_SECONDS = env.int("SESSION_CACHE_SECONDS", default=600)

AUTH_USER_MODEL = "cms.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    # Private bucket: no ACLs, never overwrite, every URL signed and short-lived.
    # https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
    _s3_options = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
        "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
        "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="auto"),
        # SigV4 presigned URLs carry X-Amz-Expires (the link's lifetime, <= 300 s).
        "signature_version": "s3v4",
    }
    DEFAULT_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options}
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Email ----------------------------------------------------------------------------------

# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.com:587 (django-environ's email_url).
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Institute <school@institute.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[Institute] "

# --- Accounts (django-allauth) ----------------------------------------------------------------
# https://docs.allauth.org/en/latest/account/configuration.html

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/dashboard/"
ACCOUNT_ADAPTER = "cms.account_adapter.AccountAdapter"  # its emails go through the outbox
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Failed sign-ins: at most 10 a minute from one IP and 5 per five minutes for one address
# (allauth's own limits; the project's are RATE_LIMITS below).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# The project's own limits (cms/rate_limits.py, counted in the database): scope to
# "<count>/<period>", the period s, m, h or d with an optional multiple. Waitlist joins (each
# emails the address given): 10 an hour per client address. Comments: 5 per ten minutes per
# person. The environment can override any: RATE_LIMITS="waitlist_join=20/h,comment_post=3/10m".
RATE_LIMITS = {
    "waitlist_join": "10/h",
    "comment_post": "5/10m",
    **env.dict("RATE_LIMITS", default={}),
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX
# The client's address behind a load balancer (https://docs.allauth.org/en/latest/common/configuration.html).
# Every per-IP limit (allauth's, and the project's in cms/rate_limits.py, which asks allauth's
# adapter for the address) keys on it. TRUSTED_PROXY_COUNT: how many proxies you run in front
# of the app; the address is then the entry that many places from the right of
# X-Forwarded-For, the one your outermost proxy wrote, so whatever a client puts in the header
# itself is ignored. TRUSTED_CLIENT_IP_HEADER: instead, a header your proxy sets to the client
# address (e.g. CF-Connecting-IP). Neither set: REMOTE_ADDR, which behind a proxy is the proxy
# (production warns at start).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Institute"
# Staff and editors must sign in with a second factor (TOTP) to use /admin/ and /django-admin/
# (cms/staff_mfa.py). The dev profile turns it off for `make run`; never turn it off in production.
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=True)
HEADLESS_SERVE_SPECIFICATION = True

# Both provider apps are always installed (they add no tables; their URLs exist); a provider is
# offered only once it is configured below, from the environment.
INSTALLED_APPS += [
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.openid_connect",
]
SOCIALACCOUNT_PROVIDERS: dict[str, dict] = {}
if env.str("GOOGLE_CLIENT_ID", default=""):
    SOCIALACCOUNT_PROVIDERS["google"] = {
        "APPS": [
            {
                "client_id": env.str("GOOGLE_CLIENT_ID"),
                "secret": env.str("GOOGLE_CLIENT_SECRET"),
            }
        ],
        "SCOPE": ["profile", "email"],
    }
if env.str("LINKEDIN_CLIENT_ID", default=""):
    # LinkedIn signs in through OpenID Connect ("Sign In with LinkedIn using OpenID Connect").
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": "linkedin",
                "name": "LinkedIn",
                "client_id": env.str("LINKEDIN_CLIENT_ID"),
                "secret": env.str("LINKEDIN_CLIENT_SECRET"),
                "settings": {"server_url": "https://www.linkedin.com/oauth"},
            }
        ]
    }
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_ADAPTER = "cms.social_accounts.SocialAccountAdapter"

# --- Wagtail --------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Institute"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_USER_LOGIN_FORM = "cms.forms.AdminLoginForm"
# Wagtail 8 autosaves drafts every half second, including drafts missing required fields, and
# an autosave still in flight when an editor submits or a moderator approves is not serialised
# with that action on the server: the spotlight journey saw an approval refused for validation
# errors. Off by default (editors save drafts and get the unsaved-edits warning); milliseconds.
WAGTAIL_AUTOSAVE_INTERVAL = env.int("WAGTAIL_AUTOSAVE_INTERVAL", default=0)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Lesson files (courses): videos and their transcripts are documents in a private collection.
WAGTAILDOCS_EXTENSIONS += ["mp4", "m4v", "webm", "ogv", "vtt", "srt"]
WAGTAILDOCS_CONTENT_TYPES = {"vtt": "text/vtt", "srt": "text/plain", "webm": "video/webm"}
# Documents are always served through a view (never a raw storage URL), where the
# before_serve_document hook of courses applies the lesson access policy to private files.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Refuses a malformed WebVTT/SRT transcript at upload, naming the wrong line.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "courses.forms.LessonDocumentForm"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- API ------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "cms.openapi.SchoolAutoSchema",
    # Apps send allauth's session token (X-Session-Token), browsers the session cookie
    # (cms/api_auth.py); the token class first, so "not signed in" is a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "cms.api_auth.AppSessionTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Request bodies are JSON (an app's and the docs' only kind); anything else is a 415.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    # Every error in one JSON shape (cms/api_errors.py); apps map their exceptions to it.
    "EXCEPTION_HANDLER": "cms.api_errors.api_exception_handler",
}
API_ERROR_MAPS = [
    "cms.rate_limits.API_ERRORS",
    "payments.api.errors.API_ERRORS",
    "courses.api.errors.API_ERRORS",
    "insight.feedback.api.errors.API_ERRORS",
    "insight.surveys.api.errors.API_ERRORS",
]
SPECTACULAR_SETTINGS = {
    "TITLE": "Institute API",
    "DESCRIPTION": "The school's JSON API. Sign in through the allauth headless API "
    "(/_allauth/browser/v1/ or /_allauth/app/v1/), then call /api/v1/.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PREPROCESSING_HOOKS": ["cms.openapi.only_school_api"],
    # <id:...> (cms/url_converters.py): a database id of at most 18 digits.
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 0, "maximum": 999_999_999_999_999_999}
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Celery ---------------------------------------------------------------------------------
# https://docs.celeryq.dev/en/stable/userguide/configuration.html

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "queue"),
        "data_folder_out": str(_queue_dir / "queue"),
        "processed_folder": str(_queue_dir / "processed"),
        "control_folder": str(_queue_dir / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith("redis"):
    # Longer than the longest task (time limit below), so a slow task is never redelivered
    # while it still runs; a killed worker's task is redelivered after this.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = env.str(
    "CELERY_RESULT_BACKEND",
    default=REDIS_URL or f"file://{VAR_DIR / 'celery-results'}",
)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_SEND_TASK_EVENTS = True
CELERY_TASK_SEND_SENT_EVENT = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULE: dict = {
    # Scheduled articles and spotlights go live (and expire) within a minute of their time.
    "cms-publish-scheduled": {"task": "cms.publish_scheduled", "schedule": 60.0},
    # Rate-limit counters whose window has closed are deleted (cms/rate_limits.py).
    "cms-rate-limits-prune": {"task": "cms.rate_limits_prune", "schedule": crontab(minute=17)},
}

# --- Stripe ---------------------------------------------------------------------------------

STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
# Stripe Tax's automatic tax on checkouts and invoices (STRIPE_AUTOMATIC_TAX=1 also turns it on).
STRIPE_TAX_ENABLED = env.bool(
    "STRIPE_TAX_ENABLED", default=env.bool("STRIPE_AUTOMATIC_TAX", default=False)
)
# Settle what Stripe's webhooks missed (payments/orders/reconciliation.py), every ten minutes.
CELERY_BEAT_SCHEDULE["payments-reconcile-stripe"] = {
    "task": "payments.reconcile_stripe",
    "schedule": 600.0,
}
# Workshop reminders the day before (payments/workshops/emails.py, once per ticket) and expired
# holds of every capacity kind swept so the waitlist hears of freed places
# (engine/capacity/services.py), hourly / 5 min.
CELERY_BEAT_SCHEDULE["payments-workshop-reminders"] = {
    "task": "payments.workshop_reminders",
    "schedule": crontab(minute=5),
}
CELERY_BEAT_SCHEDULE["capacity-holds-sweep"] = {
    "task": "capacity.holds_sweep",
    "schedule": 300.0,
}
# Waitlists (engine/capacity/waitlist.py): lapse offers unused for 24 hours and pass their
# places on, and offer places freed without a signal, every five minutes.
CELERY_BEAT_SCHEDULE["capacity-waitlist-sweep"] = {
    "task": "capacity.waitlist_sweep",
    "schedule": 300.0,
}
# Release due weeks and sweep stalled announcements (courses/releases.py), every five minutes;
# the weekly digest on Monday mornings (UTC). DatabaseScheduler copies these entries into
# django-celery-beat's tables each time beat starts, so seed and production both get them.
# Hand stalled emails to a sender (engine/outbox): retries past their backoff and rows claimed
# by a dead worker. Every 30 s, so with the 90 s lease a dead claim is picked up within 2 min.
CELERY_BEAT_SCHEDULE["outbox-sweep"] = {"task": "outbox.sweep", "schedule": 30.0}
CELERY_BEAT_SCHEDULE["courses-release-due-weeks"] = {
    "task": "courses.release_due_weeks",
    "schedule": 300.0,
}
CELERY_BEAT_SCHEDULE["courses-weekly-digest"] = {
    "task": "courses.send_weekly_digests",
    "schedule": crontab(minute=0, hour=8, day_of_week="mon"),
}

# --- Community: article comments (community/services.py) -------------------------------------

# Page types readers may comment on (model labels, lower case).
COMMUNITY_COMMENT_PAGE_TYPES = ["cms.articlepage"]
# A comment from an account younger than this waits for an editor's approval.
COMMUNITY_NEW_ACCOUNT_HOURS = env.int("COMMUNITY_NEW_ACCOUNT_HOURS", default=24)
# How many comments a person may post how quickly: RATE_LIMITS["comment_post"] (Accounts above).

# --- Editorial pages (cms/page_cache.py) ------------------------------------------------------

# Anonymous readers of articles, spotlights and their indexes get a cached copy for up to this
# many seconds; publishing purges it at once. 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)

# A signed-in reader's lesson, dashboard, buy form and their API twins are remembered for them
# alone until any write to the database (cms/reader_cache.py, cms/write_watch.py), and for at
# most this many seconds: what changes with the clock alone shows within it. 0 turns it off.
READER_CACHE_SECONDS = env.int("READER_CACHE_SECONDS", default=30)
# Tables no remembered page shows: writes to them leave every reader's copy current (sessions
# are in the copy's key; the email outbox and Stripe's event log are read by jobs and staff).
READER_CACHE_IGNORED_TABLES = ["django_session", "outbox_outboxemail", "payments_stripeevent"]

# --- Logging --------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # The Stripe SDK logs every request at INFO; its errors reach us as exceptions.
        "stripe": {"level": "WARNING"},
    },
}

# --- Teams: progress digest and invitation reminders (payments/teams/) ---------------------
# The owner's digest goes on Mondays from this hour in the class's time zone (once per team
# per ISO week, payments/teams/digest.py); invitees who have not claimed after three days are
# reminded once (payments/teams/reminders.py). Both tasks run hourly.
TEAM_DIGEST_LOCAL_HOUR = env.int("TEAM_DIGEST_LOCAL_HOUR", default=8)
CELERY_BEAT_SCHEDULE["payments-team-digests"] = {
    "task": "payments.team_digests_send",
    "schedule": crontab(minute=20),
}
CELERY_BEAT_SCHEDULE["payments-team-invitation-reminders"] = {
    "task": "payments.team_invitation_reminders",
    "schedule": crontab(minute=35),
}

# --- A newcomer's first hour (issue 14) -------------------------------------------------------

# Sign-up asks for the person's name (cms/signup.py): emails greet them by it and certificates
# print it, never an email address.
ACCOUNT_SIGNUP_FORM_CLASS = "cms.signup.SignupNameForm"

# --- Meetups: city chapters, RSVPs, member profiles (community/meetups) ---------------------
# The day-before reminder to everyone going (community.meetups.emails.REMINDER_AHEAD).
CELERY_BEAT_SCHEDULE["meetups-reminders"] = {
    "task": "meetups.reminders_send",
    "schedule": crontab(minute=15),
}

# --- Coaching: the Kata journal (coaching/) --------------------------------------------------

# The reminder 24 hours before a week's journal entry is due (exactly once per student: the
# outbox key), checked every 15 minutes.
CELERY_BEAT_SCHEDULE["coaching-journal-reminders"] = {
    "task": "coaching.journal_reminders_send",
    "schedule": crontab(minute="*/15"),
}

# --- Live sessions (coaching/sessions) ------------------------------------------------------
# The reminder an hour before a session (exactly once per person: the outbox key).
CELERY_BEAT_SCHEDULE["live-sessions-reminders"] = {
    "task": "live_sessions.reminders_send",
    "schedule": crontab(minute="*/5"),
}

# --- 1:1 coaching (coaching/slots) -------------------------------------------------------------
# The reminder the day before a booked session (once per booking), checked hourly.
CELERY_BEAT_SCHEDULE["coaching-session-reminders"] = {
    "task": "coaching_slots.reminders_send",
    "schedule": crontab(minute=25),
}

# --- Lesson discussions (community/discussions) ------------------------------------------------

# A post's author may edit it for this many minutes after posting.
DISCUSSION_EDIT_MINUTES = env.int("DISCUSSION_EDIT_MINUTES", default=15)
# How many threads the lesson page shows per page of its discussion.
DISCUSSION_THREADS_PER_PAGE = env.int("DISCUSSION_THREADS_PER_PAGE", default=10)
RATE_LIMITS.setdefault("discussion_post", "10/10m")
RATE_LIMITS.setdefault("discussion_like", "60/10m")
RATE_LIMITS.setdefault("discussion_report", "10/h")
# Unclear-moment flags under a lesson (insight.feedback), per person.
RATE_LIMITS.setdefault("unclear_flag", "30/h")
# Daily discussion digests go out at each person's local hour: the job runs hourly.
CELERY_BEAT_SCHEDULE["discussions-digests"] = {
    "task": "discussions.digests_send",
    "schedule": crontab(minute=2),
}

# --- Slack: a channel per class (community/slack) ---------------------------------------------

# Empty: Slack is off (no task, no Slack call, no mention on any page).
SLACK_BOT_TOKEN = env.str("SLACK_BOT_TOKEN", default="")
# The Web API root; tests and dev point it at the local double (tests/slack_double/).
SLACK_API_BASE = env.str("SLACK_API_BASE", default="https://slack.com/api/")
# The workspace invitation link emailed to a student Slack does not know yet.
SLACK_INVITE_URL = env.str("SLACK_INVITE_URL", default="")
# A class's channel is archived this many days after the class ends.
SLACK_ARCHIVE_AFTER_DAYS = env.int("SLACK_ARCHIVE_AFTER_DAYS", default=30)
# Make Slack match the stored wanted state (after an outage or a lost task); archive channels.
CELERY_BEAT_SCHEDULE["slack-reconcile"] = {
    "task": "slack_sync.reconcile",
    "schedule": 300.0,
}

# --- Paying as a company: invoices unpaid at their due date release their seats -----------
CELERY_BEAT_SCHEDULE["payments-invoices-due"] = {
    "task": "payments.invoices_due",
    "schedule": 3600.0,
}

# --- Surveys (insight/surveys) ------------------------------------------------------------
# Invite students due a survey (end of week N, end of course, after a workshop or live
# session) and email them once, every 15 minutes; an occasion older than SURVEY_LATE_DAYS
# invites no one.
SURVEY_LATE_DAYS = env.int("SURVEY_LATE_DAYS", default=14)
CELERY_BEAT_SCHEDULE["surveys-invitations-send"] = {
    "task": "surveys.invitations_send",
    "schedule": crontab(minute="*/15"),
}
