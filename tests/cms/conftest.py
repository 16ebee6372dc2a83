"""Fixtures of the editorial tests: the page tree, the roles and their people.

Everything is (re)created idempotently, because a transactional test elsewhere in the run
flushes what migrations created (root page, groups, workflows).
"""

import pytest

from cms.services import spotlight_index_require_approval
from tests.factories import (
    ArticleIndexPageFactory,
    SpotlightIndexPageFactory,
    UserFactory,
    editorial_home,
)
from tests.factories.editorial import editorial_roles as ensure_editorial_roles


@pytest.fixture
def home(db):
    return editorial_home()


@pytest.fixture
def editorial_roles(home):
    return ensure_editorial_roles()


@pytest.fixture
def editor(editorial_roles):
    user = UserFactory(email="editor@example.com")
    user.groups.add(editorial_roles[0])
    return user


@pytest.fixture
def moderator(editorial_roles):
    user = UserFactory(email="moderator@example.com")
    user.groups.add(editorial_roles[1])
    return user


@pytest.fixture
def article_index(home):
    return ArticleIndexPageFactory(parent=home, slug="articles")


@pytest.fixture
def spotlight_index(home, editorial_roles):
    index = SpotlightIndexPageFactory(parent=home, slug="spotlights")
    spotlight_index_require_approval(index=index)
    return index
