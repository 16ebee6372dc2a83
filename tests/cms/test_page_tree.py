"""Where each editorial page type may be created, and that the admin creates each one.

https://docs.wagtail.org/en/stable/advanced_topics/testing.html
"""

from django.test import override_settings

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import (
    ArticleIndexPage,
    ArticlePage,
    CoachesPage,
    FAQPage,
    HomePage,
    SpotlightIndexPage,
    SpotlightPage,
    StandardPage,
)
from tests.cms import embed_finder
from tests.factories import (
    ArticleIndexPageFactory,
    AuthorFactory,
    ImageFactory,
    SpotlightIndexPageFactory,
    editorial_home,
)


class PageTreeRulesTests(WagtailPageTestCase):
    def test_article_index_lives_under_the_home_page_and_holds_only_articles(self):
        self.assertCanCreateAt(HomePage, ArticleIndexPage)
        self.assertCanNotCreateAt(StandardPage, ArticleIndexPage)
        self.assertCanNotCreateAt(ArticleIndexPage, ArticleIndexPage)
        self.assertAllowedSubpageTypes(ArticleIndexPage, {ArticlePage})

    def test_articles_live_only_in_an_article_index_and_have_no_children(self):
        self.assertAllowedParentPageTypes(ArticlePage, {ArticleIndexPage})
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(SpotlightIndexPage, ArticlePage)
        self.assertAllowedSubpageTypes(ArticlePage, set())

    def test_spotlight_index_lives_under_the_home_page_and_holds_only_spotlights(self):
        self.assertCanCreateAt(HomePage, SpotlightIndexPage)
        self.assertCanNotCreateAt(ArticleIndexPage, SpotlightIndexPage)
        self.assertAllowedSubpageTypes(SpotlightIndexPage, {SpotlightPage})

    def test_spotlights_live_only_in_a_spotlight_index_and_have_no_children(self):
        self.assertAllowedParentPageTypes(SpotlightPage, {SpotlightIndexPage})
        self.assertCanNotCreateAt(ArticleIndexPage, SpotlightPage)
        self.assertAllowedSubpageTypes(SpotlightPage, set())

    def test_coaches_and_faq_pages_live_under_the_home_page_without_children(self):
        for page_type in (CoachesPage, FAQPage):
            with self.subTest(page_type=page_type.__name__):
                self.assertAllowedParentPageTypes(page_type, {HomePage})
                self.assertCanNotCreateAt(StandardPage, page_type)
                self.assertAllowedSubpageTypes(page_type, set())

    def test_there_is_one_coaches_page_and_one_faq_page(self):
        self.assertEqual(CoachesPage.max_count, 1)
        self.assertEqual(FAQPage.max_count, 1)


class AdminCreatesEachPageTypeTests(WagtailPageTestCase):
    """An editor's form submission in the admin creates and publishes each page type."""

    def setUp(self):
        self.home = editorial_home()
        self.login()

    def test_article_index(self):
        self.assertCanCreate(
            self.home,
            ArticleIndexPage,
            nested_form_data(
                {"title": "Articles", "introduction": "What we think.", "articles_per_page": 10}
            ),
        )

    @override_settings(WAGTAILEMBEDS_FINDERS=embed_finder.SETTINGS)
    def test_article_with_authors_tags_and_every_kind_of_block(self):
        index = ArticleIndexPageFactory(parent=self.home)
        author = AuthorFactory()
        image = ImageFactory()
        body = streamfield(
            [
                ("heading", "Why outcomes"),
                ("paragraph", rich_text("<p>Teams ship features; customers buy outcomes.</p>")),
                ("quote", {"quote": "Measure what changes.", "attribution": "A coach"}),
                (
                    "captioned_image",
                    {
                        "image": {"image": image.pk, "decorative": "", "alt_text": "A board"},
                        "caption": "The team's board",
                        "credit": "",
                    },
                ),
                ("embed", {"embed": "https://video.test/kata-talk", "caption": "The talk"}),
                ("callout", {"tone": "tip", "title": "Try it", "text": rich_text("<p>Now.</p>")}),
                ("code", {"language": "sql", "code": "select count(*) from signups;"}),
            ]
        )
        data = nested_form_data(
            {
                "title": "Outcomes over output",
                "introduction": "Why we measure change, not features.",
                "body": body,
                "tags": "outcomes, metrics",
                "article_authors": inline_formset([{"author": author.pk}]),
            }
        )
        self.assertCanCreate(index, ArticlePage, data)
        article = ArticlePage.objects.get(slug="outcomes-over-output")
        self.assertEqual([block.block_type for block in article.body][-1], "code")
        self.assertEqual(sorted(tag.name for tag in article.tags.all()), ["metrics", "outcomes"])
        self.assertEqual(article.authors, [author])

    def test_spotlight_index(self):
        self.assertCanCreate(
            self.home, SpotlightIndexPage, nested_form_data({"title": "Student spotlights"})
        )

    def test_spotlight_with_a_photo_and_two_questions(self):
        index = SpotlightIndexPageFactory(parent=self.home)
        data = nested_form_data(
            {
                "title": "From support to product",
                "graduate_name": "Noor Haddad",
                "photo": ImageFactory().pk,
                "job_title": "Product manager",
                "role": "product-manager",
                "company": "Parcelwise",
                "cohort_label": "March 2026 class",
                "certificate": "",
                "introduction": "Noor moved from support into product.",
                "body": streamfield(
                    [
                        (
                            "qa",
                            {
                                "suggested_question": "why",
                                "custom_question": "",
                                "answer": rich_text("<p>I wanted to own a problem.</p>"),
                            },
                        ),
                        (
                            "qa",
                            {
                                "suggested_question": "",
                                "custom_question": "What did your team notice?",
                                "answer": rich_text("<p>Fewer, better experiments.</p>"),
                            },
                        ),
                    ]
                ),
            }
        )
        self.assertCanCreate(index, SpotlightPage, data)
        spotlight = SpotlightPage.objects.get(slug="from-support-to-product")
        self.assertEqual(
            [block.value.question() for block in spotlight.questions_and_answers],
            ["Why did you decide to take the course?", "What did your team notice?"],
        )

    def test_coaches_page(self):
        self.assertCanCreate(self.home, CoachesPage, nested_form_data({"title": "Coaches"}))

    def test_faq_page(self):
        self.assertCanCreate(self.home, FAQPage, nested_form_data({"title": "FAQ"}))

    def test_the_admin_refuses_a_second_coaches_page(self):
        self.assertCanCreate(self.home, CoachesPage, nested_form_data({"title": "Coaches"}))
        self.assertFalse(CoachesPage.can_create_at(Page.objects.get(pk=self.home.pk)))
