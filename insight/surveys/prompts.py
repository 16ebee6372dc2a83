"""The in-site prompt: a student's surveys waiting for an answer, in the header's account
menu ("Surveys" with a count) and above the panels under each lesson.

Both run on every page a student opens, so the list is remembered in the cache per person
(one query on a miss, none on a hit) and forgotten when it changes: when the trigger invites
the person, and when they answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse

from cms.account_menu import MenuLink

CACHE_SECONDS = 3600


@dataclass(frozen=True)
class PendingSurvey:
    survey_id: int
    title: str

    @property
    def url(self) -> str:
        return reverse("surveys:answer", args=[self.survey_id])


def _key(user_id: int) -> str:
    return f"surveys:pending:{user_id}"


def pending_surveys(*, user) -> list[PendingSurvey]:
    """The surveys ``user`` was invited to and has not answered, newest first (at most one
    query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = cache.get(_key(user.pk))
    if cached is None:
        from insight.surveys.models import Invitation

        cached = list(
            Invitation.objects.filter(user=user, answered_at__isnull=True)
            .order_by("-created_at", "-pk")
            .values_list("survey_id", "survey__title")
        )
        cache.set(_key(user.pk), cached, CACHE_SECONDS)
    return [PendingSurvey(survey_id=pk, title=title) for pk, title in cached]


def pending_surveys_forget(*, user_ids: Iterable[int]) -> None:
    cache.delete_many([_key(pk) for pk in user_ids])


def survey_menu_keys(user_id: int) -> list[str]:
    return [_key(user_id)]


def survey_menu_links(request) -> list[MenuLink]:
    pending = pending_surveys(user=request.user)
    if not pending:
        return []
    count = len(pending)
    return [
        MenuLink(
            label="Surveys",
            url=reverse("surveys:mine"),
            badge=count,
            badge_label=f"survey{'s' if count != 1 else ''} to answer",
        )
    ]


def survey_lesson_panel(*, context, lesson, access, request) -> str:
    pending = pending_surveys(user=request.user)
    if not pending:
        return ""
    return render_to_string("surveys/prompt.html", {"pending": pending}, request=request)
