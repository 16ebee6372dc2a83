"""pytest fixtures for the Slack double. Import into a conftest or a test module::

    from tests.slack_double.fixtures import slack_double, slack_double_server  # noqa: F401

One server per session; ``slack_double`` empties it for each test and points Django's
``SLACK_BOT_TOKEN`` and ``SLACK_API_BASE`` at it (through pytest-django's ``settings``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .server import SlackDouble


@pytest.fixture(scope="session")
def slack_double_server() -> Iterator[SlackDouble]:
    double = SlackDouble(token="xoxb-double-suite").start()
    yield double
    double.stop()


@pytest.fixture
def slack_double(slack_double_server, settings) -> Iterator[SlackDouble]:
    double = slack_double_server
    double.reset()
    settings.SLACK_BOT_TOKEN = double.token
    settings.SLACK_API_BASE = double.base_url
    yield double
    double.reset()
