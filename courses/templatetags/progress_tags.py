"""``{% lesson_done page as done %}``: True/False for a student who may open the lesson,
None for everyone else (no button). No query on the lesson page: the policy read it with
the enrollments (``Access.done``); one query elsewhere."""

from django import template

from courses.progress import lesson_done_for

register = template.Library()


@register.simple_tag(takes_context=True)
def lesson_done(context, lesson):
    view = context.get("lesson_view")
    access = getattr(view, "access", None)
    if access is None or access.cohort is None or not access.allowed:
        return None
    if access.done is not None:  # read with the enrollments (``lesson_access``)
        return access.done
    return lesson_done_for(user=context["request"].user, lesson=lesson)
