"""StreamField blocks of a lesson: video with transcript, text, callouts, takeaways, prompts.

Validation lives in the blocks' ``clean`` so the Wagtail page form refuses a bad lesson as a
whole (https://docs.wagtail.org/en/stable/advanced_topics/customisation/streamfield_blocks.html):
a transcript that does not parse is reported with its line number and nothing is saved.
Lesson files (videos, transcripts, takeaways) must sit in a private collection so that only
the access policy can hand them out (``courses.downloads``).
"""

from pathlib import PurePosixPath

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from cms.blocks import CalloutBlock
from courses.transcripts import TranscriptError, parse_transcript

VIDEO_EXTENSIONS = (".webm", ".mp4", ".m4v", ".ogv")
TRANSCRIPT_EXTENSIONS = (".vtt", ".srt")
MAX_TRANSCRIPT_BYTES = 2 * 1024 * 1024


def _extension(document) -> str:
    return PurePosixPath(document.filename).suffix.lower()


def private_file_error(document) -> ValidationError | None:
    """Lesson files must be in a collection with a view restriction (a private collection)."""
    from courses.selectors import document_is_private

    if document_is_private(document=document):
        return None
    return ValidationError(
        f"'{document.title}' is in the public collection '{document.collection}'. Move it to a "
        "private collection (for example 'Takeaways') so only enrolled students can open it."
    )


def transcript_error(document) -> ValidationError | None:
    if _extension(document) not in TRANSCRIPT_EXTENSIONS:
        return ValidationError(
            f"'{document.filename}' is not a transcript: upload a WebVTT (.vtt) or SubRip (.srt) "
            "file."
        )
    with document.open_file() as handle:
        data = handle.read(MAX_TRANSCRIPT_BYTES + 1)
    if len(data) > MAX_TRANSCRIPT_BYTES:
        return ValidationError("The transcript is larger than 2 MB; split the lesson video.")
    try:
        parse_transcript(data, document.filename)
    except TranscriptError as error:
        return ValidationError(f"Transcript '{document.filename}', {error}")
    return None


class VideoBlock(blocks.StructBlock):
    """A lesson video (uploaded file or embed URL) and its transcript, shown as clickable cues."""

    title = blocks.CharBlock(required=False, max_length=160)
    video_file = DocumentChooserBlock(
        required=False,
        help_text="An uploaded video (WebM or MP4) in a private collection.",
    )
    embed = EmbedBlock(
        required=False, help_text="Or the URL of a hosted video (YouTube, Vimeo...)."
    )
    transcript = DocumentChooserBlock(
        help_text="The transcript as WebVTT (.vtt) or SubRip (.srt), in a private collection."
    )

    class Meta:
        icon = "media"
        template = "courses/blocks/video.html"

    def get_context(self, value, parent_context=None):
        from courses.selectors import transcript_cues

        context = super().get_context(value, parent_context=parent_context)
        transcript = value.get("transcript")
        context["cues"] = transcript_cues(document=transcript) if transcript else None
        return context

    def clean(self, value):
        value = super().clean(value)
        errors: dict[str, ValidationError] = {}
        video, embed, transcript = value["video_file"], value["embed"], value["transcript"]
        if bool(video) == bool(embed):
            errors["video_file"] = ValidationError(
                "Choose either an uploaded video or an embed URL (exactly one)."
            )
        elif video:
            if _extension(video) not in VIDEO_EXTENSIONS:
                errors["video_file"] = ValidationError(
                    f"'{video.filename}' is not a video; use one of {', '.join(VIDEO_EXTENSIONS)}."
                )
            elif error := private_file_error(video):
                errors["video_file"] = error
        if transcript:
            error = private_file_error(transcript) or transcript_error(transcript)
            if error:
                errors["transcript"] = error
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class TakeawaysBlock(blocks.StructBlock):
    """Files students keep: worksheets, checklists, slides. Downloaded through the policy."""

    heading = blocks.CharBlock(required=False, max_length=120, default="Takeaways")
    documents = blocks.ListBlock(DocumentChooserBlock(), min_num=1)

    class Meta:
        icon = "download"
        template = "courses/blocks/takeaways.html"

    def clean(self, value):
        value = super().clean(value)
        problems = [error for doc in value["documents"] if (error := private_file_error(doc))]
        if problems:
            raise StructBlockValidationError(block_errors={"documents": problems[0]})
        return value


class DiscussionPromptBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(help_text="A question the cohort discusses this week.")

    class Meta:
        icon = "group"
        template = "courses/blocks/discussion_prompt.html"


class ExerciseBlock(blocks.StructBlock):
    """A practice step, shaped like a Product Kata: challenge, target condition, obstacle..."""

    title = blocks.CharBlock(max_length=160)
    challenge = blocks.TextBlock()
    target_condition = blocks.TextBlock(required=False)
    obstacle = blocks.TextBlock(required=False)
    next_step = blocks.TextBlock(required=False)
    expected = blocks.TextBlock(required=False, help_text="What you expect to happen.")
    learned = blocks.TextBlock(required=False, help_text="What a student should reflect on.")

    class Meta:
        icon = "tasks"
        template = "courses/blocks/exercise.html"


class LessonStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", icon="title", max_length=160)
    paragraph = blocks.RichTextBlock(icon="pilcrow")
    image = ImageBlock()
    video = VideoBlock()
    callout = CalloutBlock()
    takeaways = TakeawaysBlock()
    discussion_prompt = DiscussionPromptBlock()
    exercise = ExerciseBlock()
