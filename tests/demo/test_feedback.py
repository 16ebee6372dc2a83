"""The demo's running class has rated its released lessons and flagged unclear moments at
real lines of their transcripts; the editor has handled a few."""

from io import StringIO

import pytest

from django.core.management import call_command
from django.utils import timezone

from cms.models import User
from courses.selectors.access import AccessReason, lesson_access
from insight.feedback.models import LessonRating, UnclearFlag
from insight.feedback.selectors import lesson_flag_groups, lesson_transcript_cues

pytestmark = pytest.mark.django_db


def test_demo_class_rates_lessons_and_flags_moments_on_its_transcripts():
    output = StringIO()
    call_command("seed_demo", stdout=output)

    ratings = list(LessonRating.objects.select_related("lesson", "user", "cohort"))
    flags = list(UnclearFlag.objects.select_related("lesson", "user", "cohort"))
    assert len(ratings) >= 10 and len(flags) >= 8, output.getvalue()
    assert len({r.cohort_id for r in ratings} | {f.cohort_id for f in flags}) == 1
    assert len({r.lesson_id for r in ratings}) >= 3
    assert {r.score for r in ratings} >= {3, 4, 5}
    assert any(r.comment for r in ratings) and any(not r.comment for r in ratings)
    demo_student = User.objects.get(email="student@institute.test")
    assert demo_student not in {r.user for r in ratings} | {f.user for f in flags}

    now = timezone.now()
    for item in [*ratings, *flags]:  # only students who may open the lesson, in the past
        access = lesson_access(user=item.user, lesson=item.lesson, now=now)
        assert access.reason == AccessReason.GRANTED
        assert item.created_at <= now
    for flag in flags:  # at a moment someone is speaking in the lesson video
        cues = lesson_transcript_cues(lesson=flag.lesson)
        assert any(cue.start <= flag.moment <= cue.end + 0.5 for cue in cues), flag.moment

    handled = [f for f in flags if f.handled_at]
    assert 0 < len(handled) < len(flags) / 2
    assert {f.handled_by.email for f in handled} == {"editor@institute.test"}
    lesson = next(f.lesson for f in flags if not f.handled_at)
    assert max(group.size for group in lesson_flag_groups(lesson=lesson)) >= 2
