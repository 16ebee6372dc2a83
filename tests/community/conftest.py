"""Comments need a commentable page type and a template that shows them.

ArticlePage (the real commentable type) belongs to the editorial app, so these tests list
``cms.standardpage`` as commentable and render StandardPage through a test template that
drops in ``{% page_comments page %}`` the way the article template does.
"""

from pathlib import Path

import pytest

from django.contrib.auth.models import Group

from tests.factories import CommentablePageFactory, CommenterFactory
from tests.factories.community import moderation_groups

TEST_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture(autouse=True)
def _commentable_standard_pages(settings):
    settings.COMMUNITY_COMMENT_PAGE_TYPES = ["cms.standardpage"]
    settings.COMMUNITY_NEW_ACCOUNT_HOURS = 24
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment_post": "5/10m"}
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0]["DIRS"] = [TEST_TEMPLATES, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates


@pytest.fixture
def page(db):
    return CommentablePageFactory()


@pytest.fixture
def reader(db):
    return CommenterFactory(first_name="Riley", last_name="Reader")


@pytest.fixture
def other_reader(db):
    return CommenterFactory(first_name="Olu", last_name="Other")


@pytest.fixture
def wagtail_groups(db) -> dict[str, Group]:
    return moderation_groups()


@pytest.fixture
def editor(wagtail_groups):
    """A member of Wagtail's "Editors" group, as the demo editor account is."""
    user = CommenterFactory(first_name="Eddie", last_name="Editor", is_staff=True)
    user.groups.add(wagtail_groups["Editors"])
    return user


@pytest.fixture
def moderator(wagtail_groups):
    user = CommenterFactory(first_name="Mo", last_name="Moderator", is_staff=True)
    user.groups.add(wagtail_groups["Moderators"])
    return user
