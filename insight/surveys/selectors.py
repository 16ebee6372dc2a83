"""Reads: NPS figures, a survey's results per class, its answers for the CSV export.

Everything is aggregated by the database in a fixed number of queries, whatever the number
of answers: the results page costs the same queries at 10 answers and at 10,000.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from insight.surveys.models import (
    CHOICE_KINDS,
    Answer,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Survey,
)

PROMOTER_MIN = 9  # 9-10
PASSIVE_MIN = 7  # 7-8; 0-6 are detractors


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


@dataclass(frozen=True)
class NpsFigures:
    """Net Promoter Score of a set of 0-10 answers: % promoters (9-10) minus % detractors
    (0-6), from -100 to 100; ``score`` is None without answers."""

    promoters: int
    passives: int
    detractors: int

    @property
    def responses(self) -> int:
        return self.promoters + self.passives + self.detractors

    @property
    def promoters_pct(self) -> float:
        return _pct(self.promoters, self.responses)

    @property
    def passives_pct(self) -> float:
        return _pct(self.passives, self.responses)

    @property
    def detractors_pct(self) -> float:
        return _pct(self.detractors, self.responses)

    @property
    def score(self) -> int | None:
        if not self.responses:
            return None
        return round(100 * (self.promoters - self.detractors) / self.responses)

    @classmethod
    def from_counts(cls, counts: dict[int, int]) -> NpsFigures:
        """From ``{score: how many}``."""
        return cls(
            promoters=sum(n for s, n in counts.items() if s >= PROMOTER_MIN),
            passives=sum(n for s, n in counts.items() if PASSIVE_MIN <= s < PROMOTER_MIN),
            detractors=sum(n for s, n in counts.items() if s < PASSIVE_MIN),
        )


@dataclass(frozen=True)
class CohortNps:
    cohort_id: int | None
    cohort_name: str
    nps: NpsFigures


def _nps_aggregates() -> dict:
    return {
        "promoters": Count("pk", filter=Q(number__gte=PROMOTER_MIN)),
        "passives": Count("pk", filter=Q(number__gte=PASSIVE_MIN, number__lt=PROMOTER_MIN)),
        "detractors": Count("pk", filter=Q(number__lt=PASSIVE_MIN)),
    }


def nps_per_cohort(
    *,
    survey: Survey | None = None,
    cohort_ids: list[int] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[CohortNps]:
    """NPS per class over every NPS answer (of ``survey``, or of every survey), submitted in
    ``[since, until)`` when given; classes with answers only, by class start date. Answers
    not tied to a class (a workshop's) are left out. One query."""
    answers = Answer.objects.filter(
        question__kind=QuestionKind.NPS,
        number__isnull=False,
        response__cohort__isnull=False,
    )
    if survey is not None:
        answers = answers.filter(response__survey=survey)
    if cohort_ids is not None:
        answers = answers.filter(response__cohort_id__in=cohort_ids)
    if since is not None:
        answers = answers.filter(response__submitted_at__gte=since)
    if until is not None:
        answers = answers.filter(response__submitted_at__lt=until)
    rows = (
        answers.values("response__cohort_id", "response__cohort__name")
        .annotate(**_nps_aggregates())
        .order_by("response__cohort__start_date", "response__cohort_id")
    )
    return [
        CohortNps(
            cohort_id=row["response__cohort_id"],
            cohort_name=row["response__cohort__name"],
            nps=NpsFigures(row["promoters"], row["passives"], row["detractors"]),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    pct: float


@dataclass
class QuestionResult:
    question: Question
    respondents: int = 0
    bars: list[Bar] = field(default_factory=list)
    nps: NpsFigures | None = None
    average: float | None = None
    texts: list[tuple[str, str, datetime]] = field(default_factory=list)  # (text, class, when)


@dataclass
class SurveyResults:
    survey: Survey
    cohort_id: int | None
    invited: int
    responded: int
    questions: list[QuestionResult]
    cohorts: list[tuple[int, str]]

    @property
    def response_rate(self) -> float:
        return _pct(self.responded, self.invited)

    @property
    def nps(self) -> NpsFigures | None:
        """The first NPS question's figures (the survey's headline)."""
        return next((q.nps for q in self.questions if q.nps is not None), None)


def _responses(survey: Survey, cohort_id: int | None) -> QuerySet[Response]:
    responses = Response.objects.filter(survey=survey)
    return responses.filter(cohort_id=cohort_id) if cohort_id else responses


def _bars(question: Question, counts: dict, respondents: int) -> list[Bar]:
    if question.number_range:
        low, high = question.number_range
        labels = [(str(n), counts.get(n, 0)) for n in range(low, high + 1)]
    else:
        known = question.choice_list
        extra = [c for c in counts if c not in known]  # a choice renamed after answers
        labels = [(c, counts.get(c, 0)) for c in [*known, *extra]]
    return [Bar(label, n, _pct(n, respondents)) for label, n in labels]


def survey_results(*, survey: Survey, cohort_id: int | None = None) -> SurveyResults:
    """Every question's distribution, NPS figures, average and free-text answers, for the
    survey's respondents (of one class when ``cohort_id``). Six queries."""
    questions = list(Question.objects.filter(survey=survey))
    invitations = Invitation.objects.filter(survey=survey)
    if cohort_id:
        invitations = invitations.filter(cohort_id=cohort_id)
    counts = invitations.aggregate(
        invited=Count("pk"), responded=Count("pk", filter=Q(answered_at__isnull=False))
    )
    answers = Answer.objects.filter(response__in=_responses(survey, cohort_id))
    distribution: dict[int, dict] = defaultdict(dict)
    for row in (
        answers.exclude(number__isnull=True, choice="")
        .values("question_id", "number", "choice")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        key = row["number"] if row["number"] is not None else row["choice"]
        distribution[row["question_id"]][key] = row["n"]
    respondents = dict(
        answers.values("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
        .values_list("question_id", "n")
    )
    texts: dict[int, list] = defaultdict(list)
    for answer in (
        answers.exclude(text="")
        .select_related("response__cohort")
        .order_by("-response__submitted_at", "-pk")
    ):
        cohort = answer.response.cohort
        texts[answer.question_id].append(
            (answer.text, cohort.name if cohort else "", answer.response.submitted_at)
        )
    cohorts = list(
        Invitation.objects.filter(survey=survey, cohort__isnull=False)
        .values_list("cohort_id", "cohort__name")
        .distinct()
        .order_by("cohort__start_date", "cohort_id")
    )
    results = []
    for question in questions:
        counts_of = distribution.get(question.pk, {})
        result = QuestionResult(question=question, respondents=respondents.get(question.pk, 0))
        if question.number_range or question.kind in CHOICE_KINDS:
            result.bars = _bars(question, counts_of, result.respondents)
        if question.number_range:
            total = sum(counts_of.values())
            if total:
                result.average = round(sum(n * c for n, c in counts_of.items()) / total, 2)
        if question.kind == QuestionKind.NPS:
            result.nps = NpsFigures.from_counts(counts_of)
        result.texts = texts.get(question.pk, [])
        results.append(result)
    return SurveyResults(
        survey=survey,
        cohort_id=cohort_id,
        invited=counts["invited"],
        responded=counts["responded"],
        questions=results,
        cohorts=cohorts,
    )


def survey_answer_rows(*, survey: Survey, cohort_id: int | None = None) -> Iterator[list]:
    """The CSV export: a header, then one row per response (submitted, class, student, email,
    one column per question; a multiple choice's options joined by "; "). Three queries."""
    questions = list(Question.objects.filter(survey=survey))
    yield ["Submitted (UTC)", "Class", "Student", "Email", *[q.prompt for q in questions]]
    responses = list(
        _responses(survey, cohort_id)
        .select_related("cohort", "invitation__user")
        .order_by("submitted_at", "pk")
    )
    cells: dict[tuple[int, int], list[str]] = defaultdict(list)
    for answer in Answer.objects.filter(response__in=[r.pk for r in responses]).order_by("pk"):
        value = answer.number if answer.number is not None else answer.choice or answer.text
        cells[(answer.response_id, answer.question_id)].append(str(value))
    for response in responses:
        user = response.invitation.user
        yield [
            f"{response.submitted_at:%Y-%m-%d %H:%M}",
            response.cohort.name if response.cohort else "",
            user.get_full_name(),
            user.email,
            *["; ".join(cells.get((response.pk, q.pk), [])) for q in questions],
        ]
