"""A kind that exists only in the test tree: the engine knows nothing of the apps."""

import pytest

from engine.outbox.kinds import EmailKind, email_kind_register

TEST_KIND = email_kind_register(EmailKind("test_note", "A note used by the outbox's own tests"))


@pytest.fixture
def smtp(settings):
    """Django's SMTP backend pointed at a fresh sink (tests/smtp_sink.py)."""
    from tests.smtp_sink import smtp_sink

    with smtp_sink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield sink
