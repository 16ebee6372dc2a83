"""Every write to comments: post one, approve it, reject it (HackSoft-style services).

The rules, in one place:

* **Who may comment where.** A signed-in, active person, on a live page whose type is listed in
  ``COMMUNITY_COMMENT_PAGE_TYPES`` and that has no view restriction. A reply answers a
  published top-level comment on the same page (replies are one level deep).
* **Held for moderation** (status ``pending``, with ``held_reason``) by the one hold rule
  shared with lesson discussion posts (``community.moderation``): a link, or a new account.
  People who may moderate comments are trusted and publish directly. Everything else is
  published at once.
* **Rate limit.** At most ``RATE_LIMITS["comment_post"]`` comments per person (5 per ten
  minutes), through the project's one limiter (cms/rate_limits.py), counted in the same
  transaction as the insert: parallel posts from any number of web processes queue on the
  person's counter row and the limit is exact; a refused comment rolls its count back, writes
  nothing and says when to try again (``RateLimited``).
* **Reply notification.** When a reply becomes published (at once, or on approval), its
  parent's author is emailed after commit, once per reply (see ``community.emails``).

https://github.com/HackSoftware/Django-Styleguide#services
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from wagtail.models import Page

from cms.rate_limits import rate_limit_consume, user_key
from community import signals, tasks
from community.models import COMMENT_MAX_LENGTH, Comment
from community.moderation import (  # noqa: F401 (re-exported: callers name the reasons here)
    HELD_FOR_LINK,
    HELD_FOR_NEW_ACCOUNT,
    ugc_body_has_link,
    ugc_held_reasons,
)

MODERATE_PERMISSION = "community.moderate_comment"


COMMENTS_REFUSED = "You're commenting too fast"


def comment_body_has_link(body: str) -> bool:
    """Whether the text holds a link (the shared rule, ``community.moderation``)."""
    return ugc_body_has_link(body)


def page_accepts_comments(page: Page) -> bool:
    """A live, unrestricted page of a type listed in ``COMMUNITY_COMMENT_PAGE_TYPES``."""
    allowed = {label.lower() for label in settings.COMMUNITY_COMMENT_PAGE_TYPES}
    if page.specific_class is None or page.specific_class._meta.label_lower not in allowed:
        return False
    return page.live and not page.get_view_restrictions().exists()


def comment_held_reasons(*, author, body: str, now: datetime) -> list[str]:
    """Why a new comment must wait for an editor (``community.moderation``, shared with posts)."""
    return ugc_held_reasons(
        author=author, body=body, now=now, trusted=author.has_perm(MODERATE_PERMISSION)
    )


def _clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not body:
        raise ValidationError({"body": "Write something before posting your comment."})
    if len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "body": f"Keep your comment under {COMMENT_MAX_LENGTH:,} characters "
                f"(it has {len(body):,})."
            }
        )
    return body


def _check_parent(*, parent: Comment | None, page: Page) -> None:
    if parent is None:
        return
    if parent.page_id != page.pk:
        raise ValidationError({"parent": "You can only reply to a comment on the same page."})
    if parent.parent_id is not None:
        raise ValidationError({"parent": "Replies go under the original comment, not a reply."})
    if parent.status != Comment.Status.PUBLISHED:
        raise ValidationError({"parent": "That comment is not published, so it takes no replies."})


def comment_create(
    *,
    author,
    page: Page,
    body: str,
    parent: Comment | None = None,
    now: datetime | None = None,
) -> Comment:
    """Post a comment (or a reply) for ``author`` on ``page``: published or held for review.

    Raises ``ValidationError`` (keyed by field) for bad input, ``PermissionDenied`` when the
    author may not comment here, and ``cms.rate_limits.RateLimited`` when they post too fast.
    Nothing is written in any of those cases.
    """
    now = now or timezone.now()
    if not (author.is_authenticated and author.is_active):
        raise PermissionDenied("Sign in to comment.")
    if not page_accepts_comments(page):
        raise PermissionDenied("This page does not take comments.")
    body = _clean_body(body)
    _check_parent(parent=parent, page=page)
    reasons = comment_held_reasons(author=author, body=body, now=now)

    with transaction.atomic():
        rate_limit_consume(
            scope="comment_post", key=user_key(author), refused=COMMENTS_REFUSED, now=now
        )
        comment = Comment.objects.create(
            page=page,
            author=author,
            parent=parent,
            body=body,
            status=Comment.Status.PENDING if reasons else Comment.Status.PUBLISHED,
            held_reason="; ".join(reasons),
            created_at=now,
        )
        if comment.status == Comment.Status.PUBLISHED:
            _after_publish(comment)
    return comment


def _require_moderator(moderator) -> None:
    if not (moderator.is_active and moderator.has_perm(MODERATE_PERMISSION)):
        raise PermissionDenied("You do not have permission to moderate comments.")


def comment_approve(*, comment: Comment, moderator, now: datetime | None = None) -> Comment:
    """Publish a held (or previously rejected) comment. Approving twice changes nothing."""
    _require_moderator(moderator)
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.status == Comment.Status.PUBLISHED:
            return locked
        locked.status = Comment.Status.PUBLISHED
        locked.moderated_by = moderator
        locked.moderated_at = now or timezone.now()
        locked.save(update_fields=["status", "moderated_by", "moderated_at"])
        _after_publish(locked)
    return locked


def comment_reject(*, comment: Comment, moderator, now: datetime | None = None) -> Comment:
    """Hide a comment from everyone, its author included (its replies go with it)."""
    _require_moderator(moderator)
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.status == Comment.Status.REJECTED:
            return locked
        was_published = locked.status == Comment.Status.PUBLISHED
        locked.status = Comment.Status.REJECTED
        locked.moderated_by = moderator
        locked.moderated_at = now or timezone.now()
        locked.save(update_fields=["status", "moderated_by", "moderated_at"])
        if was_published:
            _announce_change(locked)
    return locked


def _after_publish(comment: Comment) -> None:
    """Side effects of a comment going live, sent only if the transaction commits."""
    _announce_change(comment)
    if comment.parent_id is not None:
        parent_author_id = (
            Comment.objects.filter(pk=comment.parent_id).values_list("author_id", flat=True).get()
        )
        if parent_author_id != comment.author_id:
            tasks.comment_reply_notify.delay_on_commit(comment.pk)


def _announce_change(comment: Comment) -> None:
    page_id, comment_id = comment.page_id, comment.pk
    transaction.on_commit(
        lambda: signals.comments_changed.send(
            sender=Comment, page_id=page_id, comment_id=comment_id
        )
    )
