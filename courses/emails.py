"""Render the course emails (HTML + text): week released, catch-up welcome, weekly digest.

Rendering only: what to send and when is ``courses.releases``; exactly-once is
``courses.notices``. Links are absolute (``settings.SITE_URL``) and every email links to the
student's notification preferences with a signed token, so the link works signed-out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from wagtail.models import Site

from courses.tokens import preferences_token


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


def _message(*, to: str, subject: str, template: str, context: dict) -> EmailMultiAlternatives:
    text = render_to_string(f"courses/emails/{template}.txt", context)
    html = render_to_string(f"courses/emails/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=settings.EMAIL_SUBJECT_PREFIX + subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"List-Unsubscribe": f"<{context['preferences_url']}>"},
    )
    message.attach_alternative(html, "text/html")
    return message


def _greeting_name(user) -> str:
    return user.first_name or user.email.split("@", 1)[0]


def week_released_email(*, user, cohort, course_title: str, week: EmailWeek):
    context = {
        "name": _greeting_name(user),
        "cohort": cohort,
        "course_title": course_title,
        "week": week,
        "dashboard_url": absolute_url(reverse("courses_student:dashboard")),
        "preferences_url": preferences_url(user.pk),
    }
    subject = f"Week {week.number} is live: {week.title}"
    return _message(to=user.email, subject=subject, template="week_released", context=context)


def catch_up_email(*, user, cohort, course_title: str, weeks: list[EmailWeek]):
    context = {
        "name": _greeting_name(user),
        "cohort": cohort,
        "course_title": course_title,
        "weeks": weeks,
        "dashboard_url": absolute_url(reverse("courses_student:dashboard")),
        "preferences_url": preferences_url(user.pk),
    }
    subject = f"Welcome to {cohort.name}: {len(weeks)} week(s) already open"
    return _message(to=user.email, subject=subject, template="catch_up", context=context)


def digest_email(*, user, entries: list[tuple[object, str, EmailWeek]]):
    """``entries``: (cohort, course title, week) for each release the digest covers."""
    context = {
        "name": _greeting_name(user),
        "entries": entries,
        "dashboard_url": absolute_url(reverse("courses_student:dashboard")),
        "preferences_url": preferences_url(user.pk),
    }
    subject = f"Your weekly digest: {len(entries)} new week(s)"
    return _message(to=user.email, subject=subject, template="digest", context=context)
