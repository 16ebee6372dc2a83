"""Each notification exactly once: immediately, in the daily digest, or only on the site
(issue 15 item 4)."""

import datetime as dt

import pytest

from django.utils import timezone

from community.discussions.emails import discussion_digests_send, notification_email_send
from community.discussions.models import DiscussionPreference, Notification, NotificationDelivery
from community.discussions.services import post_mark_answer, post_reply, thread_create
from engine.outbox.models import OutboxEmail


@pytest.fixture
def thread(school):
    return thread_create(
        author=school.users["student"], cohort=school.current, lesson=school.lesson1,
        title="Roadmaps", body="How do you say no?", moment=192,
    )  # fmt: skip


def test_reply_notifies_author_once_by_email(
    school, thread, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = post_reply(author=school.users["classmate"], thread=thread, body="By outcomes")
    note = Notification.objects.get()
    assert (note.recipient, note.post, note.reason) == (
        school.users["student"],
        reply,
        Notification.Reason.REPLY,
    )
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [school.users["student"].email]
    assert (
        "/discussions/unsubscribe/" in message.body and "List-Unsubscribe" in message.extra_headers
    )
    # A duplicated task or retry sends nothing more.
    assert notification_email_send(notification_id=note.pk) is False
    assert len(mailoutbox) == 1 and OutboxEmail.objects.count() == 1


def test_follower_and_answer(school, thread, django_capture_on_commit_callbacks, mailoutbox):
    from community.discussions.services import thread_follow

    thread_follow(user=school.users["transferred"], thread=thread)
    with django_capture_on_commit_callbacks(execute=True):
        reply = post_reply(author=school.users["classmate"], thread=thread, body="Say why")
        post_mark_answer(moderator=school.users["coach"], post=reply)
    reasons = sorted(Notification.objects.values_list("recipient_id", "reason"))
    assert reasons == sorted(
        [
            (school.users["student"].pk, "reply"),
            (school.users["transferred"].pk, "followed"),
            (school.users["student"].pk, "answer"),
        ]
    )
    assert len(mailoutbox) == 3
    # Marking again does not notify again.
    with django_capture_on_commit_callbacks(execute=True):
        post_mark_answer(moderator=school.users["coach"], post=reply, answer=True)
    assert Notification.objects.count() == 3 and len(mailoutbox) == 3


def test_refunded_follower_is_not_told(school, thread, django_capture_on_commit_callbacks):
    from community.discussions.models import ThreadFollow

    ThreadFollow.objects.create(thread=thread, user=school.users["refunded"])
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(author=school.users["classmate"], thread=thread, body="Hello")
    assert not Notification.objects.filter(recipient=school.users["refunded"]).exists()


def test_off_means_site_only(school, thread, django_capture_on_commit_callbacks, mailoutbox):
    DiscussionPreference.objects.create(user=school.users["student"], delivery="off")
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(author=school.users["classmate"], thread=thread, body="Quiet")
    assert Notification.objects.get().delivery == NotificationDelivery.OFF
    assert mailoutbox == []


def test_digest_once_at_local_hour(school, thread, django_capture_on_commit_callbacks, mailoutbox):
    DiscussionPreference.objects.create(
        user=school.users["student"], delivery="digest", digest_hour=18, timezone="Europe/Berlin"
    )
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(author=school.users["classmate"], thread=thread, body="First")
        post_reply(author=school.users["coach"], thread=thread, body="Second")
    student = school.users["student"].email
    assert [m for m in mailoutbox if student in m.to] == []
    tomorrow = timezone.now().date() + dt.timedelta(days=1)
    at_17_utc = dt.datetime.combine(tomorrow, dt.time(17, 0), tzinfo=dt.UTC)  # 18:00 in Berlin
    at_16_utc = at_17_utc - dt.timedelta(hours=1)
    assert discussion_digests_send(now=at_16_utc) == 0
    assert discussion_digests_send(now=at_17_utc) == 1
    assert discussion_digests_send(now=at_17_utc + dt.timedelta(minutes=30)) == 0
    digests = [m for m in mailoutbox if student in m.to]
    assert len(digests) == 1
    assert "First" in digests[0].body and "Second" in digests[0].body
    assert not Notification.objects.filter(recipient__email=student, email__isnull=True).exists()


def test_unread_count_in_header_and_list(
    client, school, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(author=school.users["classmate"], thread=thread, body="Ping", moment=75)
    client.force_login(school.users["student"])
    html = client.get("/discussions/notifications/").content.decode()
    assert "1 unread" in html and "at 1:15" in html
    client.post("/discussions/notifications/", {"mark_read": "1"})
    assert "1 unread" not in client.get("/discussions/notifications/").content.decode()


def test_unsubscribe_link_turns_emails_off(client, school):
    from community.discussions.emails import unsubscribe_url

    path = unsubscribe_url(school.users["student"].pk).split("testserver")[-1]
    path = path[path.index("/discussions/") :]
    assert client.post(path).status_code == 200
    assert DiscussionPreference.objects.get(user=school.users["student"]).delivery == "off"
    assert client.post("/discussions/unsubscribe/forged:token/").status_code == 404
