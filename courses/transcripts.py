"""Lesson transcripts: WebVTT and SRT files parsed into timed cues.

Parsing is all or nothing: ``parse_transcript`` returns every cue or raises
``TranscriptError`` naming the first wrong line (1-based, as an editor's text editor counts
them), so nothing half-parsed is ever stored or shown.

Formats: WebVTT (https://www.w3.org/TR/webvtt1/, the parts a transcript uses: header, cue
identifiers, timings with optional cue settings, NOTE/STYLE/REGION blocks, voice and styling
tags) and SubRip (numbered blocks, ``HH:MM:SS,mmm --> HH:MM:SS,mmm``).
"""

import html
import re
from dataclasses import asdict, dataclass

ARROW = "-->"
# WebVTT: hours optional, milliseconds after a dot. SRT: hours required, comma (dot tolerated).
_VTT_TIMESTAMP = re.compile(r"^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$")
_SRT_TIMESTAMP = re.compile(r"^(\d{1,}):([0-5]\d):([0-5]\d)[,.](\d{3})$")
_LOOKS_LIKE_TIMING = re.compile(r"^\s*\d+:\d\d")
_TAG = re.compile(r"<[^>]*>")
_VOICE = re.compile(r"^<v(?:\.[^\s>]+)*\s+([^>]+)>")


class TranscriptError(ValueError):
    """A transcript that cannot be parsed, with the 1-based line number to fix."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(f"Line {line}: {message}")


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str
    speaker: str = ""

    @property
    def start_label(self) -> str:
        return format_timestamp(self.start)

    def as_dict(self) -> dict:
        return asdict(self)


def format_timestamp(seconds: float) -> str:
    """``75.5`` -> ``"1:15"``; ``3725`` -> ``"1:02:05"`` (what a reader expects to see)."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def decode_transcript(data: bytes) -> str:
    """UTF-8 (with or without a byte order mark); a bad byte is reported by its line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TranscriptError(line, "is not valid UTF-8 text; save the file as UTF-8.") from None


def detect_format(text: str, filename: str = "") -> str:
    name = filename.lower()
    if name.endswith(".vtt"):
        return "vtt"
    if name.endswith(".srt"):
        return "srt"
    return "vtt" if text.lstrip("\ufeff").startswith("WEBVTT") else "srt"


def parse_transcript(data: bytes | str, filename: str = "") -> list[Cue]:
    """Parse a VTT or SRT file (chosen by extension, else by the ``WEBVTT`` header)."""
    text = decode_transcript(data) if isinstance(data, bytes) else data
    if detect_format(text, filename) == "vtt":
        return parse_vtt(text)
    return parse_srt(text)


def _lines(text: str) -> list[str]:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _seconds(match: re.Match) -> float:
    hours, minutes, secs, millis = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(secs) + int(millis) / 1000


def _timing(line: str, number: int, pattern: re.Pattern, example: str) -> tuple[float, float]:
    if ARROW not in line:
        raise TranscriptError(number, f"expected a cue timing like '{example}', got {line!r}.")
    left, right = line.split(ARROW, 1)
    start_text = left.strip()
    end_text = right.strip().split()[0] if right.strip() else ""
    start_match = pattern.match(start_text)
    end_match = pattern.match(end_text)
    if not start_match:
        raise TranscriptError(number, f"{start_text!r} is not a timestamp like '{example}'.")
    if not end_match:
        raise TranscriptError(number, f"{end_text!r} is not a timestamp like '{example}'.")
    start, end = _seconds(start_match), _seconds(end_match)
    if end <= start:
        raise TranscriptError(number, "the cue ends before it starts.")
    return start, end


def _cue_text(payload: list[str]) -> tuple[str, str]:
    """Plain text for reading, plus the speaker of a ``<v Name>`` voice span."""
    speaker = ""
    voice = _VOICE.match(payload[0]) if payload else None
    if voice:
        speaker = voice.group(1).strip()
    text = " ".join(html.unescape(_TAG.sub("", line)).strip() for line in payload)
    return " ".join(text.split()), speaker


def _check_order(cues: list[Cue], start: float, number: int) -> None:
    if cues and start < cues[-1].start:
        raise TranscriptError(
            number, "cues must be in time order; this cue starts before the one above it."
        )


def parse_vtt(text: str) -> list[Cue]:
    lines = _lines(text)
    header = lines[0] if lines else ""
    if not (header == "WEBVTT" or header.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise TranscriptError(1, "a WebVTT file must start with the line 'WEBVTT'.")
    example = "00:00:01.000 --> 00:00:04.000"
    cues: list[Cue] = []
    index = 1
    # Header text may continue until the first blank line.
    while index < len(lines) and lines[index].strip():
        if ARROW in lines[index]:
            raise TranscriptError(index + 1, "leave a blank line between 'WEBVTT' and the cues.")
        index += 1
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        block_start = index
        block: list[str] = []
        while index < len(lines) and lines[index].strip():
            block.append(lines[index])
            index += 1
        first = block[0]
        if first.startswith(("NOTE", "STYLE", "REGION")) and ARROW not in first:
            continue
        timing_offset = 0 if ARROW in first else 1
        if timing_offset and (len(block) < 2 or ARROW not in block[1]):
            # A mistyped timing ("00:01.000 -> 00:02.000") looks like a cue identifier:
            # point at it rather than at the text below it.
            bad = 0 if _LOOKS_LIKE_TIMING.match(first) or len(block) < 2 else 1
            raise TranscriptError(
                block_start + 1 + bad,
                f"expected a cue timing like '{example}', got {block[bad]!r}.",
            )
        timing_line = block_start + 1 + timing_offset
        start, end = _timing(block[timing_offset], timing_line, _VTT_TIMESTAMP, example)
        _check_order(cues, start, timing_line)
        payload = block[timing_offset + 1 :]
        for offset, line in enumerate(payload):
            if ARROW in line:
                raise TranscriptError(
                    timing_line + 1 + offset,
                    "a cue's text cannot contain '-->'; separate cues with a blank line.",
                )
        cue_text, speaker = _cue_text(payload)
        if cue_text:
            cues.append(Cue(start=start, end=end, text=cue_text, speaker=speaker))
    if not cues:
        raise TranscriptError(len(lines), "the transcript has no cues.")
    return cues


def parse_srt(text: str) -> list[Cue]:
    lines = _lines(text)
    example = "00:00:01,000 --> 00:00:04,000"
    cues: list[Cue] = []
    index = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        number = index + 1
        if not lines[index].strip().isdigit():
            if ARROW in lines[index]:
                raise TranscriptError(number, "each SubRip cue starts with its number on a line.")
            raise TranscriptError(number, f"expected a cue number, got {lines[index]!r}.")
        index += 1
        if index >= len(lines) or not lines[index].strip():
            raise TranscriptError(index + 1, f"expected a cue timing like '{example}'.")
        start, end = _timing(lines[index], index + 1, _SRT_TIMESTAMP, example)
        _check_order(cues, start, index + 1)
        index += 1
        payload: list[str] = []
        while index < len(lines) and lines[index].strip():
            if ARROW in lines[index]:
                raise TranscriptError(
                    index + 1, "a cue's text cannot contain '-->'; separate cues with a blank line."
                )
            payload.append(lines[index])
            index += 1
        cue_text, speaker = _cue_text(payload)
        if not cue_text:
            raise TranscriptError(number, "this cue has no text.")
        cues.append(Cue(start=start, end=end, text=cue_text, speaker=speaker))
    if not cues:
        raise TranscriptError(max(len(lines), 1), "the transcript has no cues.")
    return cues
