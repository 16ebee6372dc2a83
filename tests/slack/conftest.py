import pytest

from tests.slack_double import fixtures as slack_double_fixtures

slack_double_server = slack_double_fixtures.slack_double_server
slack_double = slack_double_fixtures.slack_double


@pytest.fixture
def slack_on(slack_double, settings):
    """Slack on, pointed at the double, with an invitation link to email."""
    settings.SLACK_INVITE_URL = "https://join.slack.com/t/institute/shared_invite/zt-double"
    settings.SLACK_ARCHIVE_AFTER_DAYS = 14
    return slack_double
