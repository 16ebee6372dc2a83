"""The day-before reminder: sent once per active ticket, whatever number of times (or of
workers) the beat task runs; nothing for tickets of workshops further away or refunded."""

import datetime as dt

import pytest

from django.conf import settings
from django.utils import timezone

from engine.outbox.models import OutboxEmail
from payments import tasks
from payments.models import Ticket
from payments.workshops import workshop_reminders_send
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres
from tests.factories import TicketFactory, WorkshopFactory


def tomorrow_workshop(**kwargs):
    starts = (timezone.now() + dt.timedelta(hours=20)).replace(microsecond=0)
    return WorkshopFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=8), **kwargs)


@pytest.mark.django_db
def test_each_ticket_is_reminded_once_even_when_the_task_runs_twice(mailoutbox):
    workshop = tomorrow_workshop(title="Creating Effective MVPs")
    tickets = TicketFactory.create_batch(3, workshop=workshop)
    TicketFactory(workshop=workshop, status="refunded")
    TicketFactory(workshop=WorkshopFactory())  # three weeks away

    assert tasks.workshop_reminders.delay().get() == 3
    assert tasks.workshop_reminders.delay().get() == 0
    assert workshop_reminders_send() == 0

    assert sorted(m.to[0] for m in mailoutbox) == sorted(t.holder.email for t in tickets)
    reminder = mailoutbox[0]
    starts = workshop.local_starts_at
    assert reminder.subject.endswith(
        f"Reminder: Creating Effective MVPs, {starts:%A %-d %B at %H:%M}"
    )
    assert f"starts on {starts:%A %-d %B at %H:%M}" in reminder.body
    assert "120 Market Street" in reminder.body
    assert reminder.alternatives[0].mimetype == "text/html"
    assert Ticket.objects.filter(reminder_sent_at__isnull=False).count() == 3
    assert OutboxEmail.objects.filter(kind="workshop_reminder", state="sent").count() == 3


@pytest.mark.django_db
def test_a_workshop_that_already_started_gets_no_reminder(mailoutbox):
    started = timezone.now() - dt.timedelta(minutes=5)
    workshop = WorkshopFactory(starts_at=started, ends_at=started + dt.timedelta(hours=8))
    TicketFactory(workshop=workshop)
    assert workshop_reminders_send() == 0
    assert mailoutbox == []


def test_beat_runs_the_reminders_hourly():
    entry = settings.CELERY_BEAT_SCHEDULE["payments-workshop-reminders"]
    assert entry["task"] == "payments.workshop_reminders"
    assert entry["task"] in tasks.workshop_reminders.app.tasks


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_running_the_reminders_at_once_send_one_per_ticket(mailoutbox):
    workshop = tomorrow_workshop()
    TicketFactory.create_batch(5, workshop=workshop)
    sent = run_in_threads(lambda _: workshop_reminders_send(), 4)
    assert sum(sent) == 5, sent
    assert len(mailoutbox) == 5
    assert OutboxEmail.objects.filter(kind="workshop_reminder", state="sent").count() == 5
