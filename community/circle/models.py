"""Threads and posts of the executive peer circle: one space, not tied to a class or lesson."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from community.discussions.models import POST_MAX_LENGTH, TITLE_MAX_LENGTH


class CircleThread(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_threads"
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    pinned = models.BooleanField(default=False)
    closed = models.BooleanField(default=False, help_text="Closed threads take no new posts.")
    hidden = models.BooleanField(default=False, help_text="Hidden by a coach or staff.")
    reply_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-pinned", "-last_activity_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class CirclePost(models.Model):
    thread = models.ForeignKey(CircleThread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_posts"
    )
    body = models.TextField(max_length=POST_MAX_LENGTH)
    hidden = models.BooleanField(default=False, help_text="Hidden by a coach or staff.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author} in {self.thread}"
