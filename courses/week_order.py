"""The weeks of a course sit in the page tree in the order of their numbers.

Wagtail lists a page's children in tree order, so a week added after a later one (an editor
writing week 3 before week 2, a course imported out of order) would be listed out of place
in the admin's course tree, in the sidebar explorer and wherever children are read in tree
order. Each time a week is created or renumbered in the admin, ``course_weeks_put_in_order``
moves the course's weeks into number order (``wagtail_hooks``).
"""

from __future__ import annotations

from courses.models import CoursePage, WeekPage


def course_weeks_put_in_order(*, course: CoursePage) -> int:
    """Move the weeks of ``course`` so tree order is number order; returns how many moved
    (none when they already are: one query)."""
    weeks = list(WeekPage.objects.child_of(course).order_by("path"))
    wanted = sorted(weeks, key=lambda week: (week.number, week.path))
    if [w.pk for w in weeks] == [w.pk for w in wanted]:
        return 0
    for week in wanted:
        week.refresh_from_db(fields=["path", "depth", "numchild"])
        week.move(course, pos="last-child")
    return len(wanted)
