"""The home page and plain content pages (about, terms, privacy)."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock
from cms.page_cache import CachedPageMixin


class HomePage(CachedPageMixin, Page):
    """The site root: what the school is, and where to go next (cached for anonymous readers)."""

    hero_heading = models.CharField(max_length=160)
    hero_text = models.TextField(blank=True)
    hero_cta_label = models.CharField(max_length=60, blank=True)
    hero_cta_link = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BaseStreamBlock(), blank=True)
    quote = models.TextField(
        blank=True, max_length=400, help_text="A graduate's words, shown large on the home page."
    )
    quote_attribution = models.CharField(
        max_length=160,
        blank=True,
        help_text='Who said it, for example "Priya N., March 2026 class"',
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_heading"),
        FieldPanel("hero_text"),
        FieldPanel("hero_cta_label"),
        FieldPanel("hero_cta_link"),
        FieldPanel("quote"),
        FieldPanel("quote_attribution"),
        FieldPanel("body"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    # The home page shows seats left (cms.home_sections): an anonymous copy lives 30 s at most.
    page_cache_max_seconds = 30

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import spotlight_latest

        context = super().get_context(request, *args, **kwargs)
        context["spotlights"] = spotlight_latest(limit=3)
        return context

    class Meta:
        verbose_name = "home page"


class StandardPage(Page):
    """A page of text: about the school, terms, privacy."""

    introduction = models.TextField(blank=True)
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = "standard page"
