"""What ``courses`` shows on the home page (``cms.home_sections``): the next classes open with
their dates and seats left, what you will learn, and the coaches.

The next classes open are one rule, ``courses.selectors.cohorts_open_next``, the same the
course page and the dashboard use. Prices and the "Buy" button under each class come from the
panels other apps register in ``courses.cohort_panels`` (``payments`` registers its own), so
neither ``cms`` nor ``courses`` imports ``payments``.
"""

from __future__ import annotations

from django.template import Context
from django.utils import timezone
from django.utils.safestring import SafeString

from courses.models import CoursePage
from courses.selectors import cohorts_open_next

HOME_TEMPLATE = "courses/home/course_section.html"


def course_home_section(*, context: Context) -> SafeString | str:
    """The course's selling section: five queries plus the panels', whatever the data."""
    now = timezone.now()
    cohorts = cohorts_open_next(limit=2, now=now)
    course = cohorts[0].course if cohorts else CoursePage.objects.live().public().first()
    if course is None:
        return ""
    coaches = [
        item.coach
        for item in course.course_coaches.select_related("coach", "coach__photo").prefetch_related(
            "coach__photo__renditions"
        )
    ]
    values = {"course": course, "cohorts": cohorts, "coaches": coaches, "now": now}
    template = context.template.engine.get_template(HOME_TEMPLATE)
    return template.render(context.new({**values, "request": context.get("request")}))
