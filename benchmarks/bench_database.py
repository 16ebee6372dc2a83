"""The database an in-process benchmark runs on: Django set up with the benchmark settings and
an in-memory broker, and a database of the benchmark's own (``<name>_<stem>`` on PostgreSQL,
``var/<stem>.sqlite3`` on SQLite), migrated if needed and kept for the next run."""

from __future__ import annotations

import os
from typing import TextIO

ROOT_SETTINGS = "benchmarks.settings"


def bench_database_open(*, stem: str, out: TextIO) -> str:
    """Set Django up and open the benchmark database ``stem``; returns its name."""
    os.environ["DJANGO_SETTINGS_MODULE"] = ROOT_SETTINGS
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ["CELERY_RESULT_BACKEND"] = "cache+memory://"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "sqlite":
        name = str(settings.VAR_DIR / f"{stem.replace('_', '-')}.sqlite3")
    else:
        name = f"{connection.settings_dict['NAME']}_{stem}"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    print(f"Benchmark database: {name} (migrating if needed)...", file=out)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=True)
    return name
