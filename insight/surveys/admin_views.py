"""The editors' survey results in the Wagtail admin (views only; selectors compute).

``results``: one survey's figures, for every class or one (``?cohort=<id>``): invited and
answered, the NPS with promoters, passives and detractors, each question's distribution as a
table with bars, the free-text answers. ``export``: the answers as CSV.
"""

from __future__ import annotations

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.text import slugify

from insight.feedback.services import user_can_review_feedback
from insight.surveys.models import Survey
from insight.surveys.selectors import nps_per_cohort, survey_answer_rows, survey_results
from payments.workshops.admin import csv_safe


def _require_reviewer(request) -> None:
    if not user_can_review_feedback(request.user):
        raise PermissionDenied("Only editors and staff see survey results.")


def _cohort_id(request) -> int | None:
    raw = request.GET.get("cohort", "")
    return int(raw) if raw.isdigit() else None


def results(request, survey_id: int):
    _require_reviewer(request)
    survey = get_object_or_404(Survey, pk=survey_id)
    cohort_id = _cohort_id(request)
    return TemplateResponse(
        request,
        "surveys/admin/results.html",
        {
            "results": survey_results(survey=survey, cohort_id=cohort_id),
            "nps_by_class": [] if cohort_id else nps_per_cohort(survey=survey),
            "page_title": f"Results: {survey.title}",
            "header_icon": "list-ul",
            "cohort_query": f"?cohort={cohort_id}" if cohort_id else "",
        },
    )


def export(request, survey_id: int):
    _require_reviewer(request)
    survey = get_object_or_404(Survey, pk=survey_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"survey-{survey.pk}-{slugify(survey.title)[:40]}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    for row in survey_answer_rows(survey=survey, cohort_id=_cohort_id(request)):
        writer.writerow([csv_safe(cell) for cell in row])
    return response
