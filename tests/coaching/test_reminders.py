"""The reminder 24 hours before a journal entry is due: once, and not to those who submitted."""

import datetime as dt

import pytest

from coaching.due import journal_due_at
from coaching.reminders import journal_reminders_send
from coaching.services import journal_draft_save, journal_submit
from engine.outbox.models import OutboxEmail
from tests.coaching.conftest import KATA, enrollment_of
from tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


def test_the_reminder_goes_once_and_not_to_those_who_submitted(coaching):
    school = coaching.school
    submitted = enrollment_of(school.users["enrolled"], school.current)
    drafted = EnrollmentFactory(cohort=school.current)
    silent = EnrollmentFactory(cohort=school.current)
    journal_submit(enrollment=submitted, week_number=1, values=KATA)
    journal_draft_save(enrollment=drafted, week_number=1, values={"challenge": "half"})
    due = journal_due_at(cohort=school.current, week_number=1)

    assert journal_reminders_send(now=due - dt.timedelta(hours=25)) == []
    first = journal_reminders_send(now=due - dt.timedelta(hours=23))
    again = journal_reminders_send(now=due - dt.timedelta(hours=1))

    assert len(first) == 2 and again == []
    emails = OutboxEmail.objects.filter(kind="journal_reminder")
    assert sorted(e.recipients[0] for e in emails) == sorted(
        [drafted.user.email, silent.user.email]
    )
    email = emails.first()
    assert "week 1" in email.subject and "/coaching/journal/" in email.text_body
    assert "<a href=" in email.html_body
    assert journal_reminders_send(now=due + dt.timedelta(minutes=1)) == []
