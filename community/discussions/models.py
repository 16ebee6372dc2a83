"""A class's discussion of a lesson: threads, posts, likes, follows, reports, notifications.

Every write goes through ``community.discussions.services``; who may do what is the access
policy's (``courses.selectors.access.discussion_access``). The database keeps what it can:
one like per person and post, one follow per person and thread, one report per person and
post, one notification per person, post and reason.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from courses.transcripts import format_timestamp

#: Longest post and thread title we accept. The form, the API, the service and the column agree.
POST_MAX_LENGTH = 5000
TITLE_MAX_LENGTH = 140


class Thread(models.Model):
    """One conversation in ``cohort``'s discussion of ``lesson``; its first post opens it."""

    cohort = models.ForeignKey(
        "courses.Cohort", on_delete=models.CASCADE, related_name="discussion_threads"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="discussion_threads"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_threads"
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    from_prompt = models.BooleanField(
        default=False, help_text="Started from the lesson's discussion prompt."
    )
    pinned = models.BooleanField(default=False)
    closed = models.BooleanField(default=False, help_text="Closed threads take no new posts.")
    hidden = models.BooleanField(default=False, help_text="Hidden by a coach or staff.")
    answered = models.BooleanField(default=False, help_text="Has a coach's answer.")
    reply_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-pinned", "-last_activity_at", "-pk"]
        indexes = [
            models.Index(
                fields=["cohort", "lesson", "hidden", "-pinned", "-last_activity_at"],
                name="thread_lesson_recent",
            ),
            models.Index(fields=["cohort", "-last_activity_at"], name="thread_cohort_recent"),
        ]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    """A post in a thread (the first one opens it), optionally at a moment of the lesson video.

    ``status``: ``published``; ``pending`` (held by the shared hold rule, ``held_reason``);
    ``hidden`` (by a moderator); ``deleted`` (by its author: the row stays so replies keep
    their place, the text goes).
    """

    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        PENDING = "pending", "Awaiting moderation"
        HIDDEN = "hidden", "Hidden by a moderator"
        DELETED = "deleted", "Deleted by its author"

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_posts"
    )
    reply_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
        help_text="The post this one answers (its author is notified).",
    )
    body = models.TextField(max_length=POST_MAX_LENGTH)
    moment = models.FloatField(
        null=True, blank=True, help_text="Seconds into the lesson video this post is about."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PUBLISHED)
    held_reason = models.CharField(max_length=200, blank=True)
    is_answer = models.BooleanField(default=False, help_text="Marked as the coach's answer.")
    like_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["thread", "status", "created_at"], name="post_thread_order"),
            models.Index(fields=["status", "created_at"], name="post_status_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["published", "pending", "hidden", "deleted"]),
                name="post_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(moment__isnull=True) | Q(moment__gte=0), name="post_moment_not_negative"
            ),
        ]

    def __str__(self) -> str:
        excerpt = " ".join(self.body.split())
        return excerpt if len(excerpt) <= 60 else f"{excerpt[:59]}…"

    @property
    def moment_label(self) -> str:
        """``"3:12"`` for a post anchored 192 seconds in; "" when not anchored."""
        return "" if self.moment is None else format_timestamp(self.moment)

    @property
    def anchor(self) -> str:
        return f"post-{self.pk}"


class PostLike(models.Model):
    """``user`` likes ``post``: at most once, whatever the clicks (a unique pair)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_like_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} likes post {self.post_id}"


class ThreadFollow(models.Model):
    """``user`` hears about new posts in ``thread`` (authors follow their threads)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="one_follow_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows thread {self.thread_id}"


class PostReport(models.Model):
    """Someone asks a moderator to look at ``post``; open reports are the moderation queue."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="one_report_per_user")
        ]

    def __str__(self) -> str:
        return f"Report on post {self.post_id}"


class NotificationDelivery(models.TextChoices):
    IMMEDIATE = "immediate", "Email me at once"
    DIGEST = "digest", "One email a day"
    OFF = "off", "No emails (the list on the site only)"


class DiscussionPreference(models.Model):
    """How a person hears about discussions by email; no row means ``immediate``."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_preference"
    )
    delivery = models.CharField(
        max_length=10, choices=NotificationDelivery.choices, default=NotificationDelivery.IMMEDIATE
    )
    digest_hour = models.PositiveSmallIntegerField(
        default=18, help_text="Local hour (0-23) the daily digest is sent."
    )
    timezone = models.CharField(max_length=64, default="UTC")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(digest_hour__gte=0, digest_hour__lte=23), name="digest_hour_valid"
            )
        ]

    def __str__(self) -> str:
        return f"Discussion emails for {self.user_id}: {self.delivery}"


class Notification(models.Model):
    """``recipient`` is told that ``post`` happened for ``reason``: once (a unique triple).

    The row is the site's notification list (``read_at``) and the email ledger: ``email`` is
    the outbox row that told them (immediately, or the digest that carried it); ``delivery``
    records the decision taken when the row was written.
    """

    class Reason(models.TextChoices):
        REPLY = "reply", "replied to your post"
        FOLLOWED = "followed", "posted in a thread you follow"
        ANSWER = "answer", "marked a coach's answer in your thread"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_notifications"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="notifications")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    delivery = models.CharField(max_length=10, choices=NotificationDelivery.choices)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.ForeignKey(
        "outbox.OutboxEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["delivery", "email"], name="notification_digest_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "post", "reason"], name="one_notification_per_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: post {self.post_id} ({self.reason})"
