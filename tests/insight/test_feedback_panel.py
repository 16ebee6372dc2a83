"""The lesson panel's forms: success goes back to the lesson (POST-redirect-GET); a refusal is
the lesson page again, with the message next to the field and what was typed kept (400), or
429 with Retry-After for flagging too fast; nothing is written then."""

import re

import pytest

from insight.feedback.models import LessonRating, UnclearFlag
from insight.feedback.services import unclear_flag_create


def rate_url(lesson) -> str:
    return f"/feedback/lessons/{lesson.pk}/rating/"


def flag_url(lesson) -> str:
    return f"/feedback/lessons/{lesson.pk}/flags/"


def field_error(page: str, field: str) -> str:
    match = re.search(rf'data-field-error="{field}">([^<]+)<', page)
    assert match, f"no error shown next to {field}"
    return match.group(1)


@pytest.fixture
def as_student(school, client):
    client.force_login(school.users["student"])
    return client


def test_a_rating_goes_back_to_the_lesson_with_a_thank_you(as_student, school):
    response = as_student.post(rate_url(school.lesson1), {"score": "4", "comment": "Clear"})

    assert response.status_code == 302
    assert response["Location"].endswith("#lesson-feedback")
    page = as_student.get(response["Location"]).content.decode()
    assert "your rating is saved" in page and "you gave 4 of 5" in page
    assert LessonRating.objects.get().comment == "Clear"


@pytest.mark.parametrize("score", ["", "0", "6", "x"])
def test_a_bad_rating_is_a_400_on_the_lesson_page_with_the_comment_kept(as_student, school, score):
    response = as_student.post(rate_url(school.lesson1), {"score": score, "comment": "Kept for me"})

    assert response.status_code == 400
    page = response.content.decode()
    assert field_error(page, "score") == "Choose a rating from 1 to 5."
    assert "Kept for me</textarea>" in page
    assert school.lesson1.title in page  # the lesson itself, not a bare error page
    assert not LessonRating.objects.exists()


def test_a_too_long_comment_is_a_400_next_to_the_comment(as_student, school):
    response = as_student.post(rate_url(school.lesson1), {"score": "3", "comment": "c" * 2001})

    assert response.status_code == 400
    assert "2000 characters" in field_error(response.content.decode(), "comment")
    assert 'value="3" required checked' in response.content.decode()
    assert not LessonRating.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "says"),
    [
        ({"moment": "-4"}, "moment", "between 0 and 24 hours"),
        ({"moment": "721"}, "moment", "The video is 12:00 long"),
        ({"moment": "later"}, "moment", "number of seconds"),
        ({"moment": "30", "note": "n" * 501}, "note", "500 characters"),
    ],
)
def test_a_bad_flag_is_a_400_next_to_its_field(as_student, school, data, field, says):
    response = as_student.post(flag_url(school.lesson1), {"note": "Lost here", **data})

    assert response.status_code == 400
    page = response.content.decode()
    assert says in field_error(page, field)
    assert f'value="{data["moment"]}"' in page
    assert not UnclearFlag.objects.exists()


def test_flagging_too_fast_is_a_429_with_retry_after(as_student, school, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "unclear_flag": "1/10m"}
    unclear_flag_create(user=school.users["student"], lesson=school.lesson1, moment=10)

    response = as_student.post(flag_url(school.lesson1), {"moment": "20", "note": "Again"})

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    page = response.content.decode()
    assert "flagging too fast" in page and 'value="Again"' in page
    assert UnclearFlag.objects.count() == 1


def test_a_flag_goes_back_to_the_lesson(as_student, school):
    response = as_student.post(flag_url(school.lesson1), {"moment": "12.5", "note": "Why?"})

    assert response.status_code == 302
    assert UnclearFlag.objects.get().note == "Why?"


def test_someone_without_the_lesson_open_gets_a_403(school, client):
    client.force_login(school.users["unenrolled"])

    rated = client.post(rate_url(school.lesson1), {"score": "4"})
    flagged = client.post(flag_url(school.lesson1), {"moment": "4"})

    assert (rated.status_code, flagged.status_code) == (403, 403)
    assert "Enrol to open it" in rated.content.decode()
    assert not LessonRating.objects.exists() and not UnclearFlag.objects.exists()
