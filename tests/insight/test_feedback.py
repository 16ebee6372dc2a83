"""Lesson feedback: grouping by moment, one rating per student, access, the editors' queue."""

import pytest

from django.core.exceptions import PermissionDenied, ValidationError

from insight.feedback.grouping import group_by_moment
from insight.feedback.models import LessonRating, UnclearFlag
from insight.feedback.services import lesson_rate, unclear_flag_create


def test_flags_group_within_30_seconds_of_the_group_start():
    groups = group_by_moment([95, 10, 40.5, 12, 41, 100, 300], moment_of=float)
    assert [g.items for g in groups] == [[10, 12], [40.5, 41], [95, 100], [300]]
    assert group_by_moment([], moment_of=float) == []
    assert [g.items for g in group_by_moment([0, 30, 30.1], moment_of=float)] == [[0, 30], [30.1]]


def test_rating_again_replaces_it(school):
    student = school.users["student"]
    lesson_rate(user=student, lesson=school.lesson1, score=2, comment="slow")
    rating = lesson_rate(user=student, lesson=school.lesson1, score="5")
    assert LessonRating.objects.filter(lesson=school.lesson1).count() == 1
    assert (rating.score, rating.comment, rating.cohort) == (5, "", school.current)


@pytest.mark.parametrize("score", ["0", "6", "x", "", None, "3.5"])
def test_bad_score_names_the_field(school, score):
    with pytest.raises(ValidationError) as error:
        lesson_rate(user=school.users["student"], lesson=school.lesson1, score=score)
    assert "score" in error.value.message_dict
    assert not LessonRating.objects.exists()


@pytest.mark.parametrize("who", ["unenrolled", "refunded", "staff"])
def test_only_students_with_access_rate_and_flag(school, who):
    with pytest.raises(PermissionDenied):
        lesson_rate(user=school.users[who], lesson=school.lesson1, score=4)
    with pytest.raises(PermissionDenied):
        unclear_flag_create(user=school.users[who], lesson=school.lesson1, moment=12)
    assert not LessonRating.objects.exists() and not UnclearFlag.objects.exists()


def test_locked_week_is_refused(school):
    with pytest.raises(PermissionDenied, match="not opened"):
        lesson_rate(user=school.users["student"], lesson=school.lesson2, score=4)


def test_editor_queue_only_for_editors(school, client):
    flag = unclear_flag_create(
        user=school.users["student"], lesson=school.lesson1, moment=62, note="lost here"
    )
    url = f"/admin/lesson-feedback/lessons/{school.lesson1.pk}/"
    client.force_login(school.users["student"])
    assert client.get(url).status_code in (302, 403)
    client.force_login(school.users["staff"])
    page = client.get(url)
    assert page.status_code == 200 and b"lost here" in page.content
    client.post(url, {"flag": [flag.pk]})
    flag.refresh_from_db()
    assert flag.handled_by == school.users["staff"]


def test_flagging_too_fast_is_refused_and_nothing_written(school, client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "unclear_flag": "2/10m"}
    student = school.users["student"]
    for moment in (10, 20):
        unclear_flag_create(user=student, lesson=school.lesson1, moment=moment)
    client.force_login(student)

    page = client.post(
        f"/feedback/lessons/{school.lesson1.pk}/flags/", {"moment": "30"}, follow=True
    ).content.decode()

    assert "flagging too fast" in page
    assert UnclearFlag.objects.filter(user=student).count() == 2
