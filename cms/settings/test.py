"""
The test profile. `make test` uses it as is (SQLite, local files, eager Celery); CI runs it
again with DATABASE_URL and REDIS_URL set, where tests marked ``worker`` start a real Celery
worker process against the Redis broker.
"""

import tempfile
from pathlib import Path

from .base import *
from .base import CELERY_BROKER_URL, DATABASES, REDIS_URL, VAR_DIR

SECRET_KEY = "test-secret-key-not-for-production"
DEBUG = False
# Avatars come from nowhere: the network is closed, and a test never waits on gravatar.com.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="institute-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if REDIS_URL:
    # Tests clear the cache between tests (rate limits live there): give the cache its own
    # Redis database (the broker's number + 8) so clearing it never touches the broker's queues,
    # and two checkouts testing at once on redis/1 and redis/2 never clear each other's cache.
    _redis_server, _, _redis_db = REDIS_URL.rpartition("/")
    CACHES["default"]["LOCATION"] = f"{_redis_server}/{int(_redis_db or 0) % 8 + 8}"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}

# Tasks run in-process unless a test starts a real worker (see tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "test-broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "queue"),
        "data_folder_out": str(_queue_dir / "queue"),
        "processed_folder": str(_queue_dir / "processed"),
        "control_folder": str(_queue_dir / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{VAR_DIR / 'test-celery-results'}"

WAGTAILADMIN_BASE_URL = "http://testserver"
# Admin tests sign staff in with a password; tests/cms/test_staff_mfa.py turns the rule on.
STAFF_MFA_REQUIRED = False
