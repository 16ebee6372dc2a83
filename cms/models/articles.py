"""Articles: the school's public writing, listed by an index with tags, search and feeds.

Authors are their own snippet rather than ``Coach``: guest writers and staff write articles
too, and every coach is shown on the coaches page. An author who is a coach links to them.
Follows bakerydemo's blog (https://github.com/wagtail/bakerydemo/tree/main/bakerydemo/blog).
"""

import math
import re

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.html import strip_tags

from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import ArticleStreamBlock
from cms.page_cache import CachedPageMixin

from .seo import SeoMixin

WORDS_PER_MINUTE = 230
_WORD = re.compile(r"\w+")


class Author(index.Indexed, models.Model):
    """Who wrote an article: a coach, a member of staff or a guest."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    role = models.CharField(max_length=160, blank=True, help_text="For example: Lead coach")
    bio = models.TextField(blank=True, max_length=600)
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    coach = models.ForeignKey(
        "cms.Coach",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profiles",
        help_text="When the author is one of our coaches, their byline links to the coaches page.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("coach"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleIndexPage(CachedPageMixin, SeoMixin, Page):
    """The list of articles, newest first, filtered by tag or searched."""

    introduction = models.TextField(blank=True)
    articles_per_page = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    settings_panels = [*Page.settings_panels, FieldPanel("articles_per_page")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ArticlePage"]
    page_cache_query_params = ("page", "tag")

    class Meta:
        verbose_name = "article index"

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import article_index_listing

        context = super().get_context(request, *args, **kwargs)
        context["listing"] = article_index_listing(
            index=self,
            tag=request.GET.get("tag", ""),
            query=request.GET.get("q", ""),
            page_number=request.GET.get("page", 1),
        )
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticleAuthor(Orderable):
    """An article's byline, in the order the authors are credited."""

    page = ParentalKey("cms.ArticlePage", related_name="article_authors", on_delete=models.CASCADE)
    author = models.ForeignKey("cms.Author", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "author"], name="unique_article_author")
        ]


class ArticlePage(CachedPageMixin, SeoMixin, Page):
    """One article: hero image, a body of blocks, authors, tags and related reading."""

    introduction = models.TextField(
        max_length=400, help_text="One or two sentences shown on the index and in feeds."
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_caption = models.CharField(max_length=250, blank=True)
    body = StreamField(ArticleStreamBlock())
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("hero_image"),
        FieldPanel("hero_caption"),
        InlinePanel("article_authors", label="Authors", heading="Authors"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name"), index.FilterField("slug")]),
        index.FilterField("first_published_at"),
    ]
    parent_page_types = ["cms.ArticleIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "article"

    @cached_property
    def reading_minutes(self) -> int:
        """Minutes to read the body at 230 words a minute, never less than one."""
        text = " ".join(self.body_text_chunks())
        return max(1, math.ceil(len(_WORD.findall(text)) / WORDS_PER_MINUTE))

    def body_text_chunks(self):
        for block in self.body:
            yield strip_tags(" ".join(block.block.get_searchable_content(block.value)))

    @cached_property
    def authors(self) -> list[Author]:
        credits = self.article_authors.all()
        if "article_authors" not in getattr(self, "_prefetched_objects_cache", {}):
            credits = credits.select_related("author__coach", "author__photo")
        return [credit.author for credit in credits]

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import article_related

        context = super().get_context(request, *args, **kwargs)
        # tags.all() rather than tagged_items: it also reads the unsaved tags of a preview.
        context["tags"] = tags = list(self.tags.all())
        context["index"] = index = self.get_parent()
        context["related_articles"] = article_related(
            article=self, index=index, tag_ids=[tag.pk for tag in tags]
        )
        if any(author.coach_id for author in self.authors):
            from .school import CoachesPage

            context["coaches_page"] = CoachesPage.objects.live().first()
        return context
