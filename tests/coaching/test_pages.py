"""The journal pages and the coach's workspace: who sees what."""

import pytest

from django.urls import reverse

from coaching.models import EntryStatus, JournalEntry
from coaching.services import journal_submit
from tests.coaching.conftest import KATA, enrollment_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _submit(coaching):
    student = coaching.school.users["enrolled"]
    return journal_submit(
        enrollment=enrollment_of(student, coaching.school.current), week_number=1, values=KATA
    )


def test_the_exercise_lesson_shows_the_kata_form_to_a_student(client, coaching):
    client.force_login(coaching.school.users["enrolled"])
    page = client.get(coaching.kata_lesson.url).content.decode()
    assert 'data-testid="kata-journal"' in page
    assert "Current condition" in page and "Submit to my coach" in page


def test_a_lesson_without_an_exercise_shows_no_form(client, coaching):
    client.force_login(coaching.school.users["enrolled"])
    page = client.get(coaching.school.lesson1.url).content.decode()
    assert "kata-journal" not in page


@pytest.mark.parametrize("who", ["anonymous", "other_cohort", "refunded", "editor"])
def test_no_form_for_readers_who_are_not_students_of_the_class(client, coaching, who):
    user = coaching.school.users[who]
    if user is not None:
        client.force_login(user)
    page = client.get(coaching.kata_lesson.url).content.decode()
    assert "kata-journal" not in page


def test_the_form_saves_a_draft_then_submits(client, coaching):
    school = coaching.school
    client.force_login(school.users["enrolled"])
    url = reverse("coaching:journal_week", args=[school.course.pk, 1])
    response = client.post(url, {**KATA, "save": "1", "next": coaching.kata_lesson.url})
    assert response.status_code == 302 and response["Location"] == coaching.kata_lesson.url
    assert JournalEntry.objects.get().status == EntryStatus.DRAFT
    client.post(url, {**KATA, "submit": "1"})
    assert JournalEntry.objects.get().status == EntryStatus.SUBMITTED
    page = client.get(coaching.kata_lesson.url).content.decode()
    assert "Waiting for feedback" in page and "Submit to my coach" not in page


def test_an_outside_next_url_is_ignored(client, coaching):
    client.force_login(coaching.school.users["enrolled"])
    url = reverse("coaching:journal_week", args=[coaching.school.course.pk, 1])
    response = client.post(url, {**KATA, "next": "https://evil.example/"})
    assert response["Location"] == reverse("coaching:journal")


def test_a_student_not_in_the_course_cannot_post(client, coaching):
    client.force_login(UserFactory())
    url = reverse("coaching:journal_week", args=[coaching.school.course.pk, 1])
    assert client.post(url, KATA).status_code == 404
    assert not JournalEntry.objects.exists()


def test_the_journal_page_is_a_storyboard_and_downloads_as_pdf(client, coaching):
    _submit(coaching)
    client.force_login(coaching.school.users["enrolled"])
    page = client.get(reverse("coaching:journal")).content.decode()
    for week in range(1, 11):
        assert f'data-testid="week-{week}"' in page
    assert "Halve onboarding drop-off" in page
    pdf = client.get(reverse("coaching:journal_pdf", args=[coaching.school.course.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_a_coach_sees_only_their_classes(client, coaching):
    iteration = _submit(coaching)
    school = coaching.school
    client.force_login(coaching.coach)
    workspace = client.get(reverse("coaching:workspace")).content.decode()
    assert school.current.name in workspace and school.next_class.name not in workspace
    assert reverse("coaching:coach_entry", args=[iteration.entry_id]) in workspace
    assert (
        client.get(reverse("coaching:workspace_class", args=[school.current.pk])).status_code == 200
    )
    assert (
        client.get(reverse("coaching:workspace_class", args=[school.next_class.pk])).status_code
        == 404
    )

    client.force_login(coaching.other_coach)
    workspace = client.get(reverse("coaching:workspace")).content.decode()
    assert school.next_class.name in workspace and school.current.name not in workspace
    assert "Nothing waiting" in workspace
    entry_url = reverse("coaching:coach_entry", args=[iteration.entry_id])
    assert client.get(entry_url).status_code == 404
    assert client.post(entry_url, {"verdict": "accepted", "feedback": "x"}).status_code == 404
    assert (
        client.get(reverse("coaching:workspace_class", args=[school.current.pk])).status_code == 404
    )


def test_a_student_has_no_workspace(client, coaching):
    client.force_login(coaching.school.users["enrolled"])
    assert client.get(reverse("coaching:workspace")).status_code == 403


def test_the_coach_answers_from_the_entry_page_and_the_student_sees_it(client, coaching):
    iteration = _submit(coaching)
    client.force_login(coaching.coach)
    url = reverse("coaching:coach_entry", args=[iteration.entry_id])
    response = client.post(url, {"verdict": "revise", "feedback": "What did the data say?"})
    assert response.status_code == 302
    client.force_login(coaching.school.users["enrolled"])
    page = client.get(coaching.kata_lesson.url).content.decode()
    assert "What did the data say?" in page and "Try another iteration" in page
    assert "Submit to my coach" in page


def test_the_class_progress_shows_each_student_week_by_week(client, coaching):
    _submit(coaching)
    client.force_login(coaching.coach)
    page = client.get(
        reverse("coaching:workspace_class", args=[coaching.school.current.pk])
    ).content.decode()
    student = coaching.school.users["enrolled"]
    assert (student.get_full_name() or student.email) in page
    assert "submitted" in page


def test_the_header_shows_coaching_to_coaches_only(client, coaching):
    client.force_login(coaching.coach)
    assert 'href="/coaching/coach/"' in client.get(reverse("coaching:journal")).content.decode()
    client.force_login(coaching.school.users["enrolled"])
    assert 'href="/coaching/coach/"' not in client.get(reverse("coaching:journal")).content.decode()


def test_the_coaches_group_holds_exactly_the_coaching_permissions():
    from django.contrib.auth.models import Group

    codenames = set(
        Group.objects.get(name="Coaches").permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    assert codenames == {("coaching", "coach_classes"), ("coaching", "give_feedback")}


def test_an_assigned_coach_outside_the_coaches_group_has_no_workspace(client, coaching):
    from django.contrib.auth.models import Group

    coaching.coach.groups.remove(Group.objects.get(name="Coaches"))
    client.force_login(coaching.coach)
    assert client.get(reverse("coaching:workspace")).status_code == 403
