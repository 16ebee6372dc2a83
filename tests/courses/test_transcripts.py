"""WebVTT and SRT parse into timed cues; a malformed file is refused with its line number."""

import pytest

from courses.transcripts import Cue, TranscriptError, format_timestamp, parse_transcript

GOOD_VTT = """WEBVTT - lesson one

NOTE written by the coach
spans two lines

intro
00:00:00.000 --> 00:00:04.000 align:start
<v Maria Lopez>Welcome &amp; thanks for joining.

00:04.000 --> 00:00:09.500
Outcomes, <b>not</b> output.
Second line of the same cue.

01:00:00.000 --> 01:00:02.000
An hour in.
"""

GOOD_SRT = """1
00:00:00,000 --> 00:00:03,200
First cue.

2
00:00:03,200 --> 00:00:07,000
Second cue,
two lines.
"""


def test_vtt_cues_with_voice_tags_settings_and_notes():
    cues = parse_transcript(GOOD_VTT, "lesson.vtt")
    assert cues == [
        Cue(0.0, 4.0, "Welcome & thanks for joining.", speaker="Maria Lopez"),
        Cue(4.0, 9.5, "Outcomes, not output. Second line of the same cue."),
        Cue(3600.0, 3602.0, "An hour in."),
    ]
    assert [cue.start_label for cue in cues] == ["0:00", "0:04", "1:00:00"]


def test_srt_cues():
    cues = parse_transcript(GOOD_SRT.encode(), "lesson.srt")
    assert cues == [Cue(0.0, 3.2, "First cue."), Cue(3.2, 7.0, "Second cue, two lines.")]


def test_crlf_and_byte_order_mark_are_accepted():
    data = ("\ufeff" + GOOD_SRT.replace("\n", "\r\n")).encode()
    assert len(parse_transcript(data, "windows.srt")) == 2


def test_format_is_detected_from_content_without_extension():
    assert parse_transcript(GOOD_VTT)[0].speaker == "Maria Lopez"
    assert parse_transcript(GOOD_SRT)[1].text == "Second cue, two lines."


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("Hello\n\n00:00:00.000 --> 00:00:01.000\nHi\n", 1, "must start with the line 'WEBVTT'"),
        ("WEBVTT\n00:00:00.000 --> 00:00:01.000\nHi\n", 2, "blank line"),
        (
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHi\n\n00:00:02.000 -> 00:00:03.000\nYo\n",
            6,
            "expected a cue timing",
        ),
        (
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHi\n\n00:00:61.000 --> 00:01:03.000\nYo\n",
            6,
            "'00:00:61.000' is not a timestamp",
        ),
        ("WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nBackwards\n", 3, "ends before it starts"),
        (
            "WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nB\n\n00:00:01.000 --> 00:00:02.000\nA\n",
            6,
            "time order",
        ),
        (
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nA\n00:00:01.000 --> 00:00:02.000\nB\n",
            5,
            "blank line",
        ),
        ("WEBVTT\n\ncue-id\nnot a timing\n", 4, "expected a cue timing"),
        ("WEBVTT\n\nNOTE nothing else\n", 4, "no cues"),
    ],
)
def test_malformed_vtt_names_the_line(text, line, words):
    with pytest.raises(TranscriptError) as caught:
        parse_transcript(text, "broken.vtt")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"Line {line}: ")
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            "1\n00:00:00,000 --> 00:00:01,000\nA\n\nx\n00:00:01,000 --> 00:00:02,000\nB\n",
            5,
            "expected a cue number",
        ),
        (
            "1\n00:00:00,000 --> 00:00:01,000\nA\n\n2\n00:00:01.000 -> 00:00:02,000\nB\n",
            6,
            "expected a cue timing",
        ),
        (
            "1\n00:00:00,000 --> 00:00:01,000\nA\n\n2\n00:00:1,000 --> 00:00:02,000\nB\n",
            6,
            "is not a timestamp",
        ),
        (
            "1\n00:00:00,000 --> 00:00:01,000\nA\n2\n00:00:01,000 --> 00:00:02,000\nB\n",
            5,
            "blank line",
        ),
        ("1\n00:00:00,000 --> 00:00:01,000\n\n", 1, "no text"),
        ("00:00:00,000 --> 00:00:01,000\nA\n", 1, "starts with its number"),
        ("\n\n", 3, "no cues"),
    ],
)
def test_malformed_srt_names_the_line(text, line, words):
    with pytest.raises(TranscriptError) as caught:
        parse_transcript(text, "broken.srt")
    assert caught.value.line == line
    assert words in str(caught.value)


def test_invalid_utf8_names_the_line():
    data = b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\ncaf\xe9\n"
    with pytest.raises(TranscriptError) as caught:
        parse_transcript(data, "latin1.vtt")
    assert caught.value.line == 4
    assert "UTF-8" in str(caught.value)


def test_timestamp_labels():
    assert format_timestamp(0) == "0:00"
    assert format_timestamp(75.9) == "1:15"
    assert format_timestamp(3725) == "1:02:05"
