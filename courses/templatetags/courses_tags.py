"""The extension points' tags: ``{% cohort_panels cohort cohorts %}`` renders the panels other
apps registered for an upcoming class (``courses.cohort_panels``), ``{% lesson_panels page
access %}`` those registered for a lesson (``courses.lesson_panels``)."""

from django import template
from django.utils.html import format_html_join

from courses.cohort_panels import cohort_panels_registered
from courses.lesson_panels import lesson_panels_registered

register = template.Library()


@register.simple_tag(takes_context=True)
def cohort_panels(context, cohort, cohorts=()) -> str:
    cohorts = list(cohorts or [cohort])
    return format_html_join(
        "",
        "{}",
        (
            (panel(context=context, cohort=cohort, cohorts=cohorts),)
            for panel in cohort_panels_registered()
        ),
    )


@register.simple_tag(takes_context=True)
def lesson_panels(context, lesson, access) -> str:
    """``{% lesson_panels page access %}``: the panels other apps registered for a lesson the
    reader may open (``courses.lesson_panels``), in order."""
    request = context.get("request")
    return format_html_join(
        "",
        "{}",
        (
            (panel(context=context, lesson=lesson, access=access, request=request),)
            for panel in lesson_panels_registered()
        ),
    )
