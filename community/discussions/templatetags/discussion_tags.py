"""Template helpers for discussions: a post's sanitised HTML, and whether it may be edited."""

from datetime import timedelta

from django import template
from django.conf import settings

from community.discussions.rendering import post_body_html

register = template.Library()


@register.filter
def post_html(post):
    return post_body_html(post.body)


@register.simple_tag
def post_editable(post, user, now) -> bool:
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and post.status in ("published", "pending")
        and now - post.created_at <= timedelta(minutes=settings.DISCUSSION_EDIT_MINUTES)
    )
