"""Reads for lesson discussions, each page in a fixed number of queries whatever its size."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Q

from community.discussions.models import Notification, Post, PostLike, Thread, ThreadFollow
from courses.models import Cohort, LessonPage
from courses.selectors.access import DiscussionAccess

#: "Around this moment": posts within this many seconds either side.
MOMENT_WINDOW_SECONDS = 30


@dataclass
class ThreadView:
    thread: Thread
    posts: list[Post] = field(default_factory=list)
    followed: bool = False


@dataclass
class DiscussionPage:
    cohort: Cohort
    lesson: LessonPage
    access: DiscussionAccess
    page: PaginatorPage
    threads: list[ThreadView]
    liked_post_ids: set[int]
    moments: list[float]
    around: float | None


def _visible_posts(viewer, access: DiscussionAccess) -> Q:
    condition = Q(status__in=[Post.Status.PUBLISHED, Post.Status.DELETED])
    if access.can_moderate:
        condition |= Q(status=Post.Status.PENDING)
    elif viewer.is_authenticated:
        condition |= Q(status=Post.Status.PENDING, author_id=viewer.pk)
    return condition


def discussion_page(
    *,
    cohort: Cohort,
    lesson: LessonPage,
    viewer,
    access: DiscussionAccess,
    page_number=1,
    per_page: int = 10,
    around: float | None = None,
) -> DiscussionPage:
    """One page of ``cohort``'s threads on ``lesson`` with their posts: six queries at most.

    ``around``: only threads with a post within ``MOMENT_WINDOW_SECONDS`` of that moment.
    """
    threads = Thread.objects.filter(cohort=cohort, lesson=lesson)
    if not access.can_moderate:
        threads = threads.filter(hidden=False)
    if around is not None:
        threads = threads.filter(
            posts__status=Post.Status.PUBLISHED,
            posts__moment__gte=around - MOMENT_WINDOW_SECONDS,
            posts__moment__lte=around + MOMENT_WINDOW_SECONDS,
        ).distinct()
    paginator = Paginator(
        threads.select_related("author").order_by("-pinned", "-last_activity_at", "-pk"), per_page
    )
    page = paginator.get_page(page_number)
    views = {thread.pk: ThreadView(thread=thread) for thread in page.object_list}
    posts = list(
        Post.objects.filter(thread_id__in=list(views))
        .filter(_visible_posts(viewer, access))
        .select_related("author")
        .order_by("created_at", "pk")
    )
    for post in posts:
        views[post.thread_id].posts.append(post)
    liked: set[int] = set()
    if viewer.is_authenticated and posts:
        liked = set(
            PostLike.objects.filter(user=viewer, post_id__in=[p.pk for p in posts]).values_list(
                "post_id", flat=True
            )
        )
        for thread_id in ThreadFollow.objects.filter(
            user=viewer, thread_id__in=list(views)
        ).values_list("thread_id", flat=True):
            views[thread_id].followed = True
    moments = sorted(
        set(
            Post.objects.filter(
                thread__cohort=cohort,
                thread__lesson=lesson,
                thread__hidden=False,
                status=Post.Status.PUBLISHED,
                moment__isnull=False,
            ).values_list("moment", flat=True)
        )
    )
    return DiscussionPage(
        cohort=cohort,
        lesson=lesson,
        access=access,
        page=page,
        threads=list(views.values()),
        liked_post_ids=liked,
        moments=moments,
        around=around,
    )


def notifications_unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_list(*, user, limit: int = 50) -> list[Notification]:
    return list(
        Notification.objects.filter(recipient=user)
        .select_related("post__author", "post__thread__lesson", "post__thread__cohort")
        .order_by("-created_at", "-pk")[:limit]
    )
