"""Coaches and FAQ pages, and the includes the course page reuses."""

import pytest

from django.template.loader import render_to_string

from cms.selectors import coach_list, faq_groups
from tests.factories import (
    CoachesPageFactory,
    CoachFactory,
    FAQEntryFactory,
    FAQPageFactory,
    ImageFactory,
)

pytestmark = pytest.mark.django_db


def test_coaches_page_lists_every_coach_in_the_editors_order(client, home):
    CoachFactory(name="Second", sort_order=2, photo=ImageFactory())
    CoachFactory(name="First", sort_order=1, linkedin_url="https://www.linkedin.com/in/first")
    page = CoachesPageFactory(parent=home)

    html = client.get(page.url).content.decode()

    assert html.index("First") < html.index("Second")
    assert 'id="coach-' in html
    assert 'href="https://www.linkedin.com/in/first"' in html
    assert 'alt="Second"' in html


def test_faq_page_groups_questions_by_category_in_the_editors_order(client, home):
    FAQEntryFactory(question="When does the next class start?", category="Classes", sort_order=1)
    FAQEntryFactory(question="Can my company pay?", category="Payments", sort_order=2)
    FAQEntryFactory(question="How long is each week?", category="Classes", sort_order=3)
    page = FAQPageFactory(parent=home)

    html = client.get(page.url).content.decode()

    assert [category for category, _ in faq_groups()] == ["Classes", "Payments"]
    order = [
        html.index(text)
        for text in (
            ">Classes<",
            "When does the next class start?",
            "How long is each week?",
            ">Payments<",
            "Can my company pay?",
        )
    ]
    assert order == sorted(order)


def test_faq_groups_can_be_narrowed_to_one_category():
    FAQEntryFactory(question="Refunds?", category="Payments")
    FAQEntryFactory(question="Homework?", category="Classes")

    groups = faq_groups(category="Payments")

    assert [(name, [entry.question for entry in entries]) for name, entries in groups] == [
        ("Payments", ["Refunds?"])
    ]


def test_the_includes_render_on_their_own_for_the_course_page(django_assert_max_num_queries):
    for _ in range(3):
        CoachFactory(photo=ImageFactory())
    FAQEntryFactory(question="Is there homework?", category="")
    for coach in coach_list():  # the first rendering makes the photo renditions, once
        render_to_string("cms/includes/coach_card.html", {"coach": coach})
    coaches = coach_list()

    with django_assert_max_num_queries(0):
        html = "".join(
            render_to_string("cms/includes/coach_card.html", {"coach": coach}) for coach in coaches
        )
    faq_html = render_to_string("cms/includes/faq_list.html", {"faq_groups": faq_groups()})

    assert html.count('class="card coach-card"') == 3
    assert "<summary>Is there homework?</summary>" in faq_html
    assert "General" not in faq_html  # one group: no category heading


def test_the_header_menu_lists_the_top_pages_editors_put_in_menus(client, home):
    CoachesPageFactory(parent=home, show_in_menus=True)
    FAQPageFactory(parent=home, show_in_menus=False)

    html = client.get("/coaches/").content.decode()

    assert '<li><a href="/coaches/" aria-current="page">Coaches</a></li>' in html
    assert 'href="/faq/"' not in html
