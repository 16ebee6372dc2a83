"""Fixtures of the demo tests: the editorial roles the demo's editorial step hands pages to."""

import pytest

from tests.factories import editorial_home
from tests.factories.editorial import editorial_roles as ensure_editorial_roles


@pytest.fixture
def editorial_roles(db):
    """Editors and Moderators, with a live home page, as migrations leave them."""
    editorial_home()
    return ensure_editorial_roles()
