from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.urls import register_converter

from cms.url_converters import ObjectIdConverter


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        make_local_folders()
        connect_page_cache_purges()
        connect_admin_access_changes()
        connect_write_watch()
        register_converter(ObjectIdConverter, "id")  # <id:pk> in URL modules (url_converters.py)


def connect_page_cache_purges() -> None:
    """Publishing, unpublishing, deleting or moving a page purges the cached copies that show it."""
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from cms import page_cache

    page_published.connect(page_cache.purge_on_publish_change, dispatch_uid="page_cache_publish")
    page_unpublished.connect(
        page_cache.purge_on_publish_change, dispatch_uid="page_cache_unpublish"
    )
    post_page_move.connect(page_cache.purge_on_move, dispatch_uid="page_cache_move")
    # Cached routes and menus skip Wagtail's view-restriction checks and site lookup.
    from django.db.models.signals import post_delete, post_save

    from wagtail.models import PageViewRestriction, Site

    for model in (PageViewRestriction, Site):
        for signal in (post_save, post_delete):
            signal.connect(
                page_cache.purge_everything,
                sender=model,
                dispatch_uid=f"page_cache_everything_{model.__name__}_{signal is post_save}",
            )


def connect_write_watch() -> None:
    """Every database connection reports its writes to ``cms.write_watch``."""
    from django.db.backends.signals import connection_created

    from cms.write_watch import watch_connection

    connection_created.connect(watch_connection, dispatch_uid="write_watch")


def connect_admin_access_changes() -> None:
    """Who may use the admin is remembered per user (cms/admin_access.py) until these change."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from cms.admin_access import admin_access_changed

    user = get_user_model()
    for through in (user.groups.through, user.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(
            admin_access_changed, sender=through, dispatch_uid=f"admin_access_{through.__name__}"
        )
    for model in (Group, Permission):
        for signal in (post_save, post_delete):
            signal.connect(
                admin_access_changed,
                sender=model,
                dispatch_uid=f"admin_access_{model.__name__}_{signal is post_save}",
            )


def make_local_folders() -> None:
    """Create the folders the embedded profile writes to (SQLite, broker, results, media).

    kombu's filesystem transport and Celery's file result backend expect their folders to
    exist; on a fresh clone nothing has made them yet.
    """
    folders = [settings.VAR_DIR, settings.STATIC_ROOT]
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        folders += [
            Path(options[key]) for key in ("data_folder_in", "processed_folder", "control_folder")
        ]
    if settings.CELERY_RESULT_BACKEND.startswith("file://"):
        folders.append(Path(settings.CELERY_RESULT_BACKEND.removeprefix("file://")))
    for folder in folders:
        Path(folder).mkdir(parents=True, exist_ok=True)
