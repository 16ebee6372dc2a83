"""A class's discussion version: the key its remembered first pages are stored under.

Every write service of ``community.discussions.services`` (and any save or delete of a thread,
post, like or follow, see ``apps.py``) calls ``discussion_version_bump`` for the thread's class, now
and again once its transaction commits, so the next reader of any lesson of that class reads
the discussion from the database and remembers it under a new version. Versions are random,
never counters: a version lost from the cache (evicted, flushed) is replaced by a new one, so
an entry stored under an old one is never served again. With the cache down there is no
version and every reader reads the database (``None``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

#: How long a version lives unbumped; a remembered page never outlives its version.
VERSION_SECONDS = 24 * 3600


def _key(cohort_id: int) -> str:
    return f"discussions:version:{cohort_id}"


def discussion_version(cohort_id: int) -> str | None:
    """The class's current discussion version; None when the cache cannot keep one."""
    key = _key(cohort_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid4().hex, VERSION_SECONDS)
        version = cache.get(key)
    return version


def discussion_version_bump(cohort_id: int) -> None:
    """Forget the class's remembered discussion pages: now, and again after the commit (a
    reader between the two reads the old rows and stores them under a version this drops)."""
    key = _key(cohort_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _cohort_id_of(instance) -> int | None:
    from community.discussions.models import Post, PostLike, Thread, ThreadFollow

    if isinstance(instance, Thread):
        return instance.cohort_id
    if isinstance(instance, PostLike):
        post = instance._state.fields_cache.get("post")
        if post is None:
            return (
                Thread.objects.filter(posts=instance.post_id)
                .values_list("cohort_id", flat=True)
                .first()
            )
        instance = post
    if isinstance(instance, Post | ThreadFollow):  # both belong to a thread
        thread = instance._state.fields_cache.get("thread")
        if thread is not None:
            return thread.cohort_id
        return (
            Thread.objects.filter(pk=instance.thread_id).values_list("cohort_id", flat=True).first()
        )
    return None


def discussion_changed(sender, instance, **kwargs) -> None:
    """``post_save`` / ``post_delete`` of a thread, post, like or follow (a reader's rendered
    page shows their follows): bump its class's version
    (the services' ``UPDATE`` statements, which send no signal, bump it themselves)."""
    cohort_id = _cohort_id_of(instance)
    if cohort_id is not None:
        discussion_version_bump(cohort_id)


def discussion_versions_connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from community.discussions.models import Post, PostLike, Thread, ThreadFollow

    for model in (Thread, Post, PostLike, ThreadFollow):
        uid = f"discussion-version-{model._meta.label_lower}"
        post_save.connect(discussion_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(discussion_changed, sender=model, dispatch_uid=f"{uid}-delete")


def discussion_remembered(
    *, cohort_id: int, key: str, compute: Callable[[], T], seconds: int | Callable[[T], int]
) -> T:
    """``compute()``, remembered at ``key`` for as long as the class's version holds: one
    cache round trip (the version and the entry together) when it does; computed every time
    when the cache keeps nothing. ``seconds`` may depend on the value (``seconds(value)``;
    0: not remembered)."""
    version_key = _key(cohort_id)
    found = cache.get_many([version_key, key])
    version = found.get(version_key) or discussion_version(cohort_id)
    if version is None:
        return compute()
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    value = compute()
    lifetime = seconds(value) if callable(seconds) else seconds
    if lifetime > 0:
        cache.set(key, (version, value), lifetime)
    return value
