"""Reads for lesson discussions, each page in a fixed number of queries whatever its size."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, IntegerField, OuterRef, Q, Value

from community.discussions.models import Notification, Post, PostLike, Thread, ThreadFollow
from community.discussions.versions import discussion_remembered
from courses.models import Cohort, LessonPage
from courses.selectors.access import DiscussionAccess

#: "Around this moment": posts within this many seconds either side.
MOMENT_WINDOW_SECONDS = 30


@dataclass(frozen=True)
class PageWindow:
    """Where a page of threads sits: its number, and whether newer or older pages exist."""

    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


def _page_number(raw) -> int:
    try:
        return max(1, min(int(raw), 10_000))
    except (TypeError, ValueError):
        return 1


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
    page: PageWindow
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
    """One page of ``cohort``'s threads on ``lesson`` with their posts.

    A student's page is what every student of the class sees (remembered under the class's
    discussion version, ``_shared_page``) plus what is theirs: their follows, their likes and
    their posts awaiting moderation, in one query (none when the page has no thread). Coaches
    and staff (who see hidden threads and everyone's held posts) and a moment filter
    (``around``: only threads with a post within ``MOMENT_WINDOW_SECONDS`` of it) read it
    all: three queries (threads with the viewer's follows, posts with the viewer's likes,
    the class's moments). With the cache down a student's page is read every time.
    """
    number = _page_number(page_number)
    if around is not None or access.can_moderate or not viewer.is_authenticated:
        return _discussion_page_read(
            cohort=cohort, lesson=lesson, viewer=viewer, access=access, number=number,
            per_page=per_page, around=around,
        )  # fmt: skip
    shared = discussion_remembered(
        cohort_id=cohort.pk,
        key=f"discussions:page:{cohort.pk}:{lesson.pk}:{number}:{per_page}",
        compute=lambda: _shared_page(
            cohort=cohort, lesson=lesson, number=number, per_page=per_page
        ),
        seconds=SHARED_PAGE_SECONDS,
    )
    views = {
        thread.pk: ThreadView(thread=thread, posts=list(shared.posts.get(thread.pk, ())))
        for thread in shared.threads
    }
    marks = _reader_marks(viewer=viewer, views=views)
    for view in views.values():
        view.followed = view.thread.pk in marks.followed
    return DiscussionPage(
        cohort=cohort,
        lesson=lesson,
        access=access,
        page=PageWindow(number=number, has_next=shared.has_next),
        threads=list(views.values()),
        liked_post_ids=marks.liked,
        moments=list(shared.moments),
        around=None,
    )


#: A remembered page outlives no version (``community.discussions.versions``); this bounds
#: how long an author's renamed profile may show under their old posts.
SHARED_PAGE_SECONDS = 300


@dataclass(frozen=True)
class SharedPage:
    """What every student of a class sees on one page of a lesson's discussion."""

    threads: list[Thread]
    posts: dict[int, list[Post]]  # thread id -> published and deleted posts, oldest first
    moments: list[float]
    has_next: bool


def _shared_page(*, cohort: Cohort, lesson: LessonPage, number: int, per_page: int) -> SharedPage:
    start = (number - 1) * per_page
    rows = list(
        Thread.objects.filter(cohort=cohort, lesson=lesson, hidden=False)
        .select_related("author")
        .defer("author__password")
        .order_by("-pinned", "-last_activity_at", "-pk")[start : start + per_page + 1]
    )
    threads = rows[:per_page]
    posts: dict[int, list[Post]] = {thread.pk: [] for thread in threads}
    if threads:
        for post in (
            Post.objects.filter(
                thread_id__in=list(posts),
                status__in=[Post.Status.PUBLISHED, Post.Status.DELETED],
            )
            .select_related("author")
            .defer("author__password")
            .order_by("created_at", "pk")
        ):
            posts[post.thread_id].append(post)
    return SharedPage(
        threads=threads,
        posts=posts,
        moments=_class_moments(cohort=cohort, lesson=lesson),
        has_next=len(rows) > per_page,
    )


@dataclass(frozen=True)
class ReaderMarks:
    followed: set[int]
    liked: set[int]


def _reader_marks(*, viewer, views: dict[int, ThreadView]) -> ReaderMarks:
    """The reader's follows and likes on the page, and their posts there awaiting moderation
    (added to their threads), in one ``UNION ALL`` query; a second only when they have such
    a post. No query for a page without threads."""
    if not views:
        return ReaderMarks(followed=set(), liked=set())
    thread_ids = list(views)
    post_ids = [post.pk for view in views.values() for post in view.posts]

    def rows(queryset, kind: int, column: str):
        return (
            queryset.annotate(row_kind=Value(kind, output_field=IntegerField()))
            .values_list("row_kind", column)
            .order_by()
        )

    follows = rows(
        ThreadFollow.objects.filter(user=viewer, thread_id__in=thread_ids), 0, "thread_id"
    )
    likes = rows(PostLike.objects.filter(user=viewer, post_id__in=post_ids), 1, "post_id")
    held = rows(
        Post.objects.filter(author=viewer, thread_id__in=thread_ids, status=Post.Status.PENDING),
        2,
        "pk",
    )
    marks = ReaderMarks(followed=set(), liked=set())
    pending: list[int] = []
    for kind, pk in follows.union(likes, held, all=True):
        (marks.followed.add, marks.liked.add, pending.append)[kind](pk)
    if pending:
        for post in Post.objects.filter(pk__in=pending).select_related("author"):
            view = views[post.thread_id]
            view.posts.append(post)
            view.posts.sort(key=lambda p: (p.created_at, p.pk))
    return marks


def _class_moments(*, cohort: Cohort, lesson: LessonPage) -> list[float]:
    return sorted(
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


def _discussion_page_read(
    *,
    cohort: Cohort,
    lesson: LessonPage,
    viewer,
    access: DiscussionAccess,
    number: int,
    per_page: int,
    around: float | None,
) -> DiscussionPage:
    threads = Thread.objects.filter(cohort=cohort, lesson=lesson)
    if not access.can_moderate:
        threads = threads.filter(hidden=False)
    if around is not None:
        threads = threads.filter(
            posts__status=Post.Status.PUBLISHED,
            posts__moment__gte=around - MOMENT_WINDOW_SECONDS,
            posts__moment__lte=around + MOMENT_WINDOW_SECONDS,
        ).distinct()
    start = (number - 1) * per_page
    if viewer.is_authenticated:
        threads = threads.annotate(
            viewer_follows=Exists(ThreadFollow.objects.filter(thread=OuterRef("pk"), user=viewer))
        )
    # One row more than a page says whether there is an older page, without a COUNT.
    rows = list(
        threads.select_related("author").order_by("-pinned", "-last_activity_at", "-pk")[
            start : start + per_page + 1
        ]
    )
    page = PageWindow(number=number, has_next=len(rows) > per_page)
    views = {
        thread.pk: ThreadView(thread=thread, followed=getattr(thread, "viewer_follows", False))
        for thread in rows[:per_page]
    }
    liked = _attach_posts(views, viewer=viewer, access=access)
    return DiscussionPage(
        cohort=cohort,
        lesson=lesson,
        access=access,
        page=page,
        threads=list(views.values()),
        liked_post_ids=liked,
        moments=_class_moments(cohort=cohort, lesson=lesson),
        around=around,
    )


def _attach_posts(views: dict[int, ThreadView], *, viewer, access: DiscussionAccess) -> set[int]:
    """Load the posts ``viewer`` may see of these threads into their views (one query, with
    the viewer's likes as EXISTS); the ids of the posts the viewer likes."""
    if not views:
        return set()
    posts_query = (
        Post.objects.filter(thread_id__in=list(views))
        .filter(_visible_posts(viewer, access))
        .select_related("author")
        .order_by("created_at", "pk")
    )
    if viewer.is_authenticated:
        posts_query = posts_query.annotate(
            viewer_likes=Exists(PostLike.objects.filter(post=OuterRef("pk"), user=viewer))
        )
    posts = list(posts_query)
    for post in posts:
        views[post.thread_id].posts.append(post)
    return {post.pk for post in posts if getattr(post, "viewer_likes", False)}


def thread_detail(
    *, thread: Thread, viewer, access: DiscussionAccess
) -> tuple[ThreadView, set[int]] | None:
    """One thread with every post ``viewer`` may see and the ids of those they like, in two
    queries (the follow, the posts with likes); None when the thread is hidden from them.
    Call once the policy let them read."""
    if thread.hidden and not access.can_moderate:
        return None
    followed = viewer.is_authenticated and thread.follows.filter(user=viewer).exists()
    views = {thread.pk: ThreadView(thread=thread, followed=followed)}
    liked = _attach_posts(views, viewer=viewer, access=access)
    return views[thread.pk], liked


def lesson_discussion_prompt(lesson: LessonPage) -> str:
    """The lesson's discussion prompt (its first ``discussion_prompt`` block), or "", read from
    the body's raw blocks: iterating the StreamField would load every document and image the
    body uses just to find one string."""
    return next(
        (
            (block.get("value") or {}).get("prompt", "")
            for block in lesson.body.raw_data
            if block.get("type") == "discussion_prompt"
        ),
        "",
    )


def post_visible(*, post: Post, viewer, access: DiscussionAccess) -> bool:
    """Would ``viewer`` see ``post`` in its thread (the same rule as the pages)?"""
    if post.thread.hidden and not access.can_moderate:
        return False
    return Post.objects.filter(pk=post.pk).filter(_visible_posts(viewer, access)).exists()


def post_editable(*, post: Post, user, now: datetime) -> bool:
    """May ``user`` still edit ``post`` (their own, live, within the edit window)?"""
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and post.status in (Post.Status.PUBLISHED, Post.Status.PENDING)
        and now - post.created_at <= timedelta(minutes=settings.DISCUSSION_EDIT_MINUTES)
    )


def post_editable_until(post: Post) -> datetime:
    return post.created_at + timedelta(minutes=settings.DISCUSSION_EDIT_MINUTES)


UNREAD_COUNT_SECONDS = 300


def notifications_unread_key(user_id: int) -> str:
    return f"discussions:unread:{user_id}"


def notifications_unread_count(*, user) -> int:
    """The header's unread count. It is on every signed-in page, so it is remembered in the
    cache until a notification for this person is made or read
    (``notifications_unread_forget``), at most ``UNREAD_COUNT_SECONDS``; with the cache down
    it is one indexed count."""
    key = notifications_unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_COUNT_SECONDS)
    return count


def notifications_unread_forget(user_ids: Iterable[int]) -> None:
    """Recount these people's unread notifications on their next page: now, and again once
    the transaction that changed them commits (so a page read before the commit cannot keep
    the old count)."""
    keys = [notifications_unread_key(user_id) for user_id in user_ids]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def notifications_list(*, user, limit: int = 50) -> list[Notification]:
    return list(
        Notification.objects.filter(recipient=user)
        .select_related("post__author", "post__thread__lesson", "post__thread__cohort")
        .order_by("-created_at", "-pk")[:limit]
    )


def class_recent_threads(*, user, cohort: Cohort, now, limit: int = 30) -> list[Thread] | None:
    """Recent threads across every lesson of ``cohort`` the viewer may read; None when they may
    read none of it. Coaches and staff see hidden threads too and unanswered threads first.

    Which lessons: each thread's lesson is checked by the one policy
    (``discussion_access``), once per distinct lesson on the page (lesson locations are
    memoised, so a class page costs a few queries per lesson shown, not per thread).
    """
    from courses.selectors.access import discussion_access

    threads = Thread.objects.filter(cohort=cohort).select_related("lesson", "author")
    candidates = list(threads.order_by("-last_activity_at", "-pk")[: limit * 3])
    rights: dict[int, object] = {}
    for thread in candidates:
        if thread.lesson_id not in rights:
            rights[thread.lesson_id] = discussion_access(
                user=user, cohort=cohort, lesson=thread.lesson, now=now
            )
    readable = [
        t
        for t in candidates
        if rights[t.lesson_id].can_read and (not t.hidden or rights[t.lesson_id].can_moderate)
    ]
    if candidates and not readable and not any(r.can_read for r in rights.values()):
        return None
    moderating = any(r.can_moderate for r in rights.values())
    if moderating:
        readable.sort(key=lambda t: (t.answered, -t.last_activity_at.timestamp()))
    return readable[:limit]
