"""``{% page_comments page %}``: a page's comment thread and the form to join it.

Drop it into any page template whose type is listed in ``COMMUNITY_COMMENT_PAGE_TYPES``::

    {% load community_tags %}
    {% page_comments page %}

It renders the published comments (replies one level deep), the reader's own comments that
await moderation, and the form for signed-in readers (a sign-in link for everyone else).
Its query count does not grow with the number of comments (see ``comment_thread_for_page``).
"""

from django import template
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from wagtail.models import Page

from community.forms import CommentForm
from community.models import COMMENT_MAX_LENGTH, Comment
from community.rendering import comment_body_html
from community.selectors import comment_thread_for_page
from community.services import page_accepts_comments

register = template.Library()


@register.filter
def comment_html(body: str) -> SafeString:
    """A comment's plain text as safe HTML: escaped, linked (nofollow ugc), in paragraphs."""
    return comment_body_html(body)


@register.inclusion_tag("community/comments.html", takes_context=True)
def page_comments(context: template.Context, page: Page) -> dict:
    request = context.get("request")
    viewer = getattr(request, "user", None)
    form = context.get("comment_form")
    if not isinstance(form, CommentForm) or form.page.pk != page.pk:
        form = CommentForm(page=page)
    comments = comment_thread_for_page(page=page, viewer=viewer)
    published_count = sum(
        (comment.status == Comment.Status.PUBLISHED)
        + sum(reply.status == Comment.Status.PUBLISHED for reply in comment.visible_replies)
        for comment in comments
    )
    reply_to_id = form.reply_to_id
    if reply_to_id not in {comment.pk for comment in comments}:
        reply_to_id = None  # the reply form is gone: show the errors and text on the main form
    next_path = request.get_full_path() if request else (page.url or "/")
    return {
        "page": page,
        "comments": comments,
        "published_count": published_count,
        "form": form,
        "reply_to_id": reply_to_id,
        "accepts_comments": page_accepts_comments(page),
        "viewer": viewer,
        "post_url": reverse("community:comment_post", args=[page.pk]),
        "login_url": f"{reverse('account_login')}?{urlencode({'next': next_path + '#comments'})}",
        "max_length": COMMENT_MAX_LENGTH,
        "csrf_token": context.get("csrf_token"),
        "pending_status": Comment.Status.PENDING,
    }
