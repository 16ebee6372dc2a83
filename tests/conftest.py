import os
import re

import pytest

from django.core.cache import cache

# The local Stripe HTTP double (tests/stripe_double/README.md) and its fixtures.
pytest_plugins = ["tests.stripe_double.fixtures"]

# The profile the suite runs in: "services" when CI points it at PostgreSQL and Redis.
SERVICES_PROFILE = bool(os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL"))
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
OUTBOX_MESSAGE_ID = re.compile(r"^<outbox\.\d+\.[0-9a-f]{16}@[^>]+>$")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: no test inherits another's attempts."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rendering(settings):
    """Measure what rendering a page costs: a signed-in reader's remembered copy
    (``cms.reader_cache``, tested in tests/courses/test_reader_cache.py) is switched off."""
    settings.READER_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _every_email_goes_through_the_outbox(request):
    """Every email any test sends carries an outbox ``Message-ID`` (engine.outbox): only the
    outbox's sender builds one, so an email sent around the outbox fails the test that sent
    it. Tests that measure a bare baseline mark themselves ``outside_outbox``. Wagtail's own
    editorial notices to staff (moderation workflow, sent by ``wagtail.admin.mail`` with
    ``Auto-Submitted: auto-generated``) are Wagtail's, not the school's transactional email."""
    from django.core import mail

    yield
    if request.node.get_closest_marker("outside_outbox"):
        return
    for message in getattr(mail, "outbox", []):
        if message.extra_headers.get("Auto-Submitted") == "auto-generated":
            continue
        message_id = message.extra_headers.get("Message-ID", "")
        assert OUTBOX_MESSAGE_ID.match(message_id), (
            f"{message.subject!r} to {message.to} was not sent through the outbox"
        )


def require_or_skip(reason: str) -> None:
    """Skip on a laptop that lacks a peer; in CI a missing peer is a failure, never a skip."""
    if IN_CI:
        pytest.fail(f"CI requires this peer: {reason}")
    pytest.skip(reason)


def _database_vendor() -> str:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    return "postgresql" if "postgresql" in engine else "sqlite"


# Concurrency tests need real row locks: they run in the services profile (CI runs it).
requires_postgres = pytest.mark.skipif(
    _database_vendor() != "postgresql",
    reason="needs PostgreSQL row locks; runs in the services profile (DATABASE_URL=postgres://...)",
)


def pytest_collection_modifyitems(items):
    """Transactional tests restore what migrations created (Wagtail's root page, locales,
    groups) afterwards, so the tests that follow them see a migrated database."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and "serialized_rollback" not in marker.kwargs
        ):
            item.add_marker(
                pytest.mark.django_db(**marker.kwargs, serialized_rollback=True), append=False
            )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Keep the migrated database's serialized copy where every connection object sees it,
    and its content types apart.

    Django keeps the copy that ``serialized_rollback`` restores on the connection object that
    created the test database. Once Playwright's sync API has run in this thread (its event
    loop runs in a greenlet of the test's thread), ``connections["default"]`` may hand out a
    fresh connection object without the copy: the transactional tests that follow would then
    silently start from an empty database and end with a flush that re-runs ``post_migrate``.
    Putting the copy on the connection class makes it visible from every connection object.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            type(connection)._test_serialized_contents = contents
            with django_db_blocker.unblock():
                _MIGRATED_CONTENT_TYPES[alias] = list(
                    ContentType.objects.using(alias).order_by("pk")
                )
    yield


# The aliases whose migrated copy transactional tests restore, with that copy's content types.
_MIGRATED_CONTENT_TYPES: dict[str, list] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a transactional test's fixtures: empty the database and put the migrated
    content types back, for Django to restore the rest of the migrated copy onto.

    The previous journey's flush can be followed by a late request to its live server (a
    video range, a favicon) that writes rows again, content types above all; restoring the
    copy on top of those would collide. Flushing first (without ``post_migrate``) gives the
    restore the empty database it expects. Sequences are kept, as Django's own flush after a
    transactional test keeps them: the restored rows reuse their ids, and a sequence reset
    to 1 would hand those ids out again (PostgreSQL).

    The content types go back first because restoring builds Wagtail's moderation task
    before the copy's content type rows, and ``Task.__init__`` looks its content type up:
    on an empty table it would create one, under an id or a name the copy's rows then
    collide with.
    """
    marker = item.get_closest_marker("django_db")
    if not (_MIGRATED_CONTENT_TYPES and marker and marker.kwargs.get("transaction")):
        return
    from pytest_django.plugin import blocking_manager_key

    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    with item.config.stash[blocking_manager_key].unblock():
        for alias, content_types in _MIGRATED_CONTENT_TYPES.items():
            call_command(
                "flush",
                database=alias,
                interactive=False,
                inhibit_post_migrate=True,
                reset_sequences=False,
                verbosity=0,
            )
            ContentType.objects.using(alias).bulk_create(content_types)
    ContentType.objects.clear_cache()
