"""The release email renders the week once per chunk and fills in each student; the account
emails (allauth) are outbox rows with a text and an HTML part."""

import pytest

from django.core import mail
from django.test.signals import template_rendered
from django.urls import reverse

from engine.outbox.models import EmailState, OutboxEmail
from tests.courses.release_helpers import release_school

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered_templates():
    names: list[str] = []

    def record(sender, template, context, **kwargs):
        names.append(template.name)

    template_rendered.connect(record)
    yield names
    template_rendered.disconnect(record)


def test_a_chunk_renders_the_week_once_and_each_student_gets_their_own_copy(
    rendered_templates, django_capture_on_commit_callbacks
):
    from courses.services import week_release_create

    school = release_school(students=6)
    for i, enrollment in enumerate(school.enrollments):
        enrollment.user.first_name = f"Student{i}"
        enrollment.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        week_release_create(cohort=school.cohort, week_number=1)

    assert rendered_templates.count("courses/emails/week_released.html") == 1
    assert rendered_templates.count("courses/emails/week_released.txt") == 1
    assert len(mail.outbox) == 6
    for message in mail.outbox:
        (address,) = message.to
        user = next(e.user for e in school.enrollments if e.user.email == address)
        html = message.alternatives[0][0]
        assert f"Hello {user.first_name}," in message.body
        assert f"Hello {user.first_name}," in html
        assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    links = {m.extra_headers["List-Unsubscribe"] for m in mail.outbox}
    assert len(links) == 6  # each student's own signed preferences link


def test_an_account_email_is_an_outbox_row_with_text_and_html(client):
    client.post(
        reverse("account_signup"),
        {
            "first_name": "Ada",
            "email": "new@example.com",
            "password1": "a-long-pass-123",
            "password2": "a-long-pass-123",
        },
    )
    row = OutboxEmail.objects.get(kind="account")
    assert row.state == EmailState.SENT
    assert row.recipients == ["new@example.com"]
    (message,) = mail.outbox
    assert message.extra_headers["Message-ID"] == row.message_id
    html = message.alternatives[0][0]
    assert "/accounts/confirm-email/" in message.body and "/accounts/confirm-email/" in html
