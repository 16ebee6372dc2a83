"""The demo curriculum (``demo/content/curriculum.json``) keeps its loader's shape.

The file is hand-written course content, so these checks stand between an editing slip (a
duplicate slug, an overlapping transcript cue, a half-filled exercise) and a broken
``seed_demo``. They read the JSON only: no database, no project code. The WebVTT check is a
deliberately strict subset of https://www.w3.org/TR/webvtt1/ written here, so it can run before
the project's own transcript parser exists and is itself tested against bad input below.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

CURRICULUM = Path(__file__).resolve().parents[2] / "demo" / "content" / "curriculum.json"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TIMING = re.compile(
    r"^(\d{2}):([0-5]\d):([0-5]\d)\.(\d{3}) --> (\d{2}):([0-5]\d):([0-5]\d)\.(\d{3})$"
)
CLIP_SECONDS = 30.0
EXERCISE_FIELDS = ("challenge", "target_condition", "obstacle", "next_step", "expected", "learned")
LESSON_KEYS = {
    "title", "slug", "summary", "duration_minutes", "body", "callout", "transcript_vtt",
    "takeaway", "discussion_prompt", "exercise",
}  # fmt: skip
BODY_TAGS = {"p", "strong", "em", "ul", "li"}
TOP_LEVEL_TAGS = {"p", "ul"}


def vtt_cues(text: str) -> list[tuple[float, float, str]]:
    """Parse a WebVTT file strictly; raise ``ValueError`` saying what is wrong."""
    if not text.startswith("WEBVTT\n\n"):
        raise ValueError("must start with 'WEBVTT' and a blank line")
    cues: list[tuple[float, float, str]] = []
    for block in text[len("WEBVTT\n\n") :].strip("\n").split("\n\n"):
        lines = block.split("\n")
        match = TIMING.match(lines[0])
        if not match:
            raise ValueError(f"bad timing line {lines[0]!r}")
        parts = [int(g) for g in match.groups()]
        start = parts[0] * 3600 + parts[1] * 60 + parts[2] + parts[3] / 1000
        end = parts[4] * 3600 + parts[5] * 60 + parts[6] + parts[7] / 1000
        words = " ".join(line.strip() for line in lines[1:])
        if not words or "-->" in words:
            raise ValueError(f"cue at {lines[0]!r} needs one or more lines of text")
        if end <= start:
            raise ValueError(f"cue at {lines[0]!r} ends before it starts")
        if cues and start < cues[-1][1]:
            raise ValueError(f"cue at {lines[0]!r} overlaps the previous cue")
        if end > CLIP_SECONDS:
            raise ValueError(f"cue at {lines[0]!r} runs past the {CLIP_SECONDS:.0f} s clip")
        cues.append((start, end, words))
    return cues


class _FragmentChecker(HTMLParser):
    """Collects problems in a body fragment: unknown or unbalanced tags, loose text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.top_level: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in BODY_TAGS:
            self.problems.append(f"<{tag}> is not allowed")
        if not self.stack:
            self.top_level.append(tag)
        elif tag == "p" and "p" in self.stack:
            self.problems.append("<p> inside <p>")
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> does not close the open tag")
        else:
            self.stack.pop()

    def handle_data(self, data):
        if not self.stack and data.strip():
            self.problems.append(f"text outside any paragraph: {data.strip()[:30]!r}")


def html_problems(fragment: str) -> list[str]:
    checker = _FragmentChecker()
    checker.feed(fragment)
    checker.close()
    problems = checker.problems + [f"<{tag}> never closed" for tag in checker.stack]
    if not checker.top_level or checker.top_level[0] != "p":
        problems.append("must start with a <p>")
    problems += [f"<{t}> at top level" for t in checker.top_level if t not in TOP_LEVEL_TAGS]
    return problems


@pytest.fixture(scope="module")
def curriculum() -> dict:
    return json.loads(CURRICULUM.read_text(encoding="utf-8"))


def _lessons(curriculum):
    for week in curriculum["weeks"]:
        for lesson in week["lessons"]:
            yield week, lesson


def test_course_block_is_complete(curriculum):
    course = curriculum["course"]
    assert course["slug"] == "product-management"
    for key in ("title", "tagline", "intro"):
        assert course[key].strip(), key
    assert len(course["intro"].split("\n\n")) == 2
    assert 5 <= len(course["who_should_attend"]) <= 7
    assert 6 <= len(course["what_you_will_learn"]) <= 8
    assert all(item.strip() for item in course["who_should_attend"] + course["what_you_will_learn"])


def test_coaches_and_faq(curriculum):
    coaches = curriculum["coaches"]
    assert 3 <= len(coaches) <= 4
    assert len({c["slug"] for c in coaches}) == len(coaches)
    for coach in coaches:
        assert SLUG.match(coach["slug"]), coach["slug"]
        assert coach["name"].strip() and coach["role"].strip()
        assert 80 <= len(coach["bio"].split()) <= 120, coach["name"]
        assert coach["linkedin_url"] == "" or coach["linkedin_url"].startswith("https://")
    faq = curriculum["faq"]
    assert 10 <= len(faq) <= 14
    for entry in faq:
        assert entry["question"].strip().endswith("?")
        assert entry["answer"].strip() and entry["category"].strip()


def test_ten_weeks_numbered_in_order_with_unique_slugs(curriculum):
    weeks = curriculum["weeks"]
    assert [week["number"] for week in weeks] == list(range(1, 11))
    assert len({week["slug"] for week in weeks}) == 10
    for week in weeks:
        assert SLUG.match(week["slug"]), week["slug"]
        assert week["title"].strip() and week["theme"].strip() and week["summary"].strip()
        assert week["learning_outcomes"] and all(o.strip() for o in week["learning_outcomes"])


def test_each_week_has_three_or_four_lessons_with_unique_slugs(curriculum):
    for week in curriculum["weeks"]:
        slugs = [lesson["slug"] for lesson in week["lessons"]]
        assert 3 <= len(slugs) <= 4, week["number"]
        assert len(set(slugs)) == len(slugs), week["number"]
        assert all(SLUG.match(slug) for slug in slugs), slugs


def test_lessons_follow_the_schema(curriculum):
    for week, lesson in _lessons(curriculum):
        where = f"week {week['number']} / {lesson['slug']}"
        assert set(lesson) == LESSON_KEYS, where
        assert lesson["title"].strip() and lesson["summary"].strip(), where
        assert 8 <= lesson["duration_minutes"] <= 25, where
        assert "?" in lesson["discussion_prompt"], where
        callout = lesson["callout"]
        if callout is not None:
            assert callout["tone"] in {"info", "tip", "warning"}, where
            assert callout["title"].strip() and callout["text"].strip(), where


def test_lesson_bodies_are_three_to_six_clean_html_paragraphs(curriculum):
    for week, lesson in _lessons(curriculum):
        where = f"week {week['number']} / {lesson['slug']}"
        assert 3 <= len(lesson["body"]) <= 6, where
        for paragraph in lesson["body"]:
            assert html_problems(paragraph) == [], (where, paragraph[:60])


def test_takeaways_are_one_page_with_unique_filenames(curriculum):
    filenames = []
    for week, lesson in _lessons(curriculum):
        takeaway = lesson["takeaway"]
        filenames.append(takeaway["filename"])
        assert re.fullmatch(rf"week-{week['number']:02d}-[a-z0-9-]+\.txt", takeaway["filename"])
        assert takeaway["title"].strip()
        assert 20 <= len(takeaway["text"].splitlines()) <= 40, takeaway["filename"]
    assert len(set(filenames)) == len(filenames)


def test_every_transcript_is_a_short_valid_webvtt(curriculum):
    for week, lesson in _lessons(curriculum):
        cues = vtt_cues(lesson["transcript_vtt"])
        assert 5 <= len(cues) <= 8, f"week {week['number']} / {lesson['slug']}"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("00:00:00.000 --> 00:00:02.000\nHi.\n", "must start with 'WEBVTT'"),
        ("WEBVTT\n\n00:00:00.000 -> 00:00:02.000\nHi.\n", "bad timing line"),
        ("WEBVTT\n\n00:00:03.000 --> 00:00:02.000\nHi.\n", "ends before it starts"),
        ("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n", "needs one or more lines"),
        (
            "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nA.\n\n00:00:04.000 --> 00:00:06.000\nB.\n",
            "overlaps the previous cue",
        ),
        ("WEBVTT\n\n00:00:28.000 --> 00:00:31.000\nLate.\n", "runs past the 30 s clip"),
    ],
)
def test_the_transcript_check_rejects_bad_files(text, problem):
    with pytest.raises(ValueError, match=re.escape(problem)):
        vtt_cues(text)


@pytest.mark.parametrize(
    ("fragment", "problem"),
    [
        ("Loose text", "text outside any paragraph"),
        ("<p>Open paragraph", "<p> never closed"),
        ("<p>A <script>x</script></p>", "<script> is not allowed"),
        ("<ul><li>List first</li></ul>", "must start with a <p>"),
        ("<p>One <p>two</p></p>", "<p> inside <p>"),
    ],
)
def test_the_html_check_rejects_bad_fragments(fragment, problem):
    assert any(problem in found for found in html_problems(fragment))


def test_exercises_are_complete_and_every_week_has_one(curriculum):
    for week in curriculum["weeks"]:
        exercises = [lesson["exercise"] for lesson in week["lessons"] if lesson["exercise"]]
        assert exercises, f"week {week['number']} has no exercise"
    for _week, lesson in _lessons(curriculum):
        exercise = lesson["exercise"]
        if exercise is None:
            continue
        assert set(exercise) == {"title", *EXERCISE_FIELDS}, lesson["slug"]
        for field in ("title", *EXERCISE_FIELDS):
            assert isinstance(exercise[field], str) and exercise[field].strip(), (
                lesson["slug"],
                field,
            )


def test_every_product_kata_lesson_is_a_kata_step(curriculum):
    kata_week = next(w for w in curriculum["weeks"] if w["slug"] == "the-product-kata")
    assert all(lesson["exercise"] for lesson in kata_week["lessons"])
