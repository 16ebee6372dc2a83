"""The lesson feedback API: a student rates and flags the lessons their class has open, editors
work the queue; every refusal in the one error shape, nothing written."""

import pytest
from allauth.account.models import EmailAddress

from insight.feedback.models import LessonRating, UnclearFlag
from insight.feedback.services import unclear_flag_create
from tests.api.support import app_session_token, assert_error_shape

JSON = "application/json"


def rating_url(lesson) -> str:
    return f"/api/v1/lessons/{lesson.pk}/rating/"


def flags_url(lesson) -> str:
    return f"/api/v1/lessons/{lesson.pk}/unclear-flags/"


@pytest.fixture
def as_student(school, client):
    client.force_login(school.users["student"])
    return client


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("get", "rating/", None),
        ("put", "rating/", {"score": 4}),
        ("get", "unclear-flags/", None),
        ("post", "unclear-flags/", {"moment": 3}),
        ("get", "unclear-flags/queue/", None),
        ("post", "unclear-flags/handled/", {"flags": [1]}),
    ],
)
def test_anonymous_gets_401(school, client, method, suffix, body):
    url = f"/api/v1/lessons/{school.lesson1.pk}/{suffix}"
    response = getattr(client, method)(url, body, content_type=JSON)
    assert_error_shape(response, 401, "not_authenticated")


def test_rating_with_an_app_token_and_rating_again_replaces_it(school, client):
    student = school.users["student"]
    EmailAddress.objects.create(user=student, email=student.email, verified=True, primary=True)
    token = app_session_token(student)
    headers = {"HTTP_X_SESSION_TOKEN": token}
    url = rating_url(school.lesson1)

    before = client.get(url, **headers).json()
    first = client.put(url, {"score": 2, "comment": "Too fast"}, content_type=JSON, **headers)
    second = client.put(url, {"score": 5}, content_type=JSON, **headers)
    mine = client.get(url, **headers).json()

    assert (before["rated"], before["score"]) == (False, None)
    assert first.status_code == 200 and first.json()["score"] == 2
    assert second.status_code == 200
    assert (mine["rated"], mine["score"], mine["comment"]) == (True, 5, "")
    [rating] = LessonRating.objects.filter(lesson=school.lesson1)
    assert (rating.user, rating.score, rating.cohort) == (
        school.users["student"],
        5,
        school.current,
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"score": 0}, "score"),
        ({"score": 6}, "score"),
        ({"score": "great"}, "score"),
        ({}, "score"),
        ({"score": 4, "comment": "x" * 2001}, "comment"),
    ],
)
def test_bad_rating_is_a_400_naming_the_field(as_student, school, body, field):
    response = as_student.put(rating_url(school.lesson1), body, content_type=JSON)

    error = assert_error_shape(response, 400, "invalid")
    assert error["field"] == field and error["errors"][field]
    assert not LessonRating.objects.exists()


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        ({"moment": -1}, "moment", "greater than or equal to 0"),
        ({"moment": 721}, "moment", "The video is 12:00 long"),  # a 12-minute lesson
        ({"moment": "soon"}, "moment", "number"),
        ({"moment": 5, "note": "n" * 501}, "note", "500"),
    ],
)
def test_bad_flag_is_a_400_naming_the_field(as_student, school, body, field, says):
    response = as_student.post(flags_url(school.lesson1), body, content_type=JSON)

    error = assert_error_shape(response, 400, "invalid")
    assert error["field"] == field and says in error["detail"], error
    assert not UnclearFlag.objects.exists()


@pytest.mark.parametrize(
    ("who", "reason"),
    [("unenrolled", "not_enrolled"), ("refunded", "revoked"), ("staff", "staff_preview")],
)
def test_a_person_without_the_lesson_open_cannot_rate_or_flag(school, client, who, reason):
    client.force_login(school.users[who])

    rated = client.put(rating_url(school.lesson1), {"score": 4}, content_type=JSON)
    flagged = client.post(flags_url(school.lesson1), {"moment": 3}, content_type=JSON)

    read_rating = client.get(rating_url(school.lesson1))
    read_flags = client.get(flags_url(school.lesson1))
    for response in (rated, flagged, read_rating, read_flags):
        assert assert_error_shape(response, 403, "lesson_closed")["access"]["reason"] == reason
    assert not LessonRating.objects.exists() and not UnclearFlag.objects.exists()


def test_a_week_not_yet_open_is_refused_and_an_unknown_lesson_is_404(as_student, school):
    locked = as_student.put(rating_url(school.lesson2), {"score": 4}, content_type=JSON)
    assert assert_error_shape(locked, 403, "lesson_closed")["access"]["reason"] == (
        "not_released_yet"
    )
    school.lesson1.unpublish()
    for url in (rating_url(school.lesson1), "/api/v1/lessons/999999/rating/"):
        assert_error_shape(as_student.put(url, {"score": 4}, content_type=JSON), 404)
    assert_error_shape(as_student.get("/api/v1/lessons/999999/unclear-flags/"), 404)


def test_flag_a_moment_and_list_only_mine(as_student, school):
    unclear_flag_create(user=school.users["classmate"], lesson=school.lesson1, moment=4)

    created = as_student.post(
        flags_url(school.lesson1), {"moment": 192.5, "note": "Lost the thread"}, content_type=JSON
    )
    mine = as_student.get(flags_url(school.lesson1)).json()

    assert created.status_code == 201
    assert created.json()["moment_label"] == "3:12"
    assert [(f["moment"], f["note"], f["handled"]) for f in mine] == [
        (192.5, "Lost the thread", False)
    ]
    assert UnclearFlag.objects.get(pk=created.json()["id"]).cohort == school.current


def test_flagging_too_fast_is_a_429_with_retry_after_and_nothing_written(
    as_student, school, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "unclear_flag": "2/10m"}
    for moment in (10, 20):
        response = as_student.post(flags_url(school.lesson1), {"moment": moment}, content_type=JSON)
        assert response.status_code == 201

    refused = as_student.post(flags_url(school.lesson1), {"moment": 30}, content_type=JSON)

    error = assert_error_shape(refused, 429, "rate_limited")
    assert 0 < error["retry_after"] <= 600
    assert refused["Retry-After"] == str(error["retry_after"])
    assert "flagging too fast" in error["detail"]
    assert UnclearFlag.objects.count() == 2


def test_editors_read_the_queue_grouped_by_moment_and_mark_flags_handled(school, client):
    student, classmate = school.users["student"], school.users["classmate"]
    near = [
        unclear_flag_create(user=student, lesson=school.lesson1, moment=60, note="jargon"),
        unclear_flag_create(user=classmate, lesson=school.lesson1, moment=75),
    ]
    far = unclear_flag_create(user=classmate, lesson=school.lesson1, moment=400)
    queue_url = f"{flags_url(school.lesson1)}queue/"

    client.force_login(student)
    assert_error_shape(client.get(queue_url), 403, "permission_denied")
    forbidden = client.post(f"{flags_url(school.lesson1)}handled/", {"flags": [far.pk]},
                            content_type=JSON)  # fmt: skip
    assert_error_shape(forbidden, 403)

    client.force_login(school.users["staff"])
    queue = client.get(queue_url).json()
    assert [(g["start_label"], g["end_label"], g["size"]) for g in queue["groups"]] == [
        ("1:00", "1:15", 2),
        ("6:40", "6:40", 1),
    ]
    assert queue["groups"][0]["flags"][0]["note"] == "jargon"
    assert queue["groups"][0]["flags"][0]["cohort"] == "Current"

    handled = client.post(
        f"{flags_url(school.lesson1)}handled/",
        {"flags": [flag.pk for flag in near]},
        content_type=JSON,
    )
    assert handled.json() == {"handled": 2, "open": 1}
    again = client.post(
        f"{flags_url(school.lesson1)}handled/", {"flags": [near[0].pk]}, content_type=JSON
    )
    assert again.json() == {"handled": 0, "open": 1}
    assert [g["size"] for g in client.get(queue_url).json()["groups"]] == [1]
    everything = client.get(queue_url, {"include_handled": "true"}).json()
    assert [g["size"] for g in everything["groups"]] == [2, 1]
    assert UnclearFlag.objects.get(pk=near[0].pk).handled_by == school.users["staff"]
    bad = client.get(queue_url, {"include_handled": "maybe"})
    assert assert_error_shape(bad, 400)["field"] == "include_handled"
