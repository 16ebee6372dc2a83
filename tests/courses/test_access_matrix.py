"""Who sees a lesson, on every surface: the page, the JSON API and the file downloads.

One policy (courses.selectors.lesson_access) answers for all three; this matrix holds each
surface to the same answer for every kind of visitor.
"""

import pytest

from courses.selectors import AccessReason, lesson_access

# persona -> (user key in the school, lesson key, expected reason)
CASES = {
    "anonymous": ("anonymous", "lesson1", AccessReason.ANONYMOUS),
    "unenrolled": ("unenrolled", "lesson1", AccessReason.NOT_ENROLLED),
    "other_cohort": ("other_cohort", "lesson1", AccessReason.NOT_RELEASED_YET),
    "enrolled_before_release": ("enrolled", "lesson2", AccessReason.NOT_RELEASED_YET),
    "enrolled_after_release": ("enrolled", "lesson1", AccessReason.GRANTED),
    "refunded": ("refunded", "lesson1", AccessReason.REVOKED),
    "editor": ("editor", "lesson1", AccessReason.STAFF_PREVIEW),
}
ALLOWED = {AccessReason.GRANTED, AccessReason.STAFF_PREVIEW}
PRIVATE_TEXT = "The private lesson text."


def arrange(school, client, persona):
    user_key, lesson_key, reason = CASES[persona]
    user = school.users[user_key]
    if user is not None:
        client.force_login(user)
    lesson = getattr(school, lesson_key)
    files = school.files1 if lesson_key == "lesson1" else school.files2
    return user, lesson, files, reason


@pytest.mark.parametrize("persona", CASES)
def test_policy_reason(school, client, persona, django_user_model):
    from django.contrib.auth.models import AnonymousUser
    from django.utils import timezone

    user, lesson, _, reason = arrange(school, client, persona)
    access = lesson_access(user=user or AnonymousUser(), lesson=lesson, now=timezone.now())
    assert access.reason == reason
    assert access.allowed is (reason in ALLOWED)


@pytest.mark.parametrize("persona", CASES)
def test_lesson_page(school, client, persona):
    _, lesson, files, reason = arrange(school, client, persona)
    response = client.get(lesson.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert lesson.title in html and lesson.summary in html  # the outline is public
    assert "private" in response["Cache-Control"]
    if reason in ALLOWED:
        assert PRIVATE_TEXT in html
        assert f"/lesson-files/{lesson.pk}/{files['video'].pk}/" in html
        assert "Today we look at outcomes, not output." in html  # the transcript
        assert f"/lesson-files/{lesson.pk}/{files['takeaway'].pk}/" in html
    else:
        assert PRIVATE_TEXT not in html
        assert "/lesson-files/" not in html
        assert "Today we look at outcomes" not in html
        assert 'class="locked' in html


@pytest.mark.parametrize("persona", CASES)
def test_lesson_api(school, client, persona):
    _, lesson, files, reason = arrange(school, client, persona)
    response = client.get(f"/api/v1/courses/lessons/{lesson.pk}/")
    data = response.json()
    if reason in ALLOWED:
        assert response.status_code == 200
        assert data["access"]["reason"] == reason
        types = [block["type"] for block in data["body"]]
        assert types == ["paragraph", "video", "takeaways"]
        video = data["body"][1]["value"]
        assert video["transcript"]["cues"][1]["text"] == "Today we look at outcomes, not output."
        video_url = f"/lesson-files/{lesson.pk}/{files['video'].pk}/?inline=1"
        assert video["file"]["url"].endswith(video_url)
    else:
        assert response.status_code == 403
        assert data["access"]["reason"] == reason
        assert "body" not in data
        if reason == AccessReason.NOT_RELEASED_YET:
            assert data["access"]["available_at"]


@pytest.mark.parametrize("persona", CASES)
@pytest.mark.parametrize("kind", ["takeaway", "video", "transcript"])
def test_lesson_file_download(school, client, persona, kind):
    _, lesson, files, reason = arrange(school, client, persona)
    document = files[kind]
    response = client.get(f"/lesson-files/{lesson.pk}/{document.pk}/")
    if reason in ALLOWED:
        assert response.status_code == 302
        assert response["Location"].startswith("/lesson-files/signed/")
        served = client.get(response["Location"])
        assert served.status_code == 200
        assert b"".join(served.streaming_content) == document.file.open("rb").read()
    elif reason == AccessReason.ANONYMOUS:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", CASES)
def test_wagtail_document_url_follows_the_policy(school, client, persona):
    """Wagtail's own /documents/<id>/<name> cannot hand a private file to anyone refused."""
    _, _, files, reason = arrange(school, client, persona)
    document = files["takeaway"]
    response = client.get(document.url)
    if reason in ALLOWED:
        assert response.status_code == 302
        assert response["Location"].startswith("/lesson-files/signed/")
    elif reason == AccessReason.ANONYMOUS:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403
    assert b"Checklist" not in response.content
