"""What the lesson search indexes: a lesson's published text, cut into passages.

``LessonPassage``: one transcript cue (with its start and end, in seconds) or one block of the
lesson's body text. It is an ``index.Indexed`` model, so Wagtail's search backend
(``WAGTAILSEARCH_BACKENDS``: the database backend, PostgreSQL's full text on PostgreSQL,
SQLite's FTS5 on SQLite) holds its text; the rows are written only by
``courses.search.services`` (``search_auto_update`` is off: the service indexes a lesson's
passages in bulk and removes their index entries with them).

``IndexedLesson``: which published revision of a lesson the passages were cut from, so
``lesson_search_sync`` (run by ``seed_demo`` and the ``lesson_search_sync`` command) only
re-reads lessons whose live text changed.

Neither row says whether a student may read it: the passages of an unreleased week are here
too, and the selector filters them out by the access policy before the backend is asked.
"""

from django.db import models

from wagtail.search import index


class PassageKind(models.TextChoices):
    CUE = "cue", "Transcript cue"
    TEXT = "text", "Lesson text"


class LessonPassage(index.Indexed, models.Model):
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="search_passages"
    )
    position = models.PositiveIntegerField(help_text="Order within the lesson, from 0.")
    kind = models.CharField(max_length=8, choices=PassageKind.choices)
    start = models.FloatField(null=True, blank=True, help_text="Cues: seconds into the video.")
    end = models.FloatField(null=True, blank=True)
    speaker = models.CharField(max_length=120, blank=True)
    text = models.TextField()

    search_auto_update = False
    search_fields = [
        index.SearchField("text"),
        index.FilterField("lesson_id"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["lesson_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "position"], name="lesson_passage_unique_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lesson_id}#{self.position}: {self.text[:40]}"


class IndexedLesson(models.Model):
    lesson = models.OneToOneField(
        "courses.LessonPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_state",
    )
    revision_id = models.BigIntegerField(
        null=True, blank=True, help_text="The live revision the passages were cut from."
    )
    indexed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"lesson {self.lesson_id} at revision {self.revision_id}"
