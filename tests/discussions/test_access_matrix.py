"""Who may read and post in a class's discussion of a lesson: one policy for the service, the
lesson page and the notifications (issue 15 item 2)."""

import pytest

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from community.discussions.models import Thread
from community.discussions.services import post_reply, thread_create
from courses.selectors.access import discussion_access

# (who, class, lesson) -> (read, post)
MATRIX = [
    ("anonymous", "current", "lesson1", False, False),
    ("unenrolled", "current", "lesson1", False, False),
    ("other_class", "current", "lesson1", False, False),
    ("student", "current", "lesson2", False, False),  # before release
    ("student", "current", "lesson1", True, True),  # after release
    ("transferred", "other", "lesson1", True, False),  # old class: read-only
    ("transferred", "current", "lesson1", True, True),  # new class
    ("refunded", "current", "lesson1", False, False),
    ("coach", "current", "lesson1", True, True),
    ("coach", "current", "lesson2", True, True),
    ("coach", "other", "lesson1", False, False),  # not their class
    ("staff", "other", "lesson2", True, True),
]


@pytest.mark.parametrize(("who", "cohort", "lesson", "read", "post"), MATRIX)
def test_policy(school, who, cohort, lesson, read, post):
    user = school.users[who] or AnonymousUser()
    access = discussion_access(
        user=user,
        cohort=getattr(school, cohort),
        lesson=getattr(school, lesson),
        now=timezone.now(),
    )
    assert (access.can_read, access.can_post) == (read, post)
    assert access.can_moderate == (who in ("coach", "staff") and read)


@pytest.mark.parametrize(("who", "cohort", "lesson", "read", "post"), MATRIX)
def test_service_posts_only_where_policy_allows(school, who, cohort, lesson, read, post):
    user = school.users[who] or AnonymousUser()
    call = lambda: thread_create(  # noqa: E731
        author=user,
        cohort=getattr(school, cohort),
        lesson=getattr(school, lesson),
        title="Question",
        body="What does week one mean?",
    )
    if post:
        assert call().pk
    else:
        with pytest.raises(PermissionDenied):
            call()
        assert not Thread.objects.exists()


def _seed(school, cohort):
    starter = school.users["coach"] if cohort == "current" else school.users["staff"]
    for lesson in (school.lesson1, school.lesson2):
        thread_create(
            author=starter, cohort=getattr(school, cohort), lesson=lesson,
            title="Secret thread title", body="The class's private words",
        )  # fmt: skip


def _shows(html: str) -> bool:
    return "The class&#x27;s private words" in html or "The class's private words" in html


@pytest.mark.parametrize(("who", "cohort", "lesson", "read", "post"), MATRIX)
def test_class_discussion_page(client, school, who, cohort, lesson, read, post):
    _seed(school, cohort)
    if school.users[who]:
        client.force_login(school.users[who])
    cohort_obj, lesson_obj = getattr(school, cohort), getattr(school, lesson)
    response = client.get(
        reverse("discussions:class_discussion", args=[cohort_obj.pk, lesson_obj.pk])
    )
    html = response.content.decode()
    assert _shows(html) == read
    assert ("data-new-thread" in html) == post
    if who == "anonymous":
        assert response.status_code == 302
    elif not read:
        assert response.status_code == 403


STUDENT_ROWS = [row for row in MATRIX if row[0] not in ("coach", "staff")]


@pytest.mark.parametrize(("who", "cohort", "lesson", "read", "post"), STUDENT_ROWS)
def test_lesson_page_panel(client, school, who, cohort, lesson, read, post):
    _seed(school, cohort)
    if school.users[who]:
        client.force_login(school.users[who])
    page = getattr(school, lesson)
    html = client.get(page.url, {"class": getattr(school, cohort).pk}).content.decode()
    assert _shows(html) == read
    assert ("data-new-thread" in html) == post


def test_transferred_student_cannot_reply_in_old_class(school):
    thread = thread_create(
        author=school.users["other_class"], cohort=school.other, lesson=school.lesson1,
        title="Old class thread", body="Hello",
    )  # fmt: skip
    with pytest.raises(PermissionDenied, match="read-only"):
        post_reply(author=school.users["transferred"], thread=thread, body="Me too")
