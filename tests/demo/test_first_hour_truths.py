"""What the demo tells a newcomer is true: the San Francisco workshop is shown in San
Francisco's time, the articles name the weeks the curriculum really has, and the FAQ never
asks the same thing twice."""

import re

import pytest

from cms.models import ArticlePage, FAQEntry, HomePage
from courses.models import WeekPage
from demo.first_hour import RETIRED_FAQ_QUESTIONS, seed_demo_truths
from demo.school import seed_demo
from payments.models import WorkshopPage

pytestmark = pytest.mark.django_db

NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10}  # fmt: skip
# The venues' cities and the zone their clocks read.
CITY_ZONES = {"San Francisco": "America/Los_Angeles", "New York": "America/New_York",
              "London": "Europe/London"}  # fmt: skip
# Questions that ask the same thing, however they are worded: at most one entry for each.
TOPICS = {
    "time per week": r"how much time",
    "certificate": r"certificate|when I finish",
    "start dates": r"class(es)? start",
    "discounts": r"discount",
    "enrolling a team": r"enrol my whole team",
}


@pytest.fixture
def demo(db, client):
    seed_demo(report=lambda line: None)


def test_the_demo_workshops_are_in_their_own_citys_time(demo, client):
    for workshop in WorkshopPage.objects.exclude(venue=""):
        city = next(city for city in CITY_ZONES if city in workshop.venue)
        assert workshop.time_zone == CITY_ZONES[city], workshop.title
    sf = WorkshopPage.objects.get(venue__contains="San Francisco")
    html = client.get(sf.url).content.decode()
    assert "09:00" in html and "America/Los_Angeles" in html


def test_the_demo_articles_name_the_weeks_the_curriculum_has(demo):
    titles = {week.number: week.title for week in WeekPage.objects.live()}
    # Which week each article's subject is taught in, by the week's own title.
    subjects = {"the-product-kata": "Product Kata", "metrics-that-matter": "Metrics"}
    mentions = 0
    for article in ArticlePage.objects.live():
        text = str(article.body)
        for word in re.findall(r"\bWeek (\w+) of the course\b", text):
            mentions += 1
            number = NUMBERS.get(word.lower()) or int(word)
            assert subjects[article.slug] in titles[number], (article.slug, number)
    assert mentions >= 2


def test_the_demo_faq_never_asks_the_same_thing_twice(demo):
    questions = list(FAQEntry.objects.values_list("question", flat=True))
    assert len(questions) >= 10
    for topic, pattern in TOPICS.items():
        asking = [q for q in questions if re.search(pattern, q, re.IGNORECASE)]
        assert len(asking) <= 1, (topic, asking)
    assert HomePage.objects.get().quote  # and the home page quotes a graduate


def test_an_earlier_demo_database_is_corrected(demo):
    sf = WorkshopPage.objects.get(slug="creating-effective-mvps")
    sf.time_zone = "America/New_York"
    sf.save()
    FAQEntry.objects.create(question=RETIRED_FAQ_QUESTIONS[0], answer="<p>Four hours.</p>")
    seed_demo_truths(lambda line: None)
    sf.refresh_from_db()
    assert sf.time_zone == "America/Los_Angeles" and sf.local_starts_at.hour == 9
    assert not FAQEntry.objects.filter(question__in=RETIRED_FAQ_QUESTIONS).exists()
