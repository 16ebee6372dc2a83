"""Cut a lesson's published body into the passages the search indexes (no writes here).

A video block gives one passage per transcript cue, with its start and end (the same parse the
lesson page shows, ``courses.selectors.transcript_cues``); text blocks (headings, paragraphs,
callouts, the discussion prompt, the exercise) give one passage each, from Wagtail's own
``get_searchable_content`` so rich text arrives without its markup. Images and takeaways
carry no text a student would search for.
"""

from __future__ import annotations

from courses.models import LessonPage
from courses.selectors import transcript_cues

from .models import LessonPassage, PassageKind

SKIPPED_BLOCKS = {"image", "takeaways"}
MAX_PASSAGE_CHARS = 4000


def lesson_passages_cut(*, lesson: LessonPage) -> list[LessonPassage]:
    """The unsaved passages of ``lesson``'s body, in reading order."""
    passages: list[LessonPassage] = []

    def add(**fields) -> None:
        passages.append(LessonPassage(lesson_id=lesson.pk, position=len(passages), **fields))

    for child in lesson.body:
        if child.block_type in SKIPPED_BLOCKS:
            continue
        if child.block_type == "video":
            transcript = child.value.get("transcript")
            for cue in (transcript_cues(document=transcript) if transcript else None) or ():
                add(
                    kind=PassageKind.CUE,
                    start=cue.start,
                    end=cue.end,
                    speaker=cue.speaker[:120],
                    text=cue.text,
                )
            continue
        pieces = child.block.get_searchable_content(child.value)
        text = " ".join(" ".join(str(piece).split()) for piece in pieces if piece).strip()
        if text:
            add(kind=PassageKind.TEXT, text=text[:MAX_PASSAGE_CHARS])
    return passages
