"""Writes of the lesson search: keep each lesson's passages and their index entries current.

Called from the wiring in ``courses.search.apps`` (a lesson published, unpublished or deleted;
a transcript file replaced) and from ``lesson_search_sync`` (``seed_demo``, the
``lesson_search_sync`` command), inside the caller's transaction, so a publish that rolls
back leaves the old passages in place.

A lesson's passages are replaced as a whole: their index entries are removed with them (so
no stale text can ever match a new row that reuses an id), the new rows are bulk-created and
handed to every search backend in one ``add_bulk``.
"""

from __future__ import annotations

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wagtail.search.backends import get_search_backends
from wagtail.search.models import IndexEntry

from courses.models import LessonPage

from .models import IndexedLesson, LessonPassage
from .passages import lesson_passages_cut

logger = logging.getLogger(__name__)


def _is_database_backend(backend) -> bool:
    return type(backend).__module__.startswith("modelsearch.backends.database")


def _index_entries_remove(passages: list[LessonPassage]) -> None:
    if not passages:
        return
    content_type = ContentType.objects.get_for_model(LessonPassage)
    for backend in get_search_backends():
        if _is_database_backend(backend):
            IndexEntry.objects.filter(
                content_type=content_type, object_id__in=[str(p.pk) for p in passages]
            ).delete()
        else:  # an external engine (Elasticsearch, OpenSearch) removes one document at a time
            for passage in passages:
                backend.delete(passage)


def lesson_passages_remove(*, lesson_ids: list[int]) -> int:
    """Forget the passages (and their index entries) of ``lesson_ids``; how many went."""
    with transaction.atomic():
        passages = list(LessonPassage.objects.filter(lesson_id__in=lesson_ids).only("pk"))
        _index_entries_remove(passages)
        LessonPassage.objects.filter(pk__in=[p.pk for p in passages]).delete()
        IndexedLesson.objects.filter(lesson_id__in=lesson_ids).delete()
    return len(passages)


def lesson_passages_rebuild(*, lesson: LessonPage) -> int:
    """Replace ``lesson``'s passages with those of its live body; how many it now has.

    A lesson that is not live has none (its text must not be found, whatever the release).
    """
    with transaction.atomic():
        lesson_passages_remove(lesson_ids=[lesson.pk])
        if not lesson.live:
            return 0
        passages = LessonPassage.objects.bulk_create(lesson_passages_cut(lesson=lesson))
        for backend in get_search_backends():
            backend.add_bulk(LessonPassage, passages)
        IndexedLesson.objects.create(lesson_id=lesson.pk, revision_id=lesson.live_revision_id)
    return len(passages)


def lesson_search_sync() -> int:
    """Index every live lesson whose live revision is not the one indexed; forget the passages
    of lessons no longer live. Idempotent; returns how many lessons were (re)indexed."""
    indexed = dict(IndexedLesson.objects.values_list("lesson_id", "revision_id"))
    live = dict(LessonPage.objects.live().values_list("pk", "live_revision_id"))
    gone = [pk for pk in indexed if pk not in live]
    if gone:
        lesson_passages_remove(lesson_ids=gone)
    stale = [pk for pk, revision in live.items() if pk not in indexed or indexed[pk] != revision]
    for lesson in LessonPage.objects.filter(pk__in=stale).order_by("path"):
        lesson_passages_rebuild(lesson=lesson)
    return len(stale)


def lesson_passages_rebuild_for_document(*, document) -> int:
    """A transcript file was replaced: re-cut the live lessons that use it."""
    from courses.selectors import document_lessons

    lessons = document_lessons(document=document)
    for lesson in lessons:
        lesson_passages_rebuild(lesson=lesson)
    return len(lessons)
