"""Posting a comment: parse the form, call ``comment_create``, answer.

On success the reader goes back to the page, at their comment, with a message saying whether
it is live or awaiting moderation. On a mistake (empty, too long) or when they post too fast,
the page itself is rendered again with the form showing the error and their text kept:
HTTP 400 for bad input, 429 for the rate limit.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from wagtail.models import Page

from cms.rate_limits import RateLimited
from community.forms import CommentForm
from community.models import Comment
from community.services import (
    HELD_FOR_LINK,
    HELD_FOR_NEW_ACCOUNT,
    comment_create,
    page_accepts_comments,
)

_HELD_EXPLANATIONS = {
    HELD_FOR_LINK: "it contains a link",
    HELD_FOR_NEW_ACCOUNT: "your account is new",
}


@require_POST
def comment_post(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page, pk=page_id).specific
    if not page_accepts_comments(page):
        raise Http404("This page does not take comments.")
    page_url = page.get_url(request) or "/"
    if not request.user.is_authenticated:
        return redirect_to_login(page_url)

    form = CommentForm(request.POST, page=page)
    status = 400
    if form.is_valid():
        try:
            comment = comment_create(
                author=request.user,
                page=page,
                body=form.cleaned_data["body"],
                parent=form.cleaned_data["parent"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        except RateLimited as error:
            form.add_error(None, error.message)
            response = _render_page_with_form(request, page, form, status=429)
            response["Retry-After"] = str(error.retry_after_seconds)
            return response
        except PermissionDenied as error:
            form.add_error(None, str(error))
            status = 403
        else:
            messages.success(request, _confirmation(comment))
            return redirect(f"{page_url}#{comment.anchor}")
    return _render_page_with_form(request, page, form, status=status)


def _confirmation(comment: Comment) -> str:
    if comment.status == Comment.Status.PUBLISHED:
        return "Your comment is live."
    reasons = [_HELD_EXPLANATIONS.get(reason, reason) for reason in comment.held_reason.split("; ")]
    return (
        f"Your comment is awaiting moderation because {' and '.join(reasons)}. "
        "An editor will review it soon; until then only you can see it."
    )


def _add_service_errors(form: CommentForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        # The parent is a hidden field: its errors belong at the top of the form.
        form.add_error("body" if field == "body" else None, errors)


def _render_page_with_form(
    request: HttpRequest, page: Page, form: CommentForm, *, status: int
) -> HttpResponse:
    """The page as its template renders it, with the bound form for ``{% page_comments %}``."""
    context = {**page.get_context(request), "comment_form": form}
    return TemplateResponse(request, page.get_template(request), context, status=status)
