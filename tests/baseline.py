"""What the migrations leave in a new database, and the site's home page, for tests to stand on.

Transactional tests (``django_db(transaction=True)``, ``live_server``) end with a flush.
tests/conftest.py gives them serialized rollback, so the next one starts from a copy of the
migrated database; factories and journeys still call these helpers, so that a test does not
depend on the order it runs in (a transactional test run alone, or after ``--reuse-db`` left
a flushed database). Every helper is idempotent and cheap when nothing is missing.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site as DjangoSite
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from cms.models import HomePage


def migrated_baseline() -> None:
    """Content types and permissions, the default locale, Wagtail's root page and root
    collection, and django.contrib.sites' site: remade when a flush removed them."""
    if not ContentType.objects.exists():
        emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
    ContentType.objects.clear_cache()  # a flush re-creates content types under new ids
    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    DjangoSite.objects.get_or_create(
        pk=settings.SITE_ID, defaults={"domain": "example.com", "name": "example.com"}
    )
    DjangoSite.objects.clear_cache()


def site_home() -> HomePage:
    """The live home page the default site serves, created (and made the site's root) if
    the database has none."""
    home = HomePage.objects.live().first()
    if home is None:
        migrated_baseline()
        home = HomePage(title="Institute", slug="home-page", hero_heading="Learn product")
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Institute",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Institute"
        site.save()
    return home
