"""Snippets editors reuse across pages: the coaches and the frequently asked questions."""

from django.conf import settings
from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index


class Coach(index.Indexed, models.Model):
    """A coach who teaches or mentors the cohorts; shown on the course and coaches pages."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    role = models.CharField(max_length=160, help_text="For example: Lead coach, former VP Product")
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bio = RichTextField(features=["bold", "italic", "link"])
    linkedin_url = models.URLField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coach_profile",
        help_text="The coach's account: the classes they are assigned to show in it.",
    )
    sort_order = models.PositiveIntegerField(default=0, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("linkedin_url"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("role")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "coaches"

    def __str__(self) -> str:
        return self.name


class FAQEntry(index.Indexed, models.Model):
    """One question and its answer; editors drag entries into the order readers see."""

    question = models.CharField(max_length=255)
    answer = RichTextField(features=["bold", "italic", "link", "ol", "ul"])
    category = models.CharField(
        max_length=60, blank=True, help_text="Groups questions on the FAQ page, e.g. 'Payments'"
    )
    sort_order = models.PositiveIntegerField(default=0, editable=False)

    panels = [FieldPanel("question"), FieldPanel("answer"), FieldPanel("category")]
    search_fields = [index.SearchField("question"), index.SearchField("answer")]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self) -> str:
        return self.question
