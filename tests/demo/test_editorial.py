"""The editorial demo step: published pages that render, written once, approvals in place."""

import pytest

from wagtail.images import get_image_model

from cms.models import (
    ArticlePage,
    Coach,
    CoachesPage,
    FAQEntry,
    FAQPage,
    SpotlightIndexPage,
    SpotlightPage,
    User,
)
from cms.services import SPOTLIGHT_WORKFLOW_NAME
from demo.editorial import initials, seed_editorial
from demo.school import DEMO_ACCOUNTS, seed_accounts, seed_home_page

pytestmark = pytest.mark.django_db


def quiet(message: str) -> None:
    pass


@pytest.fixture
def seeded(editorial_roles):
    seed_accounts(quiet)
    seed_home_page(quiet)
    seed_editorial(quiet)


def test_the_demo_publishes_articles_spotlights_coaches_and_faq(client, seeded):
    articles = ArticlePage.objects.live()
    spotlights = SpotlightPage.objects.live()

    assert 4 <= articles.count() <= 6
    assert spotlights.count() >= 2
    assert Coach.objects.count() >= 3 and FAQEntry.objects.exists()
    for article in articles:
        assert article.hero_image is not None and article.authors and article.tags.exists()
    pages = [
        *articles,
        *spotlights,
        SpotlightIndexPage.objects.get(),
        CoachesPage.objects.get(),
        FAQPage.objects.get(),
    ]
    for page in pages:
        assert client.get(page.url).status_code == 200, page.url


def test_the_demo_articles_are_ordered_by_their_own_dates(seeded):
    dates = list(
        ArticlePage.objects.live().order_by("-first_published_at").values_list("slug", flat=True)
    )

    assert dates[0] == "metrics-that-matter" and dates[-1] == "product-manager-or-product-owner"


def test_running_the_step_again_creates_nothing(seeded):
    before = (
        ArticlePage.objects.count(),
        SpotlightPage.objects.count(),
        get_image_model().objects.count(),
        FAQEntry.objects.count(),
        User.objects.count(),
    )

    seed_editorial(quiet)

    assert before == (
        ArticlePage.objects.count(),
        SpotlightPage.objects.count(),
        get_image_model().objects.count(),
        FAQEntry.objects.count(),
        User.objects.count(),
    )


def test_demo_spotlights_need_approval_and_the_demo_moderator_can_give_it(seeded):
    spotlight = SpotlightPage.objects.first()
    account = next(account for account in DEMO_ACCOUNTS if account.role == "moderator")
    moderator = User.objects.get(email=account.email)

    assert spotlight.get_workflow().name == SPOTLIGHT_WORKFLOW_NAME
    assert moderator.check_password(account.password)
    assert spotlight.permissions_for_user(moderator).can_publish()


def test_placeholder_pictures_show_initials():
    assert initials("Noor Haddad") == "NH"
    assert initials("The Product Kata: a daily habit") == "TP"
