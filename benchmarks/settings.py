"""Settings for `make bench`: the dev profile, production-like where speed is concerned.

DEBUG off, persistent connections, manifest static files; plus the baseline URLs that the
benchmark compares the school's endpoints with. Never used to serve real traffic.
"""

from cms.settings.dev import *  # noqa: F403
from cms.settings.dev import BASE_DIR, DATABASES, TEMPLATES

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DATABASES["default"]["CONN_MAX_AGE"] = 600
ROOT_URLCONF = "benchmarks.urls"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "benchmarks" / "templates"]
