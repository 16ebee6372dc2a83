"""RSS 2.0 and Atom 1.0 feeds of the newest articles of the site that serves the request.

Built on django.contrib.syndication (https://docs.djangoproject.com/en/5.2/ref/contrib/syndication/).
Every link is absolute and comes from Wagtail's site records, not django.contrib.sites, so a
feed read through any of the school's hostnames points back at that hostname.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from wagtail.models import Site

from cms.models import ArticleIndexPage, ArticlePage
from cms.selectors import article_feed_items

FEED_ITEMS = 20


@dataclass(frozen=True)
class FeedSource:
    """What one request's feed is about; a Feed instance is shared between threads."""

    request: HttpRequest
    site: Site | None


class ArticleRssFeed(Feed):
    feed_type = Rss201rev2Feed
    description = "New articles on product management from the school's coaches and writers."

    def get_object(self, request, *args, **kwargs) -> FeedSource:
        return FeedSource(request=request, site=Site.find_for_request(request))

    def title(self, source: FeedSource) -> str:
        name = (source.site and source.site.site_name) or settings.WAGTAIL_SITE_NAME
        return f"{name}: articles"

    def link(self, source: FeedSource) -> str:
        index = ArticleIndexPage.objects.live().public()
        if source.site is not None:
            index = index.descendant_of(source.site.root_page)
        index = index.order_by("path").first()
        if index is not None:
            return index.get_full_url(source.request)
        return source.request.build_absolute_uri("/")

    def feed_url(self, source: FeedSource) -> str:
        return source.request.build_absolute_uri(source.request.path)

    def items(self, source: FeedSource) -> list[ArticlePage]:
        return article_feed_items(site=source.site, limit=FEED_ITEMS)

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.search_description or item.introduction

    def item_link(self, item: ArticlePage) -> str:
        return item.get_full_url()

    def item_guid(self, item: ArticlePage) -> str:
        # The page id survives a change of slug; readers then do not see the article twice.
        return f"{item.get_full_url()}#page-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: ArticlePage):
        return item.first_published_at

    def item_updateddate(self, item: ArticlePage):
        return item.last_published_at

    def item_author_name(self, item: ArticlePage) -> str | None:
        return ", ".join(author.name for author in item.authors) or None

    def item_categories(self, item: ArticlePage) -> list[str]:
        return [tagged.tag.name for tagged in item.tagged_items.all()]


class ArticleAtomFeed(ArticleRssFeed):
    feed_type = Atom1Feed
    subtitle = ArticleRssFeed.description
