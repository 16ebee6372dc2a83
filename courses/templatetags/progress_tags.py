"""``{% lesson_done page as done %}``: True/False for a student who may open the lesson,
None for everyone else (no button). One query; the lesson page already asked the policy."""

from django import template

from courses.progress import lesson_done_for

register = template.Library()


@register.simple_tag(takes_context=True)
def lesson_done(context, lesson):
    view = context.get("lesson_view")
    access = getattr(view, "access", None)
    if access is None or access.cohort is None or not access.allowed:
        return None
    return lesson_done_for(user=context["request"].user, lesson=lesson)
