"""Editorial pages, snippets and images.

Pages are created under a parent with ``parent.add_child`` and, unless ``publish=False``,
published through a revision as the admin would. ``editorial_home()`` builds the site root
the pages hang from, even in a database a transactional test has flushed.
"""

import importlib

import factory
from factory.django import DjangoModelFactory

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, Page

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
    SpotlightRole,
)
from tests.baseline import site_home

Image = get_image_model()


def paragraph(text: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def qa_block(*, answer: str, suggested: str = "", custom: str = "") -> dict:
    return {
        "type": "qa",
        "value": {
            "suggested_question": suggested,
            "custom_question": custom,
            "answer": f"<p>{answer}</p>",
        },
    }


def editorial_roles() -> tuple[Group, Group]:
    """Editors and Moderators as the migrations set them up.

    A transactional test flushes what migrations created; this puts back the roles (by
    running migration cms 0005's own code) and the image library Wagtail's migrations give
    both groups (a root collection where they may add and choose images).
    """
    roles_migration = "cms.migrations.0005_editorial_roles_and_spotlight_approval"
    importlib.import_module(roles_migration).forwards(apps)
    editors, moderators = Group.objects.get(name="Editors"), Group.objects.get(name="Moderators")
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    image_permissions = Permission.objects.filter(
        content_type__app_label="wagtailimages",
        codename__in=["add_image", "change_image", "choose_image"],
    )
    for group in (editors, moderators):
        for permission in image_permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
    return editors, moderators


def editorial_home() -> HomePage:
    """A live home page that the default site serves, created if the database has none."""
    return site_home()


class ImageFactory(DjangoModelFactory):
    class Meta:
        model = Image

    title = factory.Sequence(lambda n: f"Picture {n}")
    file = factory.django.ImageField(width=640, height=480, color="#2346c7")


class AuthorFactory(DjangoModelFactory[Author]):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Writer {n}")
    slug = factory.Sequence(lambda n: f"writer-{n}")
    role = "Coach"


class CoachFactory(DjangoModelFactory[Coach]):
    class Meta:
        model = Coach

    name = factory.Sequence(lambda n: f"Coach {n}")
    slug = factory.Sequence(lambda n: f"coach-{n}")
    role = "Lead coach"
    bio = "<p>Has shipped products for a long time.</p>"


class FAQEntryFactory(DjangoModelFactory[FAQEntry]):
    class Meta:
        model = FAQEntry

    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = "<p>An answer.</p>"
    category = "Course"


class PageFactory(DjangoModelFactory):
    """Adds the page under ``parent`` (the editorial home by default) and publishes it."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, **kwargs):
        page = cls._build_page(model_class, *args, **kwargs)
        page.live = False  # a draft until its revision is published, as in the admin
        (parent or cls._default_parent()).add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page

    @classmethod
    def _build_page(cls, model_class, *args, **kwargs) -> Page:
        return model_class(*args, **kwargs)

    @classmethod
    def _default_parent(cls) -> Page:
        return editorial_home()


class ArticleIndexPageFactory(PageFactory):
    class Meta:
        model = ArticleIndexPage

    title = "Articles"
    slug = factory.Sequence(lambda n: f"articles-{n}")
    introduction = "What we think about product management."


class ArticlePageFactory(PageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    introduction = "A short introduction."
    body = factory.LazyFunction(lambda: [paragraph("Outcomes matter more than output.")])

    @classmethod
    def _build_page(cls, model_class, *args, tags=(), authors=(), **kwargs) -> Page:
        page = model_class(*args, **kwargs)
        page.tags.set(list(tags))
        page.article_authors = [ArticleAuthor(author=author) for author in authors]
        return page

    @classmethod
    def _default_parent(cls) -> Page:
        return ArticleIndexPage.objects.order_by("-pk").first() or ArticleIndexPageFactory()


class SpotlightIndexPageFactory(PageFactory):
    class Meta:
        model = SpotlightIndexPage

    title = "Student spotlights"
    slug = factory.Sequence(lambda n: f"spotlights-{n}")


class SpotlightPageFactory(PageFactory):
    class Meta:
        model = SpotlightPage

    title = factory.Sequence(lambda n: f"Meet graduate {n}")
    slug = factory.Sequence(lambda n: f"spotlight-{n}")
    graduate_name = factory.Sequence(lambda n: f"Graduate {n}")
    photo = factory.SubFactory(ImageFactory)
    job_title = "Product manager"
    role = SpotlightRole.PRODUCT_MANAGER
    company = "Acme"
    cohort_label = "March 2026 class"
    introduction = "From support lead to product manager."
    body = factory.LazyFunction(
        lambda: [qa_block(suggested="why", answer="I wanted to work on outcomes.")]
    )

    @classmethod
    def _default_parent(cls) -> Page:
        return SpotlightIndexPage.objects.order_by("-pk").first() or SpotlightIndexPageFactory()


class CoachesPageFactory(PageFactory):
    class Meta:
        model = CoachesPage

    title = "Coaches"
    slug = "coaches"


class FAQPageFactory(PageFactory):
    class Meta:
        model = FAQPage

    title = "Frequently asked questions"
    slug = "faq"
