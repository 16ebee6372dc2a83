"""Pages about the school itself: who coaches, and the questions people ask before joining.

The coaches and the questions are snippets (``cms.models.snippets``) so the course page can
show the same ones; these pages list them all. Editors reorder them by dragging in the
snippet listing.
"""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from .seo import SeoMixin


class SnippetListingPage(SeoMixin, Page):
    """One page under the home page with an introduction above a list of snippets; a
    subclass names what it lists in ``listing_context``."""

    introduction = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        abstract = True

    def listing_context(self) -> dict:
        raise NotImplementedError

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.listing_context())
        return context


class CoachesPage(SnippetListingPage):
    """Every coach, in the order editors gave them."""

    class Meta:
        verbose_name = "coaches page"

    def listing_context(self) -> dict:
        from cms.selectors import coach_list

        return {"coaches": coach_list()}


class FAQPage(SnippetListingPage):
    """Every frequently asked question, grouped by category."""

    class Meta:
        verbose_name = "FAQ page"

    def listing_context(self) -> dict:
        from cms.selectors import faq_groups

        return {"faq_groups": faq_groups()}
