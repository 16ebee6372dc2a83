"""Articles: the index (tags, search, pagination), the page (blocks, byline, related, SEO)."""

from datetime import timedelta

import pytest

from django.test import override_settings
from django.utils import timezone

from cms.models import ArticlePage
from cms.selectors import article_index_listing, article_related
from tests.cms import embed_finder
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    AuthorFactory,
    CoachesPageFactory,
    CoachFactory,
    ImageFactory,
)
from tests.factories.editorial import paragraph

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def no_page_cache(settings):
    """These tests look at rendering; tests/cms/test_page_cache.py covers the cache."""
    settings.PAGE_CACHE_SECONDS = 0


def publish_dated(article: ArticlePage, days_ago: int) -> ArticlePage:
    ArticlePage.objects.filter(pk=article.pk).update(
        first_published_at=timezone.now() - timedelta(days=days_ago)
    )
    article.refresh_from_db()
    return article


def titles(listing) -> list[str]:
    return [article.title for article in listing.page_obj]


# --- The index ----------------------------------------------------------------------------------


def test_index_lists_live_articles_of_this_index_newest_first(article_index):
    publish_dated(ArticlePageFactory(parent=article_index, title="Older"), days_ago=5)
    publish_dated(ArticlePageFactory(parent=article_index, title="Newer"), days_ago=1)
    ArticlePageFactory(parent=article_index, title="Draft", publish=False)
    ArticlePageFactory(parent=ArticleIndexPageFactory(), title="Elsewhere")

    assert titles(article_index_listing(index=article_index)) == ["Newer", "Older"]


def test_index_filters_by_tag_and_lists_the_tags_in_use(client, article_index):
    ArticlePageFactory(parent=article_index, title="Kata basics", tags=["kata", "coaching"])
    ArticlePageFactory(parent=article_index, title="Kata at scale", tags=["kata"])
    ArticlePageFactory(parent=article_index, title="Picking an MVP", tags=["mvp"])

    listing = article_index_listing(index=article_index, tag="kata")

    assert sorted(titles(listing)) == ["Kata at scale", "Kata basics"]
    assert listing.active_tag.name == "kata"
    assert [tag.name for tag in listing.tags] == ["kata", "coaching", "mvp"]
    page = client.get(article_index.url, {"tag": "kata"}).content.decode()
    assert 'aria-current="true">kata</a>' in page
    assert "Picking an MVP" not in page


def test_an_unknown_tag_shows_no_articles_rather_than_all(article_index):
    ArticlePageFactory(parent=article_index, tags=["kata"])

    assert titles(article_index_listing(index=article_index, tag="nope")) == []


def test_search_finds_articles_by_their_body_and_respects_the_tag(client, article_index):
    ArticlePageFactory(
        parent=article_index,
        title="Improvement routines",
        body=[paragraph("The coaching kata asks five questions every day.")],
        tags=["kata"],
    )
    ArticlePageFactory(
        parent=article_index,
        title="Prototypes",
        body=[paragraph("A concierge prototype tests demand by hand.")],
        tags=["mvp"],
    )

    assert titles(article_index_listing(index=article_index, query="concierge")) == ["Prototypes"]
    assert titles(article_index_listing(index=article_index, query="kata", tag="mvp")) == []
    response = client.get(article_index.url, {"q": "questions"})
    assert "1 result for “questions”" in response.content.decode()
    assert "Improvement routines" in response.content.decode()


def test_index_paginates_and_keeps_the_filter_in_the_page_links(client, article_index):
    article_index.articles_per_page = 2
    article_index.save_revision().publish()
    for number in range(5):
        publish_dated(
            ArticlePageFactory(parent=article_index, title=f"Note {number}", tags=["notes"]),
            days_ago=number,
        )

    second = article_index_listing(index=article_index, page_number=2)
    beyond = article_index_listing(index=article_index, page_number=99)

    assert titles(second) == ["Note 2", "Note 3"]
    assert titles(beyond) == ["Note 4"]
    html = client.get(article_index.url, {"tag": "notes", "page": 2}).content.decode()
    assert "Page 2 of 3" in html
    assert 'href="?tag=notes&amp;page=3"' in html


def test_index_links_its_feeds(client, article_index):
    html = client.get(article_index.url).content.decode()

    assert 'type="application/rss+xml"' in html and 'href="/feeds/articles.rss"' in html
    assert 'type="application/atom+xml"' in html and 'href="/feeds/articles.atom"' in html


@pytest.mark.parametrize("articles", [6, 60])
def test_index_renders_in_a_bounded_number_of_queries(
    client, article_index, articles, django_assert_max_num_queries
):
    author = AuthorFactory()
    for number in range(articles):
        ArticlePageFactory(
            parent=article_index,
            hero_image=ImageFactory(),
            tags=[f"topic-{number % 4}", "all"],
            authors=[author],
        )

    client.get(article_index.url)  # the first visit makes the image renditions, once

    with django_assert_max_num_queries(20):
        response = client.get(article_index.url)
    assert response.status_code == 200


# --- Reading time -------------------------------------------------------------------------------


def test_reading_time_counts_every_text_block_at_230_words_a_minute():
    words = " ".join(["word"] * 230)
    article = ArticlePage(
        title="t",
        body=[
            paragraph(words),
            {"type": "heading", "value": "one two"},
            {"type": "code", "value": {"language": "sql", "code": "select one"}},
        ],
    )

    assert article.reading_minutes == 2


def test_a_short_article_reads_in_one_minute():
    assert ArticlePage(title="t", body=[paragraph("Short.")]).reading_minutes == 1


# --- The article page -----------------------------------------------------------------------------


@override_settings(WAGTAILEMBEDS_FINDERS=embed_finder.SETTINGS)
def test_article_renders_its_blocks_byline_and_tags(client, article_index):
    image = ImageFactory(title="Board")
    article = ArticlePageFactory(
        parent=article_index,
        title="Running a kata",
        authors=[AuthorFactory(name="Rosa Lind"), AuthorFactory(name="Tom Berg")],
        tags=["kata"],
        hero_image=image,
        body=[
            {"type": "heading", "value": "Start small"},
            {
                "type": "captioned_image",
                "value": {
                    "image": {"image": image.pk, "decorative": False, "alt_text": "A kanban board"},
                    "caption": "Our first board",
                    "credit": "Rosa",
                },
            },
            {"type": "embed", "value": {"embed": "https://video.test/kata", "caption": "Talk"}},
            {"type": "code", "value": {"language": "sql", "code": "select * from t where a < 3"}},
        ],
    )

    html = client.get(article.url).content.decode()

    assert "By Rosa Lind and Tom Berg" in html
    assert "1 min read" in html
    assert "<h2" in html and "Start small" in html
    assert 'alt="A kanban board"' in html and "Our first board" in html
    assert '<iframe title="Video kata"' in html
    assert "select * from t where a &lt; 3" in html
    assert 'href="/articles/?tag=kata"' in html


def test_an_unreachable_embed_still_links_to_the_video(client, article_index):
    article = ArticlePageFactory(
        parent=article_index,
        body=[{"type": "embed", "value": {"embed": "https://nowhere.invalid/v", "caption": ""}}],
    )

    assert 'href="https://nowhere.invalid/v"' in client.get(article.url).content.decode()


def test_related_articles_share_the_most_tags_then_the_newest(article_index):
    article = ArticlePageFactory(parent=article_index, tags=["kata", "coaching", "teams"])
    two_shared = publish_dated(
        ArticlePageFactory(parent=article_index, title="Two", tags=["kata", "teams"]), 9
    )
    one_shared = publish_dated(
        ArticlePageFactory(parent=article_index, title="One", tags=["coaching"]), 1
    )
    newest_unrelated = publish_dated(ArticlePageFactory(parent=article_index, title="New"), 0)
    publish_dated(ArticlePageFactory(parent=article_index, title="Old"), 30)
    ArticlePageFactory(parent=article_index, title="Draft", tags=["kata"], publish=False)

    related = article_related(article=article)

    assert related == [two_shared, one_shared, newest_unrelated]


@pytest.mark.parametrize("siblings", [4, 40])
def test_article_page_renders_in_a_bounded_number_of_queries(
    client, article_index, siblings, django_assert_max_num_queries
):
    author = AuthorFactory()
    for number in range(siblings):
        ArticlePageFactory(
            parent=article_index,
            hero_image=ImageFactory(),
            tags=[f"t{number % 3}"],
            authors=[author],
        )
    article = ArticlePageFactory(
        parent=article_index, hero_image=ImageFactory(), tags=["t0", "t1"], authors=[author]
    )
    client.get(article.url)  # the first visit makes the image renditions, once

    with django_assert_max_num_queries(26):
        response = client.get(article.url)
    assert response.status_code == 200


# --- Search engines and social networks ---------------------------------------------------------


def test_article_has_meta_and_open_graph_tags(client, article_index):
    article = ArticlePageFactory(
        parent=article_index,
        title="Metrics that matter",
        introduction="Fewer numbers, watched closely.",
        hero_image=ImageFactory(),
    )

    html = client.get(article.url).content.decode()

    assert '<meta name="description" content="Fewer numbers, watched closely.">' in html
    assert f'<link rel="canonical" href="http://localhost{article.url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Metrics that matter">' in html
    assert '<meta property="og:image" content="http://testserver/' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_promote_tab_fields_win_over_the_defaults(client, article_index):
    article = ArticlePageFactory(
        parent=article_index,
        seo_title="A better title for search",
        search_description="Written for the search result.",
        canonical_url="https://example.org/original",
        social_image=ImageFactory(),
    )

    html = client.get(article.url).content.decode()

    assert "<title>A better title for search · Institute</title>" in html
    assert html.count('name="description"') == 1
    assert '<meta name="description" content="Written for the search result.">' in html
    assert '<link rel="canonical" href="https://example.org/original">' in html
    assert '<meta property="og:title" content="A better title for search">' in html


def test_article_invites_anonymous_readers_to_sign_in_to_comment(client, article_index):
    article = ArticlePageFactory(parent=article_index)

    html = client.get(article.url).content.decode()

    assert 'id="comments"' in html
    assert "/accounts/login/?next=" in html
    assert "csrfmiddlewaretoken" not in html


def test_an_author_who_is_a_coach_links_to_the_coaches_page(client, home, article_index):
    coaches = CoachesPageFactory(parent=home)
    coach = CoachFactory(slug="maya-okafor")
    article = ArticlePageFactory(
        parent=article_index,
        authors=[AuthorFactory(name="Maya Okafor", coach=coach), AuthorFactory(name="Guest")],
    )

    html = client.get(article.url).content.decode()

    assert f'href="{coaches.url}#coach-maya-okafor"' in html
    assert html.count("one of our coaches") == 1
