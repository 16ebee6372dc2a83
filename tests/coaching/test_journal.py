"""The Product Kata journal: drafts, submissions, lateness, iterations, feedback, transfer."""

import datetime as dt

import pytest

from django.utils import timezone

from coaching.due import journal_due_at, journal_week_end
from coaching.models import EntryStatus, JournalDueOverride, JournalEntry, JournalIteration
from coaching.services import (
    JournalError,
    journal_draft_save,
    journal_feedback_give,
    journal_submit,
)
from courses.models import EnrollmentStatus
from courses.services import enrollment_transfer
from tests.coaching.conftest import KATA, enrollment_of
from tests.factories import EnrollmentFactory, WeekReleaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrollment(coaching):
    return enrollment_of(coaching.school.users["enrolled"], coaching.school.current)


def test_the_due_date_is_the_end_of_the_week_in_the_class_time_zone(coaching):
    cohort = coaching.school.current
    cohort.timezone = "Europe/Berlin"
    due = journal_week_end(cohort=cohort, week_number=1)
    local = due.astimezone(cohort.tz)
    assert (local.date(), local.hour, local.minute) == (
        cohort.start_date + dt.timedelta(days=7),
        0,
        0,
    )


def test_staff_can_move_the_due_date_of_one_week_of_one_class(coaching):
    cohort = coaching.school.current
    moved = timezone.now() + dt.timedelta(days=20)
    JournalDueOverride.objects.create(cohort=cohort, week_number=1, due_at=moved)
    assert journal_due_at(cohort=cohort, week_number=1) == moved
    assert journal_due_at(cohort=cohort, week_number=2) == journal_week_end(
        cohort=cohort, week_number=2
    )


def test_a_draft_is_kept_and_not_submitted(enrollment):
    draft = journal_draft_save(enrollment=enrollment, week_number=1, values={"challenge": "x"})
    draft = journal_draft_save(enrollment=enrollment, week_number=1, values={"challenge": "y"})
    entry = JournalEntry.objects.get()
    assert entry.status == EntryStatus.DRAFT
    assert list(entry.iterations.values_list("number", "challenge", "submitted_at")) == [
        (1, "y", None)
    ]
    assert draft.is_draft


def test_a_submission_before_the_due_date_is_on_time(enrollment):
    iteration = journal_submit(enrollment=enrollment, week_number=1, values=KATA)
    assert iteration.number == 1 and not iteration.late
    assert JournalEntry.objects.get().status == EntryStatus.SUBMITTED


def test_a_submission_after_the_due_date_is_marked_late_not_refused(enrollment):
    due = journal_due_at(cohort=enrollment.cohort, week_number=1)
    iteration = journal_submit(
        enrollment=enrollment, week_number=1, values=KATA, now=due + dt.timedelta(minutes=1)
    )
    assert iteration.late
    assert iteration.submitted_at == due + dt.timedelta(minutes=1)


def test_a_submission_needs_a_challenge_and_a_next_step(enrollment):
    with pytest.raises(JournalError, match="challenge and next step"):
        journal_submit(enrollment=enrollment, week_number=1, values={"obstacle": "x"})
    assert not JournalIteration.objects.exists()


def test_an_unreleased_week_takes_no_entry(enrollment):
    with pytest.raises(JournalError, match="not opened"):
        journal_submit(enrollment=enrollment, week_number=2, values=KATA)


def test_an_ended_enrollment_takes_no_entry(coaching):
    refunded = coaching.school.users["refunded"].enrollments.get()
    assert refunded.status == EnrollmentStatus.REFUNDED
    with pytest.raises(JournalError, match="ended"):
        journal_draft_save(enrollment=refunded, week_number=1, values=KATA)


def test_submitting_twice_while_waiting_for_feedback_is_refused(enrollment):
    journal_submit(enrollment=enrollment, week_number=1, values=KATA)
    with pytest.raises(JournalError, match="waiting"):
        journal_submit(enrollment=enrollment, week_number=1, values=KATA)
    assert JournalIteration.objects.count() == 1


def test_resubmission_after_feedback_keeps_every_iteration(coaching, enrollment):
    first = journal_submit(enrollment=enrollment, week_number=1, values=KATA)
    journal_feedback_give(
        coach=coaching.coach, iteration=first, verdict="revise", feedback="Be more specific."
    )
    assert JournalEntry.objects.get().status == EntryStatus.REVISE
    second = journal_submit(
        enrollment=enrollment, week_number=1, values={**KATA, "obstacle": "Step two is hidden"}
    )
    rows = list(
        JournalIteration.objects.order_by("number").values_list(
            "number", "obstacle", "feedback", "verdict"
        )
    )
    assert rows == [
        (1, "Nobody reads the welcome email", "Be more specific.", "revise"),
        (2, "Step two is hidden", "", ""),
    ]
    assert second.number == 2
    journal_feedback_give(
        coach=coaching.coach, iteration=second, verdict="accepted", feedback="Yes"
    )
    assert JournalEntry.objects.get().status == EntryStatus.ACCEPTED
    with pytest.raises(JournalError, match="accepted"):
        journal_draft_save(enrollment=enrollment, week_number=1, values=KATA)


def test_only_a_coach_of_the_class_gives_feedback(coaching, enrollment):
    iteration = journal_submit(enrollment=enrollment, week_number=1, values=KATA)
    for outsider in (coaching.other_coach, coaching.school.users["enrolled"]):
        with pytest.raises(PermissionError):
            journal_feedback_give(
                coach=outsider, iteration=iteration, verdict="accepted", feedback="ok"
            )
    assert JournalIteration.objects.get().feedback == ""


def test_feedback_needs_words_and_a_known_verdict(coaching, enrollment):
    iteration = journal_submit(enrollment=enrollment, week_number=1, values=KATA)
    with pytest.raises(JournalError, match="feedback"):
        journal_feedback_give(
            coach=coaching.coach, iteration=iteration, verdict="accepted", feedback="  "
        )
    with pytest.raises(JournalError, match="Choose"):
        journal_feedback_give(
            coach=coaching.coach, iteration=iteration, verdict="great", feedback="ok"
        )


def test_a_journal_survives_a_transfer(coaching, enrollment, client):
    school = coaching.school
    first = journal_submit(enrollment=enrollment, week_number=1, values=KATA)
    journal_feedback_give(
        coach=coaching.coach, iteration=first, verdict="accepted", feedback="Lovely work"
    )
    WeekReleaseFactory(cohort=school.next_class, week_number=1)
    new = enrollment_transfer(enrollment=enrollment, to_cohort=school.next_class)

    client.force_login(school.users["enrolled"])
    page = client.get("/coaching/journal/").content.decode()
    assert school.next_class.name in page
    assert "Halve onboarding drop-off" in page and "Lovely work" in page
    # and they keep writing in the new class: week 1 is accepted, so a new week is separate
    WeekReleaseFactory(cohort=school.next_class, week_number=2)
    journal_submit(enrollment=new, week_number=2, values=KATA)
    assert JournalEntry.objects.get(week_number=2).cohort == school.next_class
    assert JournalEntry.objects.get(week_number=1).iterations.get().feedback == "Lovely work"


def test_an_entry_is_the_students_own(coaching, enrollment):
    other = EnrollmentFactory(cohort=coaching.school.current)
    journal_submit(enrollment=enrollment, week_number=1, values=KATA)
    journal_draft_save(enrollment=other, week_number=1, values={"challenge": "mine"})
    assert JournalEntry.objects.count() == 2
