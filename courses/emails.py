"""Render the course emails (HTML + text): week released, catch-up welcome, weekly digest.

Rendering only: who is told is ``courses.notices``; sending, exactly once, is the outbox's
(``engine.outbox``), which calls the renderers in ``courses.email_kinds`` once per chunk.
Links are absolute (``settings.SITE_URL``) and every email links to the student's
notification preferences with a signed token, so the link works signed-out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from wagtail.models import Site

from courses.tokens import preferences_token
from engine.outbox.kinds import Rendered


@dataclass
class EmailLesson:
    title: str
    url: str
    summary: str = ""


@dataclass
class EmailWeek:
    number: int
    title: str
    url: str
    lessons: list[EmailLesson] = field(default_factory=list)


def site_root_url_path() -> str:
    """The url_path of the default site's root page ("/home-page/"), read once per batch."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.url_path if site else "/"


def absolute_page_url(page, root_url_path: str) -> str:
    path = page.url_path
    if path.startswith(root_url_path):
        path = "/" + path[len(root_url_path) :]
    return settings.SITE_URL + path


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def preferences_url(user_id: int) -> str:
    return absolute_url(
        reverse("courses_student:preferences_signed", args=[preferences_token(user_id=user_id)])
    )


# Placeholders for what differs between recipients. The templates are rendered once per
# (class, week) with these in place of the name and the preferences link, then each recipient's
# copy is a string replacement: rendering was 31% of a chunk when done once per student.
_NAME_SLOT = "\x1fname\x1f"
_PREFERENCES_SLOT = "\x1fpreferences\x1f"


@dataclass(frozen=True)
class SharedEmail:
    """An email rendered once for many recipients; ``for_user`` fills in one of them."""

    subject: str
    text: str
    html: str

    def for_user(self, user) -> Rendered:
        name = _greeting_name(user)
        link = preferences_url(user.pk)
        return Rendered(
            subject=self.subject,
            text=self.text.replace(_NAME_SLOT, name).replace(_PREFERENCES_SLOT, link),
            html=self.html.replace(_NAME_SLOT, escape(name)).replace(
                _PREFERENCES_SLOT, escape(link)
            ),
            to=[user.email],
            headers={"List-Unsubscribe": f"<{link}>"},
        )


def _shared(*, subject: str, template: str, context: dict) -> SharedEmail:
    context = {
        **context,
        "name": _NAME_SLOT,
        "preferences_url": _PREFERENCES_SLOT,
        "dashboard_url": absolute_url(reverse("courses_student:dashboard")),
    }
    return SharedEmail(
        subject=settings.EMAIL_SUBJECT_PREFIX + subject,
        text=render_to_string(f"courses/emails/{template}.txt", context),
        html=render_to_string(f"courses/emails/{template}.html", context),
    )


def _greeting_name(user) -> str:
    return user.first_name or user.email.split("@", 1)[0]


def week_released_email(*, cohort, course_title: str, week: EmailWeek) -> SharedEmail:
    """ "Week N is live", rendered once for every student of ``cohort``."""
    context = {"cohort": cohort, "course_title": course_title, "week": week}
    subject = f"Week {week.number} is live: {week.title}"
    return _shared(subject=subject, template="week_released", context=context)


def catch_up_email(*, cohort, course_title: str, weeks: list[EmailWeek]) -> SharedEmail:
    context = {"cohort": cohort, "course_title": course_title, "weeks": weeks}
    subject = f"Welcome to {cohort.name}: {len(weeks)} week(s) already open"
    return _shared(subject=subject, template="catch_up", context=context)


def digest_email(*, entries: list[tuple[object, str, EmailWeek]]) -> SharedEmail:
    """``entries``: (cohort, course title, week) for each release the digest covers."""
    subject = f"Your weekly digest: {len(entries)} new week(s)"
    return _shared(subject=subject, template="digest", context={"entries": entries})


def weeks_content(*, course_ids: set[int]) -> dict[tuple[int, int], EmailWeek]:
    """``(course_id, week_number) -> EmailWeek`` with absolute lesson links (2 queries/course)."""
    from courses.models import CoursePage
    from courses.selectors import course_outline

    root = site_root_url_path()
    content = {}
    for course in CoursePage.objects.filter(pk__in=course_ids):
        for week in course_outline(course=course).weeks:
            content[(course.pk, week.number)] = EmailWeek(
                number=week.number,
                title=week.page.title,
                url=absolute_page_url(week.page, root),
                lessons=[
                    EmailLesson(
                        title=lesson.title,
                        url=absolute_page_url(lesson, root),
                        summary=lesson.summary,
                    )
                    for lesson in week.lessons
                ],
            )
    return content


def week_or_placeholder(content, cohort, number: int) -> EmailWeek:
    """The week's content, or a plain "Week N" linking to the dashboard if it has no page."""
    return content.get((cohort.course_id, number)) or EmailWeek(
        number=number, title=f"Week {number}", url=absolute_url("/dashboard/")
    )
