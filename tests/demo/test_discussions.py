"""The demo class three weeks in has discussions on weeks 1-3, some anchored, one answered."""

from io import StringIO

import pytest

from django.core.management import call_command
from django.utils import timezone

from cms.models import User
from community.discussions.models import Post, Thread
from courses.selectors.access import discussion_access, lesson_location

pytestmark = pytest.mark.django_db


def test_demo_class_discusses_weeks_one_to_three():
    call_command("seed_demo", stdout=StringIO())
    threads = list(Thread.objects.select_related("cohort", "lesson"))
    weeks = {lesson_location(lesson=t.lesson).week_number for t in threads}
    assert weeks == {1, 2, 3}
    assert len({t.cohort_id for t in threads}) == 1
    assert Post.objects.filter(moment__isnull=False).count() >= 2
    answer = Post.objects.get(is_answer=True)
    coach = User.objects.get(email="coach@institute.test")
    assert answer.author == coach
    now = timezone.now()
    student = User.objects.get(email="student@institute.test")
    for thread in threads:  # every demo thread is one the demo student and coach may read
        assert discussion_access(
            user=student, cohort=thread.cohort, lesson=thread.lesson, now=now
        ).can_post
        assert discussion_access(
            user=coach, cohort=thread.cohort, lesson=thread.lesson, now=now
        ).can_moderate
