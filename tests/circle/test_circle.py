"""The executive peer circle: executives of every running class share it, Standard students
cannot enter, coaches and staff moderate it."""

import datetime as dt

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community.circle.access import circle_access
from community.circle.models import CircleThread
from community.circle.services import circle_reply, circle_thread_create, circle_thread_moderate
from courses.entitlements.models import EntitlementKind, TierEntitlement
from courses.models import CohortCoach, EnrollmentTier
from tests.factories import CoachFactory, CohortFactory, EnrollmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle(db):
    TierEntitlement.objects.create(tier=EnrollmentTier.EXECUTIVE, kind=EntitlementKind.PEER_CIRCLE)
    today = timezone.now().date()
    first = CohortFactory(start_date=today - dt.timedelta(days=10))
    second = CohortFactory(start_date=today - dt.timedelta(days=40))
    return {
        "exec_a": EnrollmentFactory(cohort=first, tier=EnrollmentTier.EXECUTIVE).user,
        "exec_b": EnrollmentFactory(cohort=second, tier=EnrollmentTier.EXECUTIVE).user,
        "standard": EnrollmentFactory(cohort=first, tier=EnrollmentTier.STANDARD).user,
        "cohort": first,
    }


def test_executives_of_different_classes_share_the_circle(circle, client):
    thread = circle_thread_create(
        user=circle["exec_a"], title="Board updates", body="How do you report outcomes?"
    )
    client.force_login(circle["exec_b"])
    assert "Board updates" in client.get("/circle/").content.decode()
    response = client.post(f"/circle/threads/{thread.pk}/", {"body": "Quarterly, by outcome."})
    assert response.status_code == 302
    assert "Quarterly, by outcome." in client.get(f"/circle/threads/{thread.pk}/").content.decode()


def test_a_standard_student_cannot_enter(circle, client):
    thread = circle_thread_create(user=circle["exec_a"], title="Hiring", body="Who hires PMs?")
    client.force_login(circle["standard"])
    for url in ("/circle/", f"/circle/threads/{thread.pk}/"):
        response = client.get(url)
        assert response.status_code == 403
        assert "comes with the Executive tier" in response.content.decode()
        assert "Who hires PMs?" not in response.content.decode()
    assert client.post("/circle/", {"title": "x", "body": "y"}).status_code == 403
    with pytest.raises(PermissionDenied):
        circle_reply(user=circle["standard"], thread=thread, body="Me too")
    assert CircleThread.objects.count() == 1


def test_bad_input_names_what_to_fix(circle, client):
    client.force_login(circle["exec_a"])
    response = client.post("/circle/", {"title": "", "body": "text"})
    assert response.status_code == 400
    assert "Give your thread a title." in response.content.decode()
    with pytest.raises(ValidationError):
        circle_thread_create(user=circle["exec_a"], title="t", body="   ")


def test_a_coach_moderates_and_a_student_cannot(circle, client):
    coach = CoachFactory(user=UserFactory())
    CohortCoach.objects.create(cohort=circle["cohort"], coach=coach, role="lead")
    thread = circle_thread_create(user=circle["exec_a"], title="Off topic", body="Spam")
    assert circle_access(user=coach.user).can_moderate
    with pytest.raises(PermissionDenied):
        circle_thread_moderate(moderator=circle["exec_b"], thread=thread, action="hide")
    client.force_login(coach.user)
    assert client.post(f"/circle/threads/{thread.pk}/hide/").status_code == 302
    client.force_login(circle["exec_b"])
    assert "Off topic" not in client.get("/circle/").content.decode()
    assert client.get(f"/circle/threads/{thread.pk}/").status_code == 404


def test_a_closed_thread_takes_no_replies(circle):
    thread = circle_thread_create(user=circle["exec_a"], title="Done", body="Wrapped up")
    CircleThread.objects.filter(pk=thread.pk).update(closed=True)
    with pytest.raises(PermissionDenied, match="closed"):
        circle_reply(user=circle["exec_b"], thread=thread, body="One more")


def test_posting_too_fast_is_refused_with_429_and_nothing_written(circle, client, settings):
    """The circle shares the lesson discussions' posting budget (``discussion_post``)."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "discussion_post": "2/10m"}
    client.force_login(circle["exec_a"])
    thread = circle_thread_create(user=circle["exec_a"], title="Hiring", body="Who first?")
    circle_reply(user=circle["exec_a"], thread=thread, body="A PM lead.")

    reply = client.post(f"/circle/threads/{thread.pk}/", {"body": "And then?"})
    new = client.post("/circle/", {"title": "Another", "body": "Too soon"})

    assert reply.status_code == 429 and new.status_code == 429
    assert int(reply["Retry-After"]) > 0
    assert "posting too fast" in reply.content.decode()
    assert CircleThread.objects.count() == 1
    assert thread.posts.count() == 2
