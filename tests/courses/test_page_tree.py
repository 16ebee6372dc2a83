"""The curriculum tree is fixed, and the admin refuses what would break it."""

import pytest

from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.models import HomePage, StandardPage
from courses.models import CoursePage, LessonPage, WeekPage
from tests.factories import CoursePageFactory, WeekPageFactory
from tests.factories.courses import course_home


class CurriculumTreeTests(WagtailPageTestCase):
    def setUp(self):
        self.user = self.login()  # a superuser
        self.home = course_home()

    def test_allowed_parents_and_children(self):
        self.assertAllowedParentPageTypes(CoursePage, {HomePage})
        self.assertAllowedSubpageTypes(CoursePage, {WeekPage})
        self.assertAllowedParentPageTypes(WeekPage, {CoursePage})
        self.assertAllowedSubpageTypes(WeekPage, {LessonPage})
        self.assertAllowedParentPageTypes(LessonPage, {WeekPage})
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_where_pages_can_be_created(self):
        self.assertCanCreateAt(HomePage, CoursePage)
        self.assertCanCreateAt(CoursePage, WeekPage)
        self.assertCanCreateAt(WeekPage, LessonPage)
        self.assertCanNotCreateAt(HomePage, WeekPage)
        self.assertCanNotCreateAt(HomePage, LessonPage)
        self.assertCanNotCreateAt(CoursePage, LessonPage)
        self.assertCanNotCreateAt(StandardPage, CoursePage)
        self.assertCanNotCreateAt(Page, LessonPage)

    def test_editor_creates_a_course_a_week_and_a_lesson(self):
        self.assertCanCreate(
            self.home,
            CoursePage,
            nested_form_data(
                {
                    "title": "Product Management",
                    "slug": "pm",
                    "tagline": "Ten weeks",
                    "who_should_attend": streamfield([("item", "Product owners")]),
                    "what_you_will_learn": streamfield([]),
                    "course_coaches-TOTAL_FORMS": 0,
                    "course_coaches-INITIAL_FORMS": 0,
                    "course_faqs-TOTAL_FORMS": 0,
                    "course_faqs-INITIAL_FORMS": 0,
                }
            ),
        )
        course = CoursePage.objects.get(slug="pm")
        self.assertCanCreate(
            course,
            WeekPage,
            nested_form_data(
                {
                    "title": "The role",
                    "slug": "week-1",
                    "number": 1,
                    "learning_outcomes": streamfield([("item", "Tell a PM from a PO")]),
                }
            ),
        )
        week = WeekPage.objects.get(slug="week-1")
        self.assertCanCreate(
            week,
            LessonPage,
            nested_form_data(
                {
                    "title": "Hello",
                    "slug": "hello",
                    "summary": "Public",
                    "body": streamfield([("paragraph", rich_text("<p>Private</p>"))]),
                }
            ),
        )
        self.assertPageIsRoutable(LessonPage.objects.get(slug="hello"))

    def test_two_weeks_with_one_number_are_refused(self):
        course = CoursePageFactory(parent=self.home)
        WeekPageFactory(parent=course, number=3, slug="week-3")
        url = reverse("wagtailadmin_pages:add", args=["courses", "weekpage", course.pk])
        data = nested_form_data(
            {"title": "Again", "slug": "again", "number": 3, "learning_outcomes": streamfield([])}
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This course already has a week 3.")
        self.assertFalse(WeekPage.objects.filter(slug="again").exists())

    def test_week_numbers_stay_within_the_ten_weeks(self):
        course = CoursePageFactory(parent=self.home)
        url = reverse("wagtailadmin_pages:add", args=["courses", "weekpage", course.pk])
        data = nested_form_data(
            {"title": "Extra", "slug": "extra", "number": 11, "learning_outcomes": streamfield([])}
        )
        response = self.client.post(url, data)
        self.assertContains(response, "less than or equal to 10")
        self.assertFalse(WeekPage.objects.filter(slug="extra").exists())


@pytest.mark.django_db
def test_wagtail_page_api_shows_the_outline_but_never_a_lesson_body(school, client):
    response = client.get(f"/api/v1/cms/pages/{school.lesson1.pk}/")
    assert response.status_code == 200
    assert response.json()["title"] == school.lesson1.title
    assert "The private lesson text." not in response.content.decode()
    assert client.get("/api/v1/cms/documents/").status_code == 404
