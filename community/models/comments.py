"""Reader comments on Wagtail pages (articles), with one level of replies and moderation.

Every write goes through ``community.services`` (create, approve, reject); this module holds
the data and the invariants the database can keep for us.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

#: Longest comment we accept, in characters. The form, the service and the column agree on it.
COMMENT_MAX_LENGTH = 3000


class CommentQuerySet(models.QuerySet):
    def published(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.PUBLISHED)

    def pending(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.PENDING)

    def visible_to(self, user) -> "CommentQuerySet":
        """Published comments, plus the viewer's own comments that await moderation."""
        condition = Q(status=Comment.Status.PUBLISHED)
        if user is not None and user.is_authenticated:
            condition |= Q(status=Comment.Status.PENDING, author_id=user.pk)
        return self.filter(condition)


class Comment(models.Model):
    """A signed-in reader's comment on a page, or a reply to one (one level deep).

    ``status`` is the moderation state: a comment is ``published`` straight away unless
    ``comment_create`` holds it as ``pending`` (``held_reason`` says why); an editor then
    approves or rejects it. ``reply_notified_at`` is the ledger that makes the "someone
    replied to you" email go out once per reply, however often the reply is approved.
    """

    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        PENDING = "pending", "Awaiting moderation"
        REJECTED = "rejected", "Rejected"

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="community_comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        help_text="The comment this one replies to (replies are one level deep).",
    )
    body = models.TextField(max_length=COMMENT_MAX_LENGTH)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    held_reason = models.CharField(
        max_length=200, blank=True, help_text="Why the comment waits for moderation."
    )
    created_at = models.DateTimeField(default=timezone.now)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    reply_notified_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the parent comment's author was emailed about this reply.",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("moderate_comment", "Can approve or reject comments")]
        indexes = [
            # The page's thread: published comments in order (the template tag's query).
            models.Index(fields=["page", "status", "created_at"], name="comment_page_status"),
            # One author's comments, newest first.
            models.Index(fields=["author", "created_at"], name="comment_author_recent"),
            # The moderation queue and its count on the admin dashboard.
            models.Index(fields=["status", "created_at"], name="comment_status_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["published", "pending", "rejected"]),
                name="comment_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="comment_not_own_parent"
            ),
            models.CheckConstraint(
                condition=Q(reply_notified_at__isnull=True) | Q(parent__isnull=False),
                name="comment_only_replies_notify",
            ),
        ]

    def __str__(self) -> str:
        excerpt = " ".join(self.body.split())
        return excerpt if len(excerpt) <= 60 else f"{excerpt[:59]}…"

    @property
    def anchor(self) -> str:
        """The fragment that finds this comment on its page: ``#comment-<id>``."""
        return f"comment-{self.pk}"

    @property
    def author_name(self) -> str:
        """What readers see as the author: their name, never their email address."""
        return self.author.get_full_name() or "Institute member"
