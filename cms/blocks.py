"""StreamField blocks shared by every page type of the site."""

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class CalloutBlock(blocks.StructBlock):
    """A boxed note that stands out from the text around it."""

    tone = blocks.ChoiceBlock(
        choices=[("info", "Information"), ("tip", "Tip"), ("warning", "Warning")],
        default="info",
    )
    title = blocks.CharBlock(required=False, max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        template = "cms/blocks/callout.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=160)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote.html"


class BaseStreamBlock(blocks.StreamBlock):
    """The body of standard pages: headings, text, images, quotes and callouts."""

    heading = blocks.CharBlock(form_classname="title", icon="title", max_length=160)
    paragraph = blocks.RichTextBlock(icon="pilcrow")
    image = ImageBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()


class CaptionedImageBlock(blocks.StructBlock):
    """An image in the flow of an article, with the caption and credit printed under it."""

    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)
    credit = blocks.CharBlock(required=False, max_length=120, help_text="Photographer or source")

    class Meta:
        icon = "image"
        label = "Image with caption"
        template = "cms/blocks/captioned_image.html"


class EmbedWithCaptionBlock(blocks.StructBlock):
    """A video or slide deck from an oEmbed provider (YouTube, Vimeo, Speaker Deck...).

    The template falls back to a plain link when the provider cannot be reached, so an
    article never loses the reference (https://docs.wagtail.org/en/stable/topics/embeds.html).
    """

    embed = EmbedBlock(help_text="A YouTube, Vimeo or other oEmbed URL")
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "media"
        label = "Embed"
        template = "cms/blocks/embed.html"


class CodeBlock(blocks.StructBlock):
    """A listing of code or a query, shown in a monospaced box that keeps its indentation."""

    language = blocks.ChoiceBlock(
        choices=[
            ("text", "Plain text"),
            ("sql", "SQL"),
            ("python", "Python"),
            ("javascript", "JavaScript"),
            ("json", "JSON"),
            ("bash", "Shell"),
        ],
        default="text",
    )
    code = blocks.TextBlock()

    class Meta:
        icon = "code"
        template = "cms/blocks/code.html"


class ArticleStreamBlock(BaseStreamBlock):
    """The body of articles: everything a standard page has, plus captions, embeds and code."""

    heading = blocks.CharBlock(
        form_classname="title",
        icon="title",
        max_length=160,
        template="cms/blocks/heading.html",
        help_text="A section title; it appears in the article as a second-level heading",
    )
    captioned_image = CaptionedImageBlock()
    embed = EmbedWithCaptionBlock()
    code = CodeBlock()


SUGGESTED_QUESTIONS = [
    ("before", "What were you doing before you joined the class?"),
    ("why", "Why did you decide to take the course?"),
    ("surprise", "What surprised you most during the ten weeks?"),
    ("favourite", "Which week or exercise changed how you work?"),
    ("applied", "How have you applied what you learned since?"),
    ("cohort", "What was it like learning alongside your cohort?"),
    ("advice", "What would you tell someone thinking of joining?"),
    ("next", "What are you working on next?"),
]


class QuestionAnswerValue(blocks.StructValue):
    """Gives templates one ``question``, whether the editor picked or wrote it."""

    def question(self) -> str:
        return self.get("custom_question") or dict(SUGGESTED_QUESTIONS).get(
            self.get("suggested_question"), ""
        )


class QuestionAnswerBlock(blocks.StructBlock):
    """One question and the graduate's answer; editors reuse a suggested question or write one."""

    suggested_question = blocks.ChoiceBlock(
        choices=SUGGESTED_QUESTIONS,
        required=False,
        help_text="Pick a question we ask every graduate, or write your own below",
    )
    custom_question = blocks.CharBlock(
        required=False, max_length=200, help_text="Used instead of the suggested question"
    )
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])

    def clean(self, value):
        value = super().clean(value)
        if not value.get("suggested_question") and not value.get("custom_question"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "custom_question": ValidationError(
                        "Pick a suggested question or write your own."
                    )
                }
            )
        return value

    class Meta:
        icon = "help"
        label = "Question and answer"
        value_class = QuestionAnswerValue
        template = "cms/blocks/question_answer.html"


class SpotlightStreamBlock(blocks.StreamBlock):
    """The interview: ordered questions and answers, with a pull quote or photo between them."""

    qa = QuestionAnswerBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()

    class Meta:
        block_counts = {"qa": {"min_num": 1}}
