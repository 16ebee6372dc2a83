"""A weekly series: all sessions or none, on the class's wall clock, with clear refusals."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from django.urls import reverse

from coaching.sessions.models import LiveSession
from coaching.sessions.services import LiveSessionError, SeriesRequest, series_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _request(cohort, **kwargs) -> SeriesRequest:
    values = {
        "cohort": cohort,
        "title": "Weekly Q&A",
        "kind": "qa",
        "first_date": dt.date(2030, 10, 17),
        "start_time": dt.time(18, 0),
        "duration_minutes": 60,
        "weeks": 4,
        "join_url": "https://meet.example.com/qa",
    }
    values.update(kwargs)
    return SeriesRequest(**values)


def test_a_series_keeps_the_class_wall_clock_across_a_daylight_saving_change(school):
    cohort = school.current  # America/New_York; clocks go back on 3 Nov 2030
    sessions = series_create(request=_request(cohort))

    assert len(sessions) == 4
    new_york = ZoneInfo("America/New_York")
    assert [s.starts_at.astimezone(new_york).strftime("%d %H:%M") for s in sessions] == [
        "17 18:00",
        "24 18:00",
        "31 18:00",
        "07 18:00",
    ]
    utc_hours = [s.starts_at.astimezone(dt.UTC).hour for s in sessions]
    assert utc_hours == [22, 22, 22, 23]
    assert len({s.series_key for s in sessions}) == 1
    assert all(s.ends_at - s.starts_at == dt.timedelta(hours=1) for s in sessions)


def test_one_clashing_date_refuses_the_whole_series(school):
    cohort = school.current
    clash = dt.datetime(2030, 10, 31, 18, 0, tzinfo=cohort.tz)
    LiveSession.objects.create(
        cohort=cohort,
        title="Office hours",
        starts_at=clash,
        ends_at=clash + dt.timedelta(hours=1),
        join_url="https://meet.example.com/x",
    )
    with pytest.raises(LiveSessionError, match="already has a session at Thu 31 Oct 2030 18:00"):
        series_create(request=_request(cohort))
    assert LiveSession.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"weeks": 0}, "between 1 and 20 weekly sessions"),
        ({"weeks": 21}, "between 1 and 20 weekly sessions"),
        ({"duration_minutes": 0}, "lasts between 1 and 480 minutes"),
        ({"first_date": dt.date(2020, 1, 2)}, "is in the past; pick a later date"),
        ({"capacity": 10}, "A capacity needs RSVPs"),
        ({"capacity": 0, "rsvp_required": True}, "at least 1"),
    ],
)
def test_bad_input_is_refused_with_what_to_fix_and_nothing_written(school, change, message):
    with pytest.raises(LiveSessionError, match=message):
        series_create(request=_request(school.current, **change))
    assert not LiveSession.objects.exists()


def _admin(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))


def _form(cohort, **kwargs):
    data = {
        "cohort": cohort.pk,
        "kind": "qa",
        "title": "Weekly Q&A",
        "description": "",
        "first_date": "2030-10-17",
        "start_time": "18:00",
        "duration_minutes": "60",
        "weeks": "10",
        "join_url": "https://meet.example.com/qa",
        "capacity": "",
    }
    data.update(kwargs)
    return data


def test_the_admin_page_previews_then_creates_the_series(client, school):
    _admin(client)
    url = reverse("live_session:series")
    assert client.get(url).status_code == 200

    preview = client.post(url, _form(school.current))
    page = preview.content.decode()
    assert preview.status_code == 200 and 'data-testid="series-preview"' in page
    assert "Thu 17 Oct 2030, 18:00" in page and "Thu 19 Dec 2030, 18:00" in page
    assert not LiveSession.objects.exists()  # a preview writes nothing

    done = client.post(url, _form(school.current, confirm="1"))
    assert done.status_code == 302
    assert LiveSession.objects.filter(cohort=school.current).count() == 10


def test_the_admin_page_names_every_field_to_fix(client, school):
    _admin(client)
    response = client.post(
        reverse("live_session:series"),
        _form(school.current, weeks="30", first_date="2020-02-04", confirm="1"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "between 1 and 20 weekly sessions" in page and "Nothing was scheduled" in page
    assert "is in the past; pick a later date" in page
    assert not LiveSession.objects.exists()


def test_a_student_cannot_open_the_series_page(client, school):
    client.force_login(school.users["enrolled"])
    response = client.get(reverse("live_session:series"))
    assert response.status_code in (302, 403)


def test_one_session_is_entered_in_the_class_time_zone(client, school):
    _admin(client)
    response = client.post(
        reverse("live_session:add"),
        {
            "cohort": school.current.pk,
            "kind": "office_hours",
            "title": "Office hours",
            "description": "",
            "date": "2030-07-01",
            "start_time": "09:30",
            "end_time": "10:15",
            "join_url": "https://meet.example.com/oh",
            "capacity": "",
            "recording_url": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    session = LiveSession.objects.get()
    assert session.starts_at == dt.datetime(2030, 7, 1, 13, 30, tzinfo=dt.UTC)  # EDT is UTC-4
    assert session.ends_at - session.starts_at == dt.timedelta(minutes=45)
    edit = client.get(reverse("live_session:edit", args=[session.pk])).content.decode()
    assert 'value="09:30"' in edit


def test_one_session_that_ends_before_it_starts_is_refused(client, school):
    _admin(client)
    response = client.post(
        reverse("live_session:add"),
        {
            "cohort": school.current.pk,
            "kind": "qa",
            "title": "Q",
            "date": "2030-07-01",
            "start_time": "10:00",
            "end_time": "09:00",
            "join_url": "https://meet.example.com/oh",
        },
    )
    assert response.status_code == 200
    assert "must end after it starts" in response.content.decode()
    assert not LiveSession.objects.exists()
