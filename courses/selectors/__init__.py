"""Reads of the ``courses`` app (HackSoft style: plain functions, keyword-only arguments).

``access`` holds THE access policy (``lesson_access``); ``documents`` the lesson files and
transcripts; ``outline`` what the course, week and lesson pages and the API show;
``week_dates`` the releases and staff overrides every schedule is computed from.
"""

from .access import (
    Access,
    AccessReason,
    CourseAccess,
    course_access_load,
    lesson_access,
    lesson_location,
    user_can_preview_lessons,
)
from .documents import (
    document_first_open_lesson,
    document_is_private,
    document_lessons,
    lesson_document_ids,
    lesson_file_access,
    transcript_cues,
)
from .outline import (
    CourseOutline,
    cohorts_open_next,
    cohorts_upcoming,
    course_outline,
    course_page_view,
    lesson_page_view,
    outline_with_access,
    user_enrollment_schedules,
    week_page_view,
)
from .week_dates import CohortWeekDates, cohort_week_dates

__all__ = [
    "Access",
    "AccessReason",
    "CohortWeekDates",
    "CourseAccess",
    "CourseOutline",
    "cohort_week_dates",
    "cohorts_open_next",
    "cohorts_upcoming",
    "course_access_load",
    "course_outline",
    "course_page_view",
    "document_first_open_lesson",
    "document_is_private",
    "document_lessons",
    "lesson_access",
    "lesson_document_ids",
    "lesson_file_access",
    "lesson_location",
    "lesson_page_view",
    "outline_with_access",
    "transcript_cues",
    "user_can_preview_lessons",
    "user_enrollment_schedules",
    "week_page_view",
]
