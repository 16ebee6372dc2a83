"""Template helpers for discussions: a post's sanitised HTML, and whether it may be edited."""

from django import template

from community.discussions import selectors
from community.discussions.rendering import post_body_html

register = template.Library()


@register.filter
def post_html(post):
    return post_body_html(post.body)


@register.simple_tag
def post_editable(post, user, now) -> bool:
    return selectors.post_editable(post=post, user=user, now=now)
