"""Data for issue 15's benchmark: the same lesson page, with 200 posts in the reader's
class's discussion and with none, for two students of two classes of the same course.

Idempotent: run after ``seed_demo``; a second run finds what the first made.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

BUSY = "bench-discussion-busy@institute.test"
QUIET = "bench-discussion-quiet@institute.test"
POSTS = 200


def _lesson():
    from courses.models import LessonPage

    return LessonPage.objects.live().order_by("path").first()


def _student(email: str, cohort):
    from courses.models import Enrollment, EnrollmentSource, EnrollmentStatus

    user, _ = get_user_model().objects.get_or_create(
        email=email,
        defaults={
            "first_name": "Bench",
            "date_joined": timezone.now() - dt.timedelta(days=90),
        },
    )
    Enrollment.objects.get_or_create(
        user=user,
        cohort=cohort,
        defaults={"source": EnrollmentSource.STAFF, "status": EnrollmentStatus.ACTIVE},
    )
    return user


def _cohort(course_id: int, slug: str):
    from courses.models import Cohort, ReleaseSource, WeekRelease

    cohort, _ = Cohort.objects.get_or_create(
        slug=slug,
        defaults={
            "course_id": course_id,
            "name": slug.replace("-", " ").capitalize(),
            "start_date": timezone.now().date() - dt.timedelta(days=21),
            "capacity": 5,
        },
    )
    WeekRelease.objects.get_or_create(
        cohort=cohort,
        week_number=1,
        defaults={"released_at": timezone.now(), "source": ReleaseSource.SCHEDULE},
    )
    return cohort


def discussion_bench_prepare() -> str:
    """Make (once) both classes, both students and the 200 posts; returns the lesson's path."""
    from community.discussions.models import Post, Thread
    from courses.selectors.access import lesson_location

    lesson = _lesson()
    course_id = lesson_location(lesson=lesson).course_id
    busy_class = _cohort(course_id, "bench-discussion-busy")
    quiet_class = _cohort(course_id, "bench-discussion-quiet")
    busy = _student(BUSY, busy_class)
    _student(QUIET, quiet_class)
    have = Post.objects.filter(thread__cohort=busy_class, thread__lesson=lesson).count()
    now = timezone.now()
    for number in range(have // 5, POSTS // 5):  # 40 threads of 5 posts
        thread = Thread.objects.create(
            cohort=busy_class, lesson=lesson, author=busy, title=f"Bench thread {number}"
        )
        opening = Post.objects.create(
            thread=thread, author=busy, body=f"**Opening** post {number}", moment=number * 7.5
        )
        Post.objects.bulk_create(
            Post(thread=thread, author=busy, body=f"Reply {r} with `code`", reply_to=opening)
            for r in range(4)
        )
        Thread.objects.filter(pk=thread.pk).update(reply_count=4, last_activity_at=now)
    return lesson.url
