"""``{% cohort_panels cohort cohorts %}``: the panels other apps registered for an upcoming
class (``courses.cohort_panels``), in registration order."""

from django import template
from django.utils.html import format_html_join

from courses.cohort_panels import cohort_panels_registered

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
