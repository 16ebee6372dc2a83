"""The join link and the recording: only the class, only at the right time (the policy)."""

import datetime as dt

import pytest

from django.urls import reverse

from tests.factories import UserFactory

from .conftest import make_session

pytestmark = pytest.mark.django_db

SECRET = "https://meet.example.com/secret-room"


def _page(client, user, session):
    client.force_login(user)
    return client.get(reverse("live_sessions:detail", args=[session.pk]))


def test_the_join_link_is_hidden_until_fifteen_minutes_before(client, coaching):
    student = coaching.school.users["enrolled"]
    session = make_session(coaching.school.current, starts_in=dt.timedelta(minutes=16))
    page = _page(client, student, session).content.decode()
    assert SECRET not in page
    assert "15 minutes before the start" in page
    local = session.starts_at.astimezone(coaching.school.current.tz)
    assert f"{local:%H:%M}" in page and "(America/New_York)" in page  # the class's clock
    listing = client.get(reverse("live_sessions:list")).content.decode()
    assert session.title in listing and SECRET not in listing


@pytest.mark.parametrize("who", ["student", "coach"])
def test_the_class_sees_the_join_link_from_fifteen_minutes_before(client, coaching, who):
    user = coaching.school.users["enrolled"] if who == "student" else coaching.coach
    session = make_session(coaching.school.current, starts_in=dt.timedelta(minutes=14))
    assert SECRET in _page(client, user, session).content.decode()
    assert SECRET in client.get(reverse("live_sessions:list")).content.decode()


def test_the_join_link_goes_away_once_the_session_ended(client, coaching):
    session = make_session(coaching.school.current, starts_in=dt.timedelta(minutes=-70))
    assert SECRET not in _page(client, coaching.school.users["enrolled"], session).content.decode()


@pytest.mark.parametrize("who", ["other_cohort", "refunded", "stranger", "other_coach"])
def test_other_classes_never_see_the_session_or_its_link(client, coaching, who):
    users = {**coaching.school.users, "stranger": UserFactory()}
    users["other_coach"] = coaching.other_coach
    session = make_session(coaching.school.current, starts_in=dt.timedelta(minutes=5))
    response = _page(client, users[who], session)
    assert response.status_code == 404
    assert SECRET not in response.content.decode()
    listing = client.get(reverse("live_sessions:list")).content.decode()
    assert SECRET not in listing and session.title not in listing


def test_the_recording_link_is_served_to_the_class_after_the_session(client, coaching):
    session = make_session(
        coaching.school.current,
        starts_in=dt.timedelta(hours=-2),
        recording_url="https://video.example.com/recording-42",
    )
    client.force_login(coaching.school.users["enrolled"])
    page = client.get(reverse("live_sessions:detail", args=[session.pk])).content.decode()
    assert "recording-42" not in page  # the page links our endpoint, never the address
    response = client.get(reverse("live_sessions:recording", args=[session.pk]))
    assert response.status_code == 302
    assert response["Location"] == "https://video.example.com/recording-42"


@pytest.mark.parametrize("who", ["other_cohort", "refunded", "stranger"])
def test_the_recording_is_refused_to_outsiders(client, coaching, who):
    users = {**coaching.school.users, "stranger": UserFactory()}
    document = coaching.school.files1["video"]
    session = make_session(
        coaching.school.current, starts_in=dt.timedelta(hours=-2), recording_document=document
    )
    client.force_login(users[who])
    response = client.get(reverse("live_sessions:recording", args=[session.pk]))
    assert response.status_code == 403
    assert "Location" not in response


def test_a_private_recording_file_is_a_short_lived_link_of_the_student(client, coaching):
    document = coaching.school.files1["video"]
    session = make_session(
        coaching.school.current, starts_in=dt.timedelta(hours=-2), recording_document=document
    )
    student = coaching.school.users["enrolled"]
    client.force_login(student)
    response = client.get(reverse("live_sessions:recording", args=[session.pk]))
    assert response.status_code == 302
    link = response["Location"]
    assert client.get(link).status_code == 200
    client.force_login(coaching.school.users["other_cohort"])
    assert client.get(link).status_code == 403  # the link names the student it was made for


def test_no_recording_before_the_session_ended(client, coaching):
    session = make_session(
        coaching.school.current,
        starts_in=dt.timedelta(minutes=-10),
        recording_url="https://video.example.com/r",
    )
    client.force_login(coaching.school.users["enrolled"])
    assert client.get(reverse("live_sessions:recording", args=[session.pk])).status_code == 403


def test_anonymous_readers_are_sent_to_sign_in(client, coaching):
    session = make_session(coaching.school.current, starts_in=dt.timedelta(minutes=5))
    response = client.get(reverse("live_sessions:detail", args=[session.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
