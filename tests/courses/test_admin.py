"""Staff work in the Wagtail admin: transcripts are checked on arrival, classes are managed
through viewsets whose saves go through the services."""

import html

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import Enrollment, EnrollmentStatus, LessonPage, WeekRelease
from courses.selectors import AccessReason, lesson_access
from tests.factories import CohortFactory, UserFactory, private_document

Document = get_document_model()
BROKEN_VTT = (
    b"WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nHello\n\n00:00:05.000 => 00:00:09.000\nBye\n"
)


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser(email="boss@example.com", password="x")
    client.force_login(admin)
    client.user = admin
    return client


def lesson_form(**body_value):
    value = {"title": "", "video_file": "", "embed": "", "transcript": ""}
    value.update(body_value)
    return nested_form_data(
        {
            "title": "Roadmaps",
            "slug": "roadmaps",
            "summary": "Public",
            "body": streamfield([("paragraph", rich_text("<p>Text</p>")), ("video", value)]),
        }
    )


def test_a_lesson_with_a_malformed_transcript_is_refused_with_the_line(school, admin_client):
    broken = private_document(title="Broken", filename="broken.vtt", content=BROKEN_VTT)
    url = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", school.week1.pk])
    response = admin_client.post(
        url, lesson_form(video_file=school.files1["video"].pk, transcript=broken.pk)
    )
    assert response.status_code == 200
    # Wagtail renders stream errors from JSON in the page; the message names file and line.
    page = html.unescape(html.unescape(response.content.decode()))
    assert "Transcript 'broken.vtt', Line 6: expected a cue timing" in page
    assert not LessonPage.objects.filter(slug="roadmaps").exists()


def test_a_lesson_with_a_good_transcript_is_saved(school, admin_client):
    url = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", school.week1.pk])
    form = lesson_form(
        video_file=school.files1["video"].pk, transcript=school.files1["transcript"].pk
    )
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert LessonPage.objects.filter(slug="roadmaps").exists()


def test_a_video_needs_exactly_one_source(school, admin_client):
    url = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", school.week1.pk])
    response = admin_client.post(url, lesson_form(transcript=school.files1["transcript"].pk))
    assert "Choose either an uploaded video or an embed URL" in response.content.decode()
    assert not LessonPage.objects.filter(slug="roadmaps").exists()


def test_lesson_files_must_be_in_a_private_collection(school, admin_client):
    public = private_document(
        title="Public notes",
        filename="notes.vtt",
        content=b"WEBVTT\n\n00:00.000 --> 00:01.000\nx\n",
        private=False,
    )
    url = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", school.week1.pk])
    response = admin_client.post(
        url, lesson_form(video_file=school.files1["video"].pk, transcript=public.pk)
    )
    assert "Move it to a private collection" in response.content.decode()
    assert not LessonPage.objects.filter(slug="roadmaps").exists()


def test_uploading_a_malformed_transcript_document_is_refused(school, admin_client):
    from courses.services import private_collection_get_or_create

    before = Document.objects.count()
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Week 3 transcript",
            "file": SimpleUploadedFile("week3.vtt", BROKEN_VTT, content_type="text/vtt"),
            "collection": private_collection_get_or_create().pk,
        },
    )
    assert response.status_code == 200
    assert "Line 6:" in response.content.decode()
    assert Document.objects.count() == before


def test_uploading_a_good_transcript_document_works(school, admin_client):
    from courses.services import private_collection_get_or_create

    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Week 3 transcript",
            "file": SimpleUploadedFile("week3.srt", b"1\n00:00:00,000 --> 00:00:02,000\nHi\n"),
            "collection": private_collection_get_or_create().pk,
        },
    )
    assert response.status_code == 302
    assert Document.objects.filter(title="Week 3 transcript").exists()


@pytest.mark.parametrize("viewset", ["cohort", "enrollment", "weekrelease"])
def test_viewset_listing_filters_and_search(school, admin_client, viewset):
    index = reverse(f"{viewset}:index")
    assert admin_client.get(index).status_code == 200
    assert admin_client.get(index, {"q": "class"}).status_code == 200
    assert admin_client.get(reverse(f"{viewset}:add")).status_code == 200


def test_cohort_listing_filters_by_course(school, admin_client):
    response = admin_client.get(reverse("cohort:index"), {"course": school.course.pk})
    assert "Current class" in response.content.decode()
    assert "Next class" in response.content.decode()


def test_enrollment_listing_searches_by_email(school, admin_client):
    student = school.users["enrolled"]
    response = admin_client.get(reverse("enrollment:index"), {"q": student.email})
    assert student.email in response.content.decode()
    assert school.users["other_cohort"].email not in response.content.decode()


def test_staff_add_an_enrollment_through_the_service(school, admin_client):
    newcomer = UserFactory()
    response = admin_client.post(
        reverse("enrollment:add"),
        {
            "email": newcomer.email.upper(),
            "cohort": school.current.pk,
            "tier": "executive",
            "source": "staff",
        },
    )
    assert response.status_code == 302
    enrollment = Enrollment.objects.get(user=newcomer)
    assert enrollment.tier == "executive" and enrollment.status == EnrollmentStatus.ACTIVE


def test_an_unknown_email_is_refused_with_what_to_do(school, admin_client):
    data = {"email": "nobody@example.com", "cohort": school.current.pk, "tier": "standard"}
    response = admin_client.post(reverse("enrollment:add"), {**data, "source": "staff"})
    assert response.status_code == 200
    assert "Ask the student to sign up first" in response.content.decode()


def test_a_full_class_is_refused_in_the_admin_unless_overridden(school, admin_client):
    full = CohortFactory(course=school.course, capacity=1)
    Enrollment.objects.create(user=UserFactory(), cohort=full, source="staff")
    newcomer = UserFactory()
    data = {"email": newcomer.email, "cohort": full.pk, "tier": "standard", "source": "staff"}
    response = admin_client.post(reverse("enrollment:add"), data)
    assert response.status_code == 200
    assert "is full" in response.content.decode()
    assert not Enrollment.objects.filter(user=newcomer).exists()
    response = admin_client.post(reverse("enrollment:add"), {**data, "ignore_capacity": "on"})
    assert response.status_code == 302
    assert Enrollment.objects.filter(user=newcomer, cohort=full).exists()


def test_staff_end_access_from_the_edit_form_without_calling_it_a_refund(school, admin_client):
    enrollment = Enrollment.objects.get(user=school.users["enrolled"])
    url = reverse("enrollment:edit", args=[enrollment.pk])
    form = admin_client.get(url).content.decode()
    assert "Access ended by staff" in form and ">Refunded<" not in form
    assert "refund the order in Payments &gt; Orders" in form

    refused = admin_client.post(url, {"tier": "standard", "status": "refunded"})
    assert refused.status_code == 200  # money moves only through the refund service
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE

    response = admin_client.post(url, {"tier": "standard", "status": "ended_by_staff"})
    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ENDED_BY_STAFF and enrollment.ended_at
    access = lesson_access(user=school.users["enrolled"], lesson=school.lesson1, now=timezone.now())
    assert access.reason == AccessReason.REVOKED


def test_release_now_creates_one_release_and_refuses_a_second(school, admin_client):
    data = {"cohort": school.current.pk, "week_number": 2}
    response = admin_client.post(reverse("weekrelease:add"), data)
    assert response.status_code == 302
    release = WeekRelease.objects.get(cohort=school.current, week_number=2)
    assert release.released_by == admin_client.user and release.source == "staff"
    response = admin_client.post(reverse("weekrelease:add"), data)
    assert response.status_code == 200
    assert "Week 2 is already released" in response.content.decode()
    assert WeekRelease.objects.filter(cohort=school.current, week_number=2).count() == 1


def test_cohort_form_refuses_an_unknown_time_zone(school, admin_client):
    data = {
        "course": school.course.pk,
        "name": "Tokyo class",
        "slug": "tokyo",
        "start_date": "2026-12-07",
        "release_hour": 9,
        "timezone": "Tokyo",
        "capacity": 20,
        "schedule_overrides-TOTAL_FORMS": 0,
        "schedule_overrides-INITIAL_FORMS": 0,
        "schedule_overrides-MIN_NUM_FORMS": 0,
        "schedule_overrides-MAX_NUM_FORMS": 1000,
        "coaches-TOTAL_FORMS": 0,
        "coaches-INITIAL_FORMS": 0,
        "coaches-MIN_NUM_FORMS": 0,
        "coaches-MAX_NUM_FORMS": 1000,
    }
    response = admin_client.post(reverse("cohort:add"), data)
    assert "not an IANA time zone name" in response.content.decode()
    response = admin_client.post(reverse("cohort:add"), {**data, "timezone": "Asia/Tokyo"})
    assert response.status_code == 302
