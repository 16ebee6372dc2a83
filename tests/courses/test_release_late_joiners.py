"""Late joiners get one catch-up email; transfers keep progress and never repeat a notice."""

import datetime as dt

import pytest

from django.core import mail
from django.utils import timezone

from courses.models import (
    CatchUpNotice,
    EnrollmentSource,
    LessonProgress,
    ReleaseNotice,
    SkipReason,
)
from courses.services import enrollment_create, enrollment_transfer, week_release_create
from engine.outbox.models import EmailState
from tests.factories import CohortFactory, UserFactory

from .release_helpers import release_school

pytestmark = pytest.mark.django_db


def release(cohort, number, capture):
    with capture(execute=True):
        week_release_create(cohort=cohort, week_number=number)


def test_late_joiner_gets_one_catch_up_email_and_no_past_notices(
    django_capture_on_commit_callbacks,
):
    school = release_school(students=1)
    release(school.cohort, 1, django_capture_on_commit_callbacks)
    release(school.cohort, 2, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    late = UserFactory(email="late@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        enrollment, _ = enrollment_create(
            user=late, cohort=school.cohort, source=EnrollmentSource.STAFF
        )
    (message,) = mail.outbox
    assert message.to == ["late@example.com"]
    assert "Week 1: Week 1 theme" in message.body and "Week 2: Week 2 theme" in message.body
    assert set(
        ReleaseNotice.objects.filter(enrollment=enrollment).values_list("skip_reason", flat=True)
    ) == {SkipReason.CAUGHT_UP}
    assert CatchUpNotice.objects.get(enrollment=enrollment).email.state == EmailState.SENT
    # The next week is announced to them like everyone else, once.
    mail.outbox.clear()
    release(school.cohort, 3, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["late@example.com", school.enrollments[0].user.email]
    )


def test_enrolling_before_any_release_sends_no_catch_up(django_capture_on_commit_callbacks):
    school = release_school(students=0)
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_create(user=UserFactory(), cohort=school.cohort, source=EnrollmentSource.STAFF)
    assert mail.outbox == []
    assert not CatchUpNotice.objects.exists()


def test_transfer_keeps_progress_and_sends_no_duplicate(django_capture_on_commit_callbacks):
    school = release_school(students=1)
    old = school.enrollments[0]
    for number in (1, 2):
        release(school.cohort, number, django_capture_on_commit_callbacks)
    LessonProgress.objects.create(
        enrollment=old, lesson=school.lessons[1][0], completed_at=timezone.now()
    )
    later = CohortFactory(
        course=school.course,
        name="April class",
        start_date=school.cohort.start_date + dt.timedelta(days=7),
    )
    release(later, 1, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new = enrollment_transfer(enrollment=old, to_cohort=later)
    assert mail.outbox == []  # week 1 of April: they heard about week 1 already
    assert list(LessonProgress.objects.filter(enrollment=new).values_list("lesson", flat=True)) == [
        school.lessons[1][0].pk
    ]
    # April's week 2 opens: they heard about week 2 in March, so no email again.
    release(later, 2, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert (
        ReleaseNotice.objects.get(enrollment=new, week_release__week_number=2).skip_reason
        == SkipReason.TRANSFERRED
    )
    # Week 3 is news to them.
    release(later, 3, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[old.user.email]]
