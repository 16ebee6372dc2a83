"""Reads behind the editorial pages: listings, related articles, feeds, coaches and FAQ.

Every listing loads its page of results with a fixed number of queries, whatever the number
of pages in the tree: images, their renditions, tags and authors are prefetched in bulk.
Rendition filter specs here are the ones the templates ask for, so prefetching them works
(https://docs.wagtail.org/en/stable/advanced_topics/images/renditions.html#prefetching-image-renditions).
"""

from dataclasses import dataclass, field
from itertools import groupby

from taggit.models import Tag

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet

from wagtail.images import get_image_model
from wagtail.models import Page, Site

from cms.models import (
    ArticleIndexPage,
    ArticlePage,
    Coach,
    FAQEntry,
    SpotlightIndexPage,
    SpotlightPage,
    SpotlightRole,
)

CARD_IMAGE = "fill-640x360"
PHOTO_IMAGE = "fill-320x320"
RELATED_ARTICLES = 3
SPOTLIGHTS_PER_PAGE = 12
MAX_QUERY_LENGTH = 200


@dataclass
class ArticleListing:
    page_obj: PaginatorPage
    tags: list[Tag]
    active_tag: Tag | None = None
    query: str = ""


@dataclass
class SpotlightListing:
    page_obj: PaginatorPage
    cohort_labels: list[str] = field(default_factory=list)
    roles: list[tuple[str, str]] = field(default_factory=list)
    active_cohort_label: str = ""
    active_role: str = ""


def _images_with(spec: str) -> QuerySet:
    return get_image_model().objects.prefetch_renditions(spec)


def _article_cards(queryset: QuerySet[ArticlePage]) -> QuerySet[ArticlePage]:
    """Everything an article card shows, in four queries for any number of cards."""
    return queryset.prefetch_related(
        Prefetch("hero_image", queryset=_images_with(CARD_IMAGE)),
        "tagged_items__tag",
        "article_authors__author",
    )


def article_live(*, index: Page | None = None, site: Site | None = None) -> QuerySet[ArticlePage]:
    """Live, public articles under an index (or a site), newest first."""
    queryset = ArticlePage.objects.live().public()
    if index is not None:
        queryset = queryset.child_of(index)
    elif site is not None:
        queryset = queryset.descendant_of(site.root_page, inclusive=True)
    return queryset.order_by("-first_published_at", "-pk")


def article_tags_in_use(*, index: ArticleIndexPage) -> list[Tag]:
    """The tags of the index's live articles, most used first."""
    articles = article_live(index=index).values("pk")
    return list(
        Tag.objects.filter(cms_articlepagetag_items__content_object__in=articles)
        .annotate(uses=Count("cms_articlepagetag_items"))
        .order_by("-uses", "name")
    )


def article_index_listing(
    *, index: ArticleIndexPage, tag: str = "", query: str = "", page_number: int | str = 1
) -> ArticleListing:
    """One page of the index: newest first, or by relevance when searching."""
    articles = article_live(index=index)
    tags = article_tags_in_use(index=index)
    active_tag = next((candidate for candidate in tags if candidate.slug == tag), None)
    if tag:
        # An unknown tag filters everything out rather than silently showing all articles.
        articles = articles.filter(tags__slug=tag)
    query = query.strip()[:MAX_QUERY_LENGTH]
    results = _article_cards(articles)
    if query:
        results = results.search(query)
    paginator = Paginator(results, index.articles_per_page)
    return ArticleListing(
        page_obj=paginator.get_page(page_number), tags=tags, active_tag=active_tag, query=query
    )


def article_related(
    *,
    article: ArticlePage,
    index: Page | None = None,
    tag_ids: list[int] | None = None,
    limit: int = RELATED_ARTICLES,
) -> list[ArticlePage]:
    """Articles sharing the most tags with this one, topped up with the newest siblings."""
    siblings = article_live(index=index or article.get_parent()).exclude(pk=article.pk)
    if tag_ids is None:
        tag_ids = list(article.tags.values_list("pk", flat=True))
    related: list[ArticlePage] = []
    if tag_ids:
        related = list(
            _article_cards(
                siblings.filter(tagged_items__tag_id__in=tag_ids)
                .annotate(
                    shared_tags=Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids))
                )
                .order_by("-shared_tags", "-first_published_at")
            )[:limit]
        )
    if len(related) < limit:
        related += list(
            _article_cards(siblings.exclude(pk__in=[page.pk for page in related]))[
                : limit - len(related)
            ]
        )
    return related


def article_feed_items(*, site: Site | None, limit: int = 20) -> list[ArticlePage]:
    return list(_article_cards(article_live(site=site))[:limit])


def spotlight_index_listing(
    *,
    index: SpotlightIndexPage,
    cohort_label: str = "",
    role: str = "",
    page_number: int | str = 1,
) -> SpotlightListing:
    """One page of spotlights, filtered by class and role, with the choices that exist."""
    spotlights = (
        SpotlightPage.objects.live().public().child_of(index).order_by("-first_published_at", "-pk")
    )
    cohort_labels = sorted(
        set(spotlights.exclude(cohort_label="").values_list("cohort_label", flat=True))
    )
    roles_in_use = set(spotlights.values_list("role", flat=True))
    roles = [(value, label) for value, label in SpotlightRole.choices if value in roles_in_use]
    if cohort_label:
        spotlights = spotlights.filter(cohort_label=cohort_label)
    if role:
        spotlights = spotlights.filter(role=role)
    spotlights = spotlights.select_related("certificate").prefetch_related(
        Prefetch("photo", queryset=_images_with(PHOTO_IMAGE))
    )
    paginator = Paginator(spotlights, SPOTLIGHTS_PER_PAGE)
    return SpotlightListing(
        page_obj=paginator.get_page(page_number),
        cohort_labels=cohort_labels,
        roles=roles,
        active_cohort_label=cohort_label,
        active_role=role,
    )


def spotlight_latest(*, limit: int = 3) -> list[SpotlightPage]:
    """The newest graduates' spotlights with their card photos (the home page shows them)."""
    return list(
        SpotlightPage.objects.live()
        .public()
        .order_by("-first_published_at", "-pk")
        .select_related("certificate")
        .prefetch_related(Prefetch("photo", queryset=_images_with(PHOTO_IMAGE)))[:limit]
    )


def coach_list() -> list[Coach]:
    """Every coach in the editors' order, photos ready for ``cms/includes/coach_card.html``."""
    return list(
        Coach.objects.prefetch_related(Prefetch("photo", queryset=_images_with(PHOTO_IMAGE)))
    )


def faq_groups(*, category: str | None = None) -> list[tuple[str, list[FAQEntry]]]:
    """Questions grouped by category, categories in the order of their first question.

    ``category`` keeps one group (the course page shows only "Payments", say).
    """
    entries = FAQEntry.objects.all()
    if category is not None:
        entries = entries.filter(category=category)
    order: dict[str, int] = {}
    for position, entry in enumerate(entries):
        order.setdefault(entry.category, position)
    ordered = sorted(entries, key=lambda entry: (order[entry.category], entry.sort_order, entry.pk))
    return [
        (category_name or "General", list(group))
        for category_name, group in groupby(ordered, key=lambda entry: entry.category)
    ]
