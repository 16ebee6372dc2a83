"""Check a student's answers against the survey's questions (a pure function, no query).

``answers`` maps a question id (int or str) to what the student gave: a number (NPS 0-10,
scale 1-5), a choice, a list of choices, or a text. The result is either the rows to store or
one message per question, keyed ``question_<id>``, saying what to fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from insight.surveys.models import (
    TEXT_ANSWER_MAX_LENGTH,
    Question,
    QuestionKind,
)

REQUIRED = "This question needs an answer."


@dataclass(frozen=True)
class CleanAnswer:
    question_id: int
    number: int | None = None
    choice: str = ""
    text: str = ""


def question_key(question_id: int) -> str:
    return f"question_{question_id}"


def _blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return not [item for item in value if not _blank(item)]
    return False


def _number(question: Question, value) -> int:
    low, high = question.number_range
    message = f"Choose a whole number from {low} to {high}."
    if isinstance(value, bool | list | tuple | dict):
        raise ValueError(message)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(message)
        value = int(value)
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValueError(message) from None
    if not low <= number <= high:
        raise ValueError(message)
    return number


def _choices(question: Question, value) -> list[str]:
    options = question.choice_list
    if question.kind == QuestionKind.SINGLE:
        if isinstance(value, list | tuple) and len(value) == 1:
            value = value[0]
        if not isinstance(value, str):
            raise ValueError("Choose one of the options.")
        picked = [value.strip()]
    else:
        values = value if isinstance(value, list | tuple) else [value]
        if not all(isinstance(item, str) for item in values):
            raise ValueError("Choose among the options.")
        picked = [item.strip() for item in values if item.strip()]
        if len(set(picked)) != len(picked):
            raise ValueError("Choose each option at most once.")
    unknown = [item for item in picked if item not in options]
    if unknown:
        raise ValueError(f"{unknown[0]!r} is not one of the options.")
    return picked


def _text(value) -> str:
    if not isinstance(value, str):
        raise ValueError("Write your answer as text.")
    text = value.strip()
    if len(text) > TEXT_ANSWER_MAX_LENGTH:
        raise ValueError(f"Keep your answer under {TEXT_ANSWER_MAX_LENGTH} characters.")
    return text


def answers_clean(
    *, questions: Iterable[Question], answers: Mapping
) -> tuple[list[CleanAnswer], dict[str, str]]:
    """The rows to store and the errors (empty when every answer is fine)."""
    questions = list(questions)
    given = {str(key).removeprefix("question_"): value for key, value in answers.items()}
    known = {str(q.pk) for q in questions}
    errors: dict[str, str] = {
        f"question_{key}": "There is no such question in this survey."
        for key in given
        if key not in known
    }
    rows: list[CleanAnswer] = []
    for question in questions:
        value = given.get(str(question.pk))
        if _blank(value):
            if question.required:
                errors[question_key(question.pk)] = REQUIRED
            continue
        try:
            if question.number_range:
                rows.append(CleanAnswer(question.pk, number=_number(question, value)))
            elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                rows += [CleanAnswer(question.pk, choice=c) for c in _choices(question, value)]
            else:
                rows.append(CleanAnswer(question.pk, text=_text(value)))
        except ValueError as error:
            errors[question_key(question.pk)] = str(error)
    return rows, errors
