"""Staff reschedule a cohort and transfer a student from the Wagtail admin; both are logged
in the cohort's read-only "Changes" list; editors set the completion rule."""

import datetime as dt

import pytest

from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from courses.capacity import CohortFull
from courses.models import (
    CohortChangeKind,
    CohortChangeLog,
    CompletionRule,
    Enrollment,
    EnrollmentStatus,
    LessonProgress,
)
from courses.services import enrollment_transfer, week_release_create
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres
from tests.factories import CohortFactory, CoursePageFactory, EnrollmentFactory, UserFactory

from .release_helpers import release_school

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    staff = django_user_model.objects.create_superuser(email="staff@example.com", password="x")
    client.force_login(staff)
    client.user = staff
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_cohort_listing_and_edit_page_offer_reschedule_and_changes(school, staff_client):
    listing = staff_client.get(reverse("cohort:index")).content.decode()
    assert reverse("cohort:reschedule", args=[school.current.pk]) in listing
    assert reverse("cohort:changes", args=[school.current.pk]) in listing
    edit = staff_client.get(reverse("cohort:edit", args=[school.current.pk])).content.decode()
    assert reverse("cohort:reschedule", args=[school.current.pk]) in edit


def test_reschedule_previews_the_new_dates_then_applies_them_on_confirm(staff_client):
    school = release_school(students=0, start=timezone.now().date() + dt.timedelta(days=10))
    cohort = school.cohort
    closes = timezone.now() + dt.timedelta(days=8)
    cohort.enrollment_closes_at = closes
    cohort.save(update_fields=["enrollment_closes_at"])
    url = reverse("cohort:reschedule", args=[cohort.pk])
    assert staff_client.get(url).status_code == 200
    new_start = cohort.start_date + dt.timedelta(days=7)

    preview = staff_client.post(url, {"start_date": new_start.isoformat()})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert 'data-testid="reschedule-preview"' in page
    assert 'data-testid="reschedule-enrollment"' in page and "Enrollment closes" in page
    assert f"Confirm: start on {new_start:%-d %b %Y}" in page
    cohort.refresh_from_db()
    assert cohort.start_date != new_start and not CohortChangeLog.objects.exists()

    response = staff_client.post(
        url, {"start_date": new_start.isoformat(), "confirm": "True"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("cohort:changes", args=[cohort.pk])
    assert any(
        "10 week(s) not yet released moved with it and so did its enrollment dates" in m
        for m in messages_of(response)
    )
    cohort.refresh_from_db()
    assert cohort.start_date == new_start
    assert cohort.enrollment_closes_at - closes == dt.timedelta(days=7)
    log = CohortChangeLog.objects.get(cohort=cohort)
    assert log.kind == CohortChangeKind.RESCHEDULE and log.actor == staff_client.user
    assert "Rescheduled" in response.content.decode()
    assert f"Start {school.cohort.start_date.isoformat()}" not in response.content.decode()


def test_reschedule_that_would_move_released_weeks_is_refused_with_their_names(
    school, staff_client
):
    cohort = school.current  # started four days ago, week 1 released
    url = reverse("cohort:reschedule", args=[cohort.pk])
    later = timezone.now().date() + dt.timedelta(days=7)
    for data in (
        {"start_date": later.isoformat()},
        {"start_date": later.isoformat(), "confirm": "True"},
    ):
        response = staff_client.post(url, data)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Week 1 is already released" in page
        assert "Choose a start date on or before" in page
        assert "The class was not rescheduled. See the error below." in messages_of(response)
    cohort.refresh_from_db()
    assert cohort.start_date == timezone.now().date() - dt.timedelta(days=4)
    assert not CohortChangeLog.objects.exists()


def test_reschedule_refuses_a_missing_date_and_the_same_date(school, staff_client):
    url = reverse("cohort:reschedule", args=[school.next_class.pk])
    assert "This field is required" in staff_client.post(url, {}).content.decode()
    same = staff_client.post(url, {"start_date": school.next_class.start_date.isoformat()})
    assert "already starts on that date" in same.content.decode()
    assert not CohortChangeLog.objects.exists()


def test_transfer_offers_only_classes_of_the_course_with_seats(school, staff_client):
    enrollment = Enrollment.objects.get(user=school.users["enrolled"])
    full = CohortFactory(course=school.course, name="Full class", capacity=1)
    EnrollmentFactory(cohort=full)
    elsewhere = CohortFactory(course=CoursePageFactory(), name="Other course class")
    page = staff_client.get(reverse("enrollment:transfer", args=[enrollment.pk])).content.decode()
    assert "Next class" in page and "seat(s) left" in page
    assert "Full class" not in page and elsewhere.name not in page
    assert "Current class (starts" not in page
    response = staff_client.post(
        reverse("enrollment:transfer", args=[enrollment.pk]), {"to_cohort": full.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE


def test_staff_transfer_moves_progress_sends_nothing_again_and_is_logged(
    staff_client, django_capture_on_commit_callbacks
):
    school = release_school(students=1, start=timezone.now().date() - dt.timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        week_release_create(cohort=school.cohort, week_number=1)
        week_release_create(cohort=school.cohort, week_number=2)
    old = school.enrollments[0]
    LessonProgress.objects.create(
        enrollment=old, lesson=school.lessons[1][0], completed_at=timezone.now()
    )
    later = CohortFactory(
        course=school.course,
        name="Next month",
        start_date=school.cohort.start_date + dt.timedelta(days=7),
    )
    with django_capture_on_commit_callbacks(execute=True):
        week_release_create(cohort=later, week_number=1)
    mail.outbox.clear()

    listing = staff_client.get(reverse("enrollment:index")).content.decode()
    assert reverse("enrollment:transfer", args=[old.pk]) in listing
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("enrollment:transfer", args=[old.pk]), {"to_cohort": later.pk}, follow=True
        )
    new = Enrollment.objects.get(user=old.user, status=EnrollmentStatus.ACTIVE)
    assert new.cohort == later
    assert response.redirect_chain[-1][0] == reverse("enrollment:edit", args=[new.pk])
    assert "moved from March class to Next month, with 1 finished lesson(s)." in " ".join(
        messages_of(response)
    )
    old.refresh_from_db()
    assert old.status == EnrollmentStatus.TRANSFERRED and old.transferred_to == new
    assert list(new.lesson_progress.values_list("lesson", flat=True)) == [school.lessons[1][0].pk]
    assert mail.outbox == []  # week 1 of Next month: already announced in March
    logs = CohortChangeLog.objects.filter(kind=CohortChangeKind.TRANSFER)
    assert {(log.cohort_id, log.details["direction"]) for log in logs} == {
        (school.cohort.pk, "out"),
        (later.pk, "in"),
    }
    assert all(log.actor == staff_client.user for log in logs)
    assert logs[0].details["lessons_moved"] == 1

    changes = staff_client.get(reverse("cohort:changes", args=[school.cohort.pk])).content.decode()
    assert f"{old.user.email} moved to Next month" in changes
    changes = staff_client.get(reverse("cohort:changes", args=[later.pk])).content.decode()
    assert f"{old.user.email} joined from March class" in changes
    assert "Week 1 released by hand" in changes


def test_an_ended_enrollment_cannot_be_transferred(school, staff_client):
    refunded = Enrollment.objects.get(user=school.users["refunded"])
    response = staff_client.get(reverse("enrollment:transfer", args=[refunded.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("enrollment:edit", args=[refunded.pk])
    assert "only an active enrollment can move" in " ".join(messages_of(response))
    response = staff_client.post(
        reverse("enrollment:transfer", args=[refunded.pk]),
        {"to_cohort": school.next_class.pk},
        follow=True,
    )
    assert "only an active enrollment can move" in " ".join(messages_of(response))
    assert not Enrollment.objects.filter(
        user=school.users["refunded"], cohort=school.next_class
    ).exists()


def test_editors_cannot_move_classes_but_set_the_completion_rule(school, client):
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    enrollment = Enrollment.objects.get(user=school.users["enrolled"])
    assert client.get(reverse("cohort:reschedule", args=[school.current.pk])).status_code in (
        302,
        403,
    )
    assert client.get(reverse("enrollment:transfer", args=[enrollment.pk])).status_code in (
        302,
        403,
    )
    assert client.get(reverse("completionrule:add")).status_code == 200
    response = client.post(
        reverse("completionrule:add"), {"course": school.course.pk, "minimum_percent": 80}
    )
    assert response.status_code == 302
    assert CompletionRule.objects.get(course=school.course).minimum_percent == 80
    response = client.post(
        reverse("completionrule:edit", args=[CompletionRule.objects.get().pk]),
        {"course": school.course.pk, "minimum_percent": 0},
    )
    assert "Ensure this value is greater than or equal to 1" in response.content.decode()


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_transfers_into_the_last_seat_move_one_student():
    school = release_school(students=2)
    target = CohortFactory(course=school.course, name="Almost full", capacity=2)
    EnrollmentFactory(cohort=target)
    staff = UserFactory(is_staff=True)

    results = run_in_threads(
        lambda i: enrollment_transfer(
            enrollment=school.enrollments[i], to_cohort=target, actor=staff
        ),
        2,
    )
    moved = [r for r in results if isinstance(r, Enrollment)]
    refused = [r for r in results if isinstance(r, CohortFull)]
    assert len(moved) == 1 and len(refused) == 1
    assert target.enrollments.filter(status=EnrollmentStatus.ACTIVE).count() == 2
    assert (
        Enrollment.objects.filter(cohort=school.cohort, status=EnrollmentStatus.ACTIVE).count() == 1
    )
    assert CohortChangeLog.objects.filter(kind=CohortChangeKind.TRANSFER).count() == 2
