"""What search engines and social networks read about an editorial page.

Wagtail's promote tab already holds the title tag (``seo_title``) and the meta description
(``search_description``); this adds the image shown when the page is shared and a canonical
URL for a text that first appeared elsewhere
(https://docs.wagtail.org/en/stable/reference/pages/model_reference.html#wagtail.models.Page.promote_panels).
"""

from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page


class SeoMixin(models.Model):
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared (1200x630 is best). Defaults to the main image.",
    )
    canonical_url = models.URLField(
        blank=True,
        help_text="Only when this text was first published elsewhere: the URL of the original.",
    )

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("social_image"), FieldPanel("canonical_url")], "Sharing"),
    ]

    class Meta:
        abstract = True

    def get_meta_description(self) -> str:
        return self.search_description or getattr(self, "introduction", "")

    def get_social_image(self):
        return self.social_image or getattr(self, "hero_image", None)

    def get_canonical_url(self, request=None) -> str:
        return self.canonical_url or self.get_full_url(request)

    def get_sitemap_urls(self, request=None):
        """A page whose original lives elsewhere leaves the sitemap to the original."""
        if self.canonical_url:
            return []
        return super().get_sitemap_urls(request)
