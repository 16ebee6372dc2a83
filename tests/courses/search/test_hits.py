"""What a hit shows: the lesson, its week, the cue's text (escaped, the match marked) and its
time, and a link that opens the lesson with the video at that moment; bad queries explained."""

import pytest

from django.utils import timezone

from courses.search.highlight import highlight_terms
from courses.search.selectors import lesson_search

from .conftest import published_lesson


def test_a_cue_hit_shows_its_time_and_links_to_the_moment(search_school, client):
    client.force_login(search_school.users["enrolled"])
    response = client.get("/search/", {"q": "metric"})
    html = response.content.decode()
    lesson = search_school.lesson1
    assert "1 match for “metric”" in html
    assert f'href="{lesson.url}#t=192.000"' in html
    assert '<span class="cue-time">3:12</span>' in html
    assert "Write down one <mark>metric</mark> your team moves." in html
    assert '<span class="badge">Week 1</span>' in html
    # The link's page loads the player script that reads #t= and seeks the video there.
    lesson_html = client.get(lesson.url).content.decode()
    assert "courses/transcript" in lesson_html
    assert 'data-seek="192.000"' in lesson_html


def test_the_api_hit_carries_the_moment(search_school, client):
    client.force_login(search_school.users["enrolled"])
    hit = client.get("/api/v1/courses/search/", {"q": "metric"}).json()["results"][0]
    assert hit["kind"] == "cue"
    assert hit["start"] == 192.0 and hit["end"] == 200.0 and hit["start_label"] == "3:12"
    assert hit["url"] == f"{search_school.lesson1.url}#t=192.000"
    assert hit["text_html"] == "Write down one <mark>metric</mark> your team moves."
    assert hit["lesson"] == {
        "id": search_school.lesson1.pk,
        "title": "Outcomes over output",
        "url": search_school.lesson1.url,
        "week_number": 1,
        "week_title": "The product role",
    }


def test_body_text_is_found_and_opens_the_lesson(search_school, client):
    client.force_login(search_school.users["enrolled"])
    hit = client.get("/api/v1/courses/search/", {"q": "roadmaps"}).json()["results"][0]
    assert hit["kind"] == "text" and hit["start"] is None and hit["start_label"] == ""
    assert hit["url"] == search_school.lesson1.url
    assert hit["text_html"].startswith("<mark>Roadmaps</mark> promise outputs")


def test_markup_in_lesson_text_comes_out_inert(search_school, client):
    published_lesson(
        week=search_school.week1,
        title="Escaping",
        vtt="WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA quiet cue.\n",
        paragraph="Type &lt;script&gt;alert(1)&lt;/script&gt; into a canary field.",
    )
    client.force_login(search_school.users["enrolled"])
    html = client.get("/search/", {"q": "canary"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; into a <mark>canary</mark> field." in html


def test_highlight_escapes_everything_but_its_marks():
    marked = highlight_terms(text='<img src=x onerror="a()"> Outcomes & outputs', terms=["outcome"])
    assert marked == (
        "&lt;img src=x onerror=&quot;a()&quot;&gt; <mark>Outcomes</mark> &amp; outputs"
    )
    assert highlight_terms(text="Discussion time", terms=["discussing"]) == (
        "<mark>Discussion</mark> time"
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type a word or a phrase from a lesson to search for."),
        ("   ", "Type a word or a phrase from a lesson to search for."),
        ("x" * 201, "Your search is 201 characters long; shorten it to 200 characters or fewer."),
        ("?!* --", "Search for words: letters or digits, not only punctuation."),
        (" ".join(["word"] * 13), "Your search has 13 words; use 12 or fewer."),
    ],
)
def test_bad_queries_are_explained(search_school, client, query, message):
    client.force_login(search_school.users["enrolled"])
    page = client.get("/search/", {"q": query})
    assert page.status_code == 400
    assert message in page.content.decode()
    assert 'aria-invalid="true"' in page.content.decode()
    api = client.get("/api/v1/courses/search/", {"q": query})
    assert api.status_code == 400
    assert api.json() == {
        "status": 400,
        "code": "invalid_query",
        "detail": message,
        "field": "q",
        "errors": {"q": [message]},
    }


def test_the_api_without_q_is_a_400(search_school, client):
    client.force_login(search_school.users["enrolled"])
    response = client.get("/api/v1/courses/search/")
    assert response.status_code == 400
    assert response.json()["field"] == "q"


def test_the_page_without_q_shows_the_form(search_school, client):
    client.force_login(search_school.users["enrolled"])
    response = client.get("/search/")
    assert response.status_code == 200
    assert 'id="lesson-search-q"' in response.content.decode()
    assert 'data-testid="search-count"' not in response.content.decode()


def test_nothing_released_yet_is_said_plainly(search_school, client):
    client.force_login(search_school.users["other_cohort"])
    html = client.get("/search/", {"q": "metric"}).content.decode()
    assert "No lessons are open to you yet" in html


def test_results_are_paginated(search_school, client):
    vtt = "WEBVTT\n\n" + "".join(
        f"00:{i:02d}:00.000 --> 00:{i:02d}:30.000\nPaging cue number {i}.\n\n" for i in range(25)
    )
    published_lesson(week=search_school.week1, title="Many cues", vtt=vtt, paragraph="Intro.")
    client.force_login(search_school.users["enrolled"])
    first = client.get("/search/", {"q": "paging"})
    assert first.context["page_obj"].paginator.count == 25
    assert len(first.context["hits"]) == 20
    assert 'href="?q=paging&amp;page=2"' in first.content.decode()
    second = client.get("/search/", {"q": "paging", "page": 2})
    assert len(second.context["hits"]) == 5
    api = client.get("/api/v1/courses/search/", {"q": "paging", "limit": 10, "offset": 20})
    assert api.json()["count"] == 25 and len(api.json()["results"]) == 5


def test_the_header_has_a_search_box_for_signed_in_people(search_school, client):
    assert 'class="header-search"' not in client.get("/dashboard/", follow=True).content.decode()
    client.force_login(search_school.users["enrolled"])
    html = client.get("/dashboard/").content.decode()
    assert '<form class="header-search" role="search" method="get" action="/search/">' in html


def test_every_word_must_match(search_school):
    student = search_school.users["enrolled"]
    now = timezone.now()
    assert lesson_search(user=student, query="metric team", now=now).results.count() == 1
    assert lesson_search(user=student, query="metric welcome", now=now).results.count() == 0


@pytest.mark.parametrize(
    "query",
    ["NOT", "and OR near", "metric NOT team", '"metric"', "metr*", "text:metric", "ünïcödé ß", "a"],
)
def test_words_the_backend_treats_as_syntax_are_plain_words(search_school, client, query):
    client.force_login(search_school.users["enrolled"])
    response = client.get("/api/v1/courses/search/", {"q": query})
    assert response.status_code == 200
    assert client.get("/search/", {"q": query}).status_code == 200


def test_the_dashboard_links_to_the_search(search_school, client):
    client.force_login(search_school.users["enrolled"])
    assert 'href="/search/">Search your lessons</a>' in client.get("/dashboard/").content.decode()
