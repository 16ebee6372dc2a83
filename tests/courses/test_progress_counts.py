"""The progress summaries the analytics dashboard reads (``courses.progress_counts``) stay
equal to what the enrollment and progress rows say through every kind of write: a place made
by a factory or a service, lessons marked and unmarked, a tier changed, a refund, a transfer,
a user deleted. ``progress_counts_differences`` compares them with a rebuild from the rows;
``manage.py progress_counts_rebuild`` repairs and reports them; on PostgreSQL, concurrent
progress writes of many students of one class all count, without deadlocks."""

import datetime as dt
from io import StringIO

import pytest

from django.core.management import call_command
from django.utils import timezone

from courses.models import (
    Enrollment,
    EnrollmentTier,
    LessonDoneCount,
    PlaceCount,
)
from courses.progress import lesson_progress_record, lesson_progress_set
from courses.progress_counts import enrolled_on, progress_counts_differences
from courses.services import enrollment_revoke, enrollment_transfer
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres
from tests.factories import EnrollmentFactory, WeekReleaseFactory


def _places(cohort) -> dict[tuple, int]:
    return {
        (row.status, row.tier, row.lessons_done, row.weeks_started): row.places
        for row in PlaceCount.objects.filter(cohort=cohort).exclude(places=0)
    }


def _done(lesson, cohort) -> int:
    return sum(
        LessonDoneCount.objects.filter(lesson=lesson, cohort=cohort).values_list("done", flat=True)
    )


@pytest.mark.django_db
def test_marking_lessons_moves_the_place_and_the_lesson_counter(school):
    student = school.users["enrolled"]
    enrollment = Enrollment.objects.get(user=student, cohort=school.current)
    now = timezone.now()

    lesson_progress_set(user=student, lesson=school.lesson1, done=True, now=now)
    lesson_progress_set(user=student, lesson=school.lesson1, done=True, now=now)  # twice: once
    lesson_progress_record(enrollment=enrollment, lesson=school.lesson2, done=True, now=now)

    enrollment.refresh_from_db()
    assert (enrollment.lessons_done, enrollment.weeks_started) == (2, 0b110)
    assert _places(school.current)[("active", "standard", 2, 0b110)] == 1
    assert _done(school.lesson1, school.current) == 1
    counter = LessonDoneCount.objects.get(lesson=school.lesson1, cohort=school.current)
    assert counter.enrolled_on == enrolled_on(enrollment.created_at)

    lesson_progress_set(user=student, lesson=school.lesson1, done=False, now=now)

    enrollment.refresh_from_db()
    assert (enrollment.lessons_done, enrollment.weeks_started) == (1, 0b100)
    assert _done(school.lesson1, school.current) == 0
    assert progress_counts_differences() == (0, 0)


@pytest.mark.django_db
def test_every_kind_of_write_keeps_the_summaries_true(school):
    now = timezone.now()
    student = school.users["enrolled"]
    lesson_progress_set(user=student, lesson=school.lesson1, done=True, now=now)
    place = Enrollment.objects.get(user=student, cohort=school.current)
    lesson_progress_record(enrollment=place, lesson=school.lesson2, done=True, now=now)

    # A tier changed by saving one field, from an object whose progress figures are stale.
    stale = Enrollment.objects.get(pk=place.pk)
    lesson_progress_record(enrollment=place, lesson=school.lesson2, done=False, now=now)
    stale.tier = EnrollmentTier.EXECUTIVE
    stale.save(update_fields=["tier"])
    assert progress_counts_differences() == (0, 0)

    # A transfer: the old place stops counting, the lessons follow to the new class.
    WeekReleaseFactory(cohort=school.next_class, week_number=1)
    moved = enrollment_transfer(enrollment=place, to_cohort=school.next_class)
    assert _done(school.lesson1, school.current) == 0
    assert _done(school.lesson1, school.next_class) == 1
    moved.refresh_from_db()
    assert (moved.lessons_done, moved.weeks_started, moved.tier) == (1, 0b10, "executive")
    assert progress_counts_differences() == (0, 0)

    # A refund: the place still counts (as refunded), its lessons too.
    enrollment_revoke(enrollment=moved, now=now)
    assert _places(school.next_class)[("refunded", "executive", 1, 0b10)] == 1
    assert _done(school.lesson1, school.next_class) == 1
    assert progress_counts_differences() == (0, 0)

    # A user deleted: every place and lesson of theirs leaves the counts.
    student.delete()
    assert _done(school.lesson1, school.next_class) == 0
    assert ("refunded", "executive", 1, 0b10) not in _places(school.next_class)
    assert progress_counts_differences() == (0, 0)


@pytest.mark.django_db
def test_places_are_counted_per_day_made_status_and_tier(school):
    yesterday = timezone.now() - dt.timedelta(days=1)
    made = EnrollmentFactory(cohort=school.current, tier=EnrollmentTier.EXECUTIVE)
    Enrollment.objects.filter(pk=made.pk).update(created_at=yesterday)  # as an import would
    call_command("progress_counts_rebuild", stdout=StringIO())

    row = PlaceCount.objects.get(cohort=school.current, tier="executive")
    assert (row.enrolled_on, row.status, row.places) == (enrolled_on(yesterday), "active", 1)
    # The fixture's two active standard places and one refunded, all made today.
    assert _places(school.current) == {
        ("active", "executive", 0, 0): 1,
        ("active", "standard", 0, 0): 1,
        ("refunded", "standard", 0, 0): 1,
    }


@pytest.mark.django_db
def test_the_command_reports_what_differs_and_rebuilds_it(school):
    student = school.users["enrolled"]
    lesson_progress_set(user=student, lesson=school.lesson1, done=True, now=timezone.now())
    # Rows written around the services (SQL, an import) leave the summaries behind.
    Enrollment.objects.filter(user=student).update(lessons_done=7)
    LessonDoneCount.objects.update(done=5)
    PlaceCount.objects.filter(status="refunded").delete()

    out = StringIO()
    call_command("progress_counts_rebuild", "--check", stdout=out)
    # The place's figures, its lesson's counter and the refunded places' count.
    assert "1 enrollment(s) and 2 counter(s) differ" in out.getvalue()
    assert (
        Enrollment.objects.get(user=student, cohort=school.current).lessons_done == 7
    )  # unchanged

    out = StringIO()
    call_command("progress_counts_rebuild", stdout=out)
    assert "[1/" in out.getvalue() and "places that started week 1" in out.getvalue()
    assert "Progress summaries rebuilt" in out.getvalue()
    assert progress_counts_differences() == (0, 0)
    assert Enrollment.objects.get(user=student, cohort=school.current).lessons_done == 1

    out = StringIO()
    call_command("progress_counts_rebuild", "--check", stdout=out)
    assert "match the progress rows" in out.getvalue()


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_progress_of_one_class_all_counts_without_deadlock(school):
    """Twelve students of one class (one place key: same day, tier, progress) mark and
    unmark lessons at once: every counter row is shared, each move is counted once."""
    places = [EnrollmentFactory(cohort=school.current) for _ in range(12)]
    WeekReleaseFactory(cohort=school.current, week_number=2)
    now = timezone.now()

    def work(i: int) -> None:
        user = places[i].user
        lesson_progress_set(user=user, lesson=school.lesson1, done=True, now=now)
        lesson_progress_set(user=user, lesson=school.lesson2, done=True, now=now)
        if i % 3 == 0:
            lesson_progress_set(user=user, lesson=school.lesson1, done=False, now=now)

    results = run_in_threads(work, count=12)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert _done(school.lesson1, school.current) == 8
    assert _done(school.lesson2, school.current) == 12
    assert _places(school.current)[("active", "standard", 2, 0b110)] == 8
    assert _places(school.current)[("active", "standard", 1, 0b100)] == 4
    assert progress_counts_differences() == (0, 0)
