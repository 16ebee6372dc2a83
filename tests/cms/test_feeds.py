"""RSS, Atom, sitemap and robots.txt: parsed with the standard library's XML parser.

RSS 2.0: https://www.rssboard.org/rss-specification (channel title, link, description; each
item a title or description). Atom: RFC 4287 (feed id, title, updated; each entry id, title,
updated, an alternate link, and an author somewhere).
"""

import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest

from tests.factories import ArticlePageFactory, AuthorFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def articles(article_index):
    first = ArticlePageFactory(
        parent=article_index,
        title="Product manager or product owner?",
        introduction="Two titles, one job, or two jobs?",
        tags=["roles"],
        authors=[AuthorFactory(name="Rosa Lind")],
    )
    second = ArticlePageFactory(
        parent=article_index, title="Choosing an MVP", tags=["mvp", "discovery"]
    )
    ArticlePageFactory(parent=article_index, title="Unfinished draft", publish=False)
    return first, second


def parse(response) -> ET.Element:
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 - our own feed


def test_rss_feed_is_valid_rss_2_with_one_item_per_live_article(client, articles):
    response = client.get("/feeds/articles.rss")

    assert response["Content-Type"].startswith("application/rss+xml")
    rss = parse(response)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required), f"channel has no {required}"
    assert channel.findtext("link") == "http://localhost/articles/"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "Choosing an MVP",
        "Product manager or product owner?",
    ]
    first = items[1]
    assert first.findtext("link") == "http://localhost/articles/" + articles[0].slug + "/"
    assert first.findtext("description") == "Two titles, one job, or two jobs?"
    assert first.find("guid").get("isPermaLink") == "false"
    assert parsedate_to_datetime(first.findtext("pubDate")).tzinfo is not None
    assert [category.text for category in first.findall("category")] == ["roles"]
    assert first.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Rosa Lind"


def test_atom_feed_is_valid_atom_with_one_entry_per_live_article(client, articles):
    response = client.get("/feeds/articles.atom")

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{required}"), f"feed has no {required}"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == "http://testserver/feeds/articles.atom"
    assert links["alternate"] == "http://localhost/articles/"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        for required in ("id", "title", "updated", "published"):
            assert entry.findtext(f"{ATOM}{required}"), f"entry has no {required}"
        assert entry.find(f"{ATOM}link").get("href").startswith("http://localhost/articles/")
    product_entry = entries[1]
    assert product_entry.findtext(f"{ATOM}author/{ATOM}name") == "Rosa Lind"
    assert product_entry.findtext(f"{ATOM}summary") == "Two titles, one job, or two jobs?"
    assert feed.findtext(f"{ATOM}subtitle")


def test_feeds_are_empty_but_valid_without_articles(client, home):
    rss = parse(client.get("/feeds/articles.rss"))
    atom = parse(client.get("/feeds/articles.atom"))

    assert rss.find("channel").findall("item") == []
    assert atom.findall(f"{ATOM}entry") == []


def test_sitemap_lists_live_pages_but_not_drafts_or_copies_of_other_sites(
    client, article_index, articles
):
    republished = ArticlePageFactory(
        parent=article_index, title="Republished", canonical_url="https://example.org/original"
    )

    urlset = parse(client.get("/sitemap.xml"))

    locations = {url.findtext(f"{SITEMAP}loc") for url in urlset.findall(f"{SITEMAP}url")}
    assert "http://localhost/articles/" in locations
    assert f"http://localhost/articles/{articles[0].slug}/" in locations
    assert not any("unfinished-draft" in location for location in locations)
    assert f"http://localhost/articles/{republished.slug}/" not in locations
    article_entry = next(
        url
        for url in urlset.findall(f"{SITEMAP}url")
        if url.findtext(f"{SITEMAP}loc").endswith(f"/{articles[0].slug}/")
    )
    assert article_entry.findtext(f"{SITEMAP}lastmod")


def test_robots_txt_keeps_crawlers_out_of_private_areas_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /accounts/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines
