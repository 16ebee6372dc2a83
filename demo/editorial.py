"""Demo step "editorial": coaches, FAQ, authors, articles and spotlights, all published.

Idempotent like every demo step: snippets are looked up by slug (or question), pages by slug
under their parent, images by title; only what is missing is created. Placeholder pictures
(a solid colour and initials) are drawn with Pillow at seed time instead of being committed.
The words live in ``demo.editorial_content`` and ``demo.editorial_articles``.
"""

import io
from collections.abc import Callable
from datetime import timedelta

from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont

from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Page

from cms.models import (
    ArticleAuthor,
    ArticleIndexPage,
    ArticlePage,
    Author,
    Coach,
    CoachesPage,
    FAQEntry,
    FAQPage,
    HomePage,
    SpotlightIndexPage,
    SpotlightPage,
)
from cms.services import spotlight_index_require_approval
from demo import editorial_articles as writing
from demo import editorial_content as content
from demo.curriculum import coach_ensure, demo_coaches

Report = Callable[[str], None]


def initials(text: str) -> str:
    words = [word for word in text.replace(":", " ").split() if word[:1].isalpha()]
    return "".join(word[0] for word in words[:2]).upper()


def placeholder_image(*, title: str, label: str, colour: str, size: tuple[int, int]):
    """The image called ``title``, drawn once: ``label`` in white on ``colour``."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    picture = PillowImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=min(size) // 3)
    draw.text((size[0] / 2, size[1] / 2), label, fill="white", font=font, anchor="mm")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    filename = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-") + ".png"
    return image_model.objects.create(title=title, file=ImageFile(buffer, name=filename))


def _publish_child(
    parent: Page, page: Page, *, first_published_at=None, show_in_menus=False
) -> Page:
    page.live = False
    page.show_in_menus = show_in_menus
    parent.add_child(instance=page)
    if first_published_at is not None:
        page.first_published_at = first_published_at
    page.save_revision().publish()
    return page


def _existing_child(parent: Page, model, slug: str):
    return model.objects.child_of(parent).filter(slug=slug).first()


def seed_people(report: Report) -> dict[str, Author]:
    for position, data in enumerate(demo_coaches()):
        coach = coach_ensure(data, report, sort_order=position)
        if coach.photo_id is None:
            coach.photo = placeholder_image(
                title=f"Coach: {coach.name}",
                label=initials(coach.name),
                colour=content.COACH_COLOURS[position % len(content.COACH_COLOURS)],
                size=(480, 480),
            )
            coach.save(update_fields=["photo"])
    authors = {}
    for data in content.AUTHORS:
        coach = Coach.objects.filter(slug=data["coach"]).first() if data["coach"] else None
        authors[data["slug"]], _ = Author.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "role": data["role"],
                "coach": coach,
                "photo": coach.photo if coach else None,
            },
        )
    for position, (category, question, answer) in enumerate(content.FAQ):
        FAQEntry.objects.get_or_create(
            question=question,
            defaults={"answer": answer, "category": category, "sort_order": position},
        )
    report(f"{len(content.FAQ)} FAQ entries, {len(authors)} authors")
    return authors


def seed_articles(home: HomePage, authors: dict[str, Author], report: Report) -> None:
    index = _existing_child(home, ArticleIndexPage, writing.ARTICLE_INDEX["slug"])
    if index is None:
        index = _publish_child(home, ArticleIndexPage(**writing.ARTICLE_INDEX), show_in_menus=True)
        report("created the article index")
    for data in writing.ARTICLES:
        if _existing_child(index, ArticlePage, data["slug"]) is not None:
            continue
        article = ArticlePage(
            slug=data["slug"],
            title=data["title"],
            introduction=data["introduction"],
            body=data["body"],
            hero_image=placeholder_image(
                title=f"Article: {data['title']}",
                label=initials(data["title"]),
                colour=data["colour"],
                size=(1200, 630),
            ),
        )
        article.tags.set(data["tags"])
        article.article_authors = [ArticleAuthor(author=authors[slug]) for slug in data["authors"]]
        _publish_child(
            index, article, first_published_at=timezone.now() - timedelta(days=data["days_ago"])
        )
        report(f"published article “{data['title']}”")


def seed_spotlights(home: HomePage, report: Report) -> None:
    index = _existing_child(home, SpotlightIndexPage, content.SPOTLIGHT_INDEX["slug"])
    if index is None:
        index = _publish_child(
            home, SpotlightIndexPage(**content.SPOTLIGHT_INDEX), show_in_menus=True
        )
        report("created the spotlight index")
    if spotlight_index_require_approval(index=index):
        report("spotlights now need a moderator's approval")
    for data in content.SPOTLIGHTS:
        if _existing_child(index, SpotlightPage, data["slug"]) is not None:
            continue
        fields = {key: value for key, value in data.items() if key != "colour"}
        photo = placeholder_image(
            title=f"Graduate: {data['graduate_name']}",
            label=initials(data["graduate_name"]),
            colour=data["colour"],
            size=(480, 480),
        )
        _publish_child(index, SpotlightPage(**fields, photo=photo))
        report(f"published spotlight “{data['title']}”")


def seed_school_pages(home: HomePage, report: Report) -> None:
    if not CoachesPage.objects.exists():
        _publish_child(
            home,
            CoachesPage(
                title="Coaches",
                slug="coaches",
                introduction="Practitioners who have run product teams, and still do.",
            ),
            show_in_menus=True,
        )
        report("created the coaches page")
    if not FAQPage.objects.exists():
        _publish_child(
            home,
            FAQPage(
                title="FAQ",
                seo_title="Frequently asked questions",
                slug="faq",
                introduction="What people ask us before they join a class.",
            ),
            show_in_menus=True,
        )
        report("created the FAQ page")


def seed_editorial(report: Report) -> None:
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("The editorial demo needs the home page: run the 'home page' step.")
    authors = seed_people(report)
    # In this order, which is the order of the header menu.
    seed_articles(home, authors, report)
    seed_spotlights(home, report)
    seed_school_pages(home, report)
