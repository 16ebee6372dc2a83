"""Reads about lesson files: which are private, which lesson uses which, parsed transcripts.

A file is private when its Wagtail collection (or an ancestor) has a view restriction
(https://docs.wagtail.org/en/stable/editor_manual/documents_images_snippets/collections.html).
A private file is only handed out for a lesson that uses it and that the policy opens.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.core.cache import cache

from wagtail.models import ReferenceIndex

from courses.models import LessonPage
from courses.transcripts import Cue, TranscriptError, parse_transcript

from .access import Access, lesson_access

logger = logging.getLogger(__name__)
TRANSCRIPT_CACHE_SECONDS = 60 * 60 * 24


def document_is_private(*, document) -> bool:
    return document.collection.get_view_restrictions().exists()


def _list_items(raw: Iterable) -> Iterable:
    """ListBlock raw data is ``[{"type": "item", "value": x}, ...]`` (or bare values, older)."""
    for item in raw or ():
        yield item.get("value") if isinstance(item, dict) else item


def lesson_document_ids(*, lesson: LessonPage) -> set[int]:
    """Ids of the documents a lesson's body uses as video, transcript or takeaway."""
    ids: set[int] = set()
    for block in lesson.body.raw_data:
        value = block.get("value") or {}
        if block.get("type") == "video":
            ids.update(v for v in (value.get("video_file"), value.get("transcript")) if v)
        elif block.get("type") == "takeaways":
            ids.update(v for v in _list_items(value.get("documents")) if v)
    return {int(v) for v in ids}


def lesson_file_access(*, user, lesson: LessonPage, document, now: datetime) -> Access | None:
    """The policy for one file of one lesson; ``None`` when the lesson does not use the file."""
    if document.pk not in lesson_document_ids(lesson=lesson):
        return None
    return lesson_access(user=user, lesson=lesson, now=now)


def document_lessons(*, document) -> list[LessonPage]:
    """Live lessons that use ``document`` (Wagtail's reference index knows who links to what)."""
    page_ids = (
        ReferenceIndex.get_references_to(document).values_list("object_id", flat=True).distinct()
    )
    lessons = LessonPage.objects.live().filter(pk__in=[int(pk) for pk in page_ids])
    return [lesson for lesson in lessons if document.pk in lesson_document_ids(lesson=lesson)]


def document_first_open_lesson(*, user, document, now: datetime) -> LessonPage | None:
    """A lesson through which the policy lets ``user`` open ``document`` now, if any."""
    for lesson in document_lessons(document=document):
        if lesson_access(user=user, lesson=lesson, now=now).allowed:
            return lesson
    return None


def _transcript_cache_key(document) -> str:
    return f"courses:transcript:v1:{document.pk}:{document.file_hash or document.file.name}"


def transcript_cues(*, document) -> list[Cue] | None:
    """The parsed cues of a transcript document, cached per file content.

    Only a complete parse is cached. A file that no longer parses (replaced outside the lesson
    form) gives ``None`` and a log line; the page then shows no transcript, never half of one.
    """
    key = _transcript_cache_key(document)
    cached = cache.get(key)
    if cached is not None:
        return [Cue(**cue) for cue in cached]
    try:
        # A handle of our own from the storage: the document's FieldFile is one object that
        # concurrent readers of the same lesson share, and closing it under another reader
        # broke their read ("I/O operation on closed file").
        with document.file.storage.open(document.file.name, "rb") as handle:
            cues = parse_transcript(handle.read(), document.filename)
    except (TranscriptError, OSError) as error:
        logger.warning("Transcript %s (document %s) is unusable: %s", document, document.pk, error)
        return None
    cache.set(key, [cue.as_dict() for cue in cues], TRANSCRIPT_CACHE_SECONDS)
    return cues
