"""Wiring (connected in ``LessonSearchConfig.ready``): each handler names what happened and
calls the service that keeps the search's passages current. No logic of its own."""

from __future__ import annotations

from courses.models import LessonPage

from .services import (
    lesson_passages_rebuild,
    lesson_passages_rebuild_for_document,
    lesson_passages_remove,
)


def lesson_published(sender, instance, **kwargs) -> None:
    if isinstance(instance, LessonPage):
        lesson_passages_rebuild(lesson=instance)


def lesson_unpublished(sender, instance, **kwargs) -> None:
    if isinstance(instance, LessonPage):
        lesson_passages_remove(lesson_ids=[instance.pk])


def lesson_deleted(sender, instance, **kwargs) -> None:
    lesson_passages_remove(lesson_ids=[instance.pk])


def document_saved(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    """A replaced transcript changes what the lesson page shows; the search follows it."""
    if created or raw or not instance.filename.lower().endswith((".vtt", ".srt")):
        return
    lesson_passages_rebuild_for_document(document=instance)
