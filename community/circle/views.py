"""Pages of the executive peer circle: the thread list with a new-thread form, a thread with
its replies, moderation. Parse, ask ``circle_access``, call a service, respond."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cms.rate_limits import RateLimited
from community.circle import services
from community.circle.access import circle_access
from community.circle.models import CirclePost, CircleThread


def _refused(request, access, status=403):
    return render(request, "circle/refused.html", {"access": access}, status=status)


def _with_retry_after(response, seconds: int | None):
    if seconds is not None:
        response["Retry-After"] = str(seconds)
    return response


def _errors(error: ValidationError) -> list[str]:
    return [message for messages_ in error.message_dict.values() for message in messages_]


@login_required
def index(request):
    access = circle_access(user=request.user)
    if not access.can_read:
        return _refused(request, access)
    errors, status, retry = [], 200, None
    if request.method == "POST":
        try:
            thread = services.circle_thread_create(
                user=request.user, title=request.POST.get("title"), body=request.POST.get("body")
            )
        except ValidationError as error:
            errors, status = _errors(error), 400
        except RateLimited as error:
            errors, status, retry = [error.message], 429, error.retry_after_seconds
        else:
            return redirect("circle:thread", thread.pk)
    threads = CircleThread.objects.select_related("author")
    if not access.can_moderate:
        threads = threads.filter(hidden=False)
    response = render(
        request,
        "circle/index.html",
        {"access": access, "threads": list(threads[:50]), "errors": errors, "form": request.POST},
        status=status,
    )
    return _with_retry_after(response, retry)


@login_required
def thread(request, thread_id: int):
    access = circle_access(user=request.user)
    if not access.can_read:
        return _refused(request, access)
    found = get_object_or_404(CircleThread.objects.select_related("author"), pk=thread_id)
    if found.hidden and not access.can_moderate:
        return _refused(request, access, status=404)
    errors, status, retry = [], 200, None
    if request.method == "POST":
        try:
            services.circle_reply(user=request.user, thread=found, body=request.POST.get("body"))
        except ValidationError as error:
            errors, status = _errors(error), 400
        except PermissionDenied as error:
            errors, status = [str(error)], 403
        except RateLimited as error:
            errors, status, retry = [error.message], 429, error.retry_after_seconds
        else:
            return redirect("circle:thread", found.pk)
    posts = CirclePost.objects.filter(thread=found).select_related("author")
    if not access.can_moderate:
        posts = posts.filter(Q(hidden=False) | Q(author=request.user))
    response = render(
        request,
        "circle/thread.html",
        {"access": access, "thread": found, "posts": list(posts), "errors": errors},
        status=status,
    )
    return _with_retry_after(response, retry)


@login_required
@require_POST
def moderate(request, thread_id: int, action: str):
    found = get_object_or_404(CircleThread, pk=thread_id)
    try:
        services.circle_thread_moderate(moderator=request.user, thread=found, action=action)
    except PermissionDenied as error:
        return render(
            request, "circle/refused.html", {"access": None, "message": str(error)}, status=403
        )
    messages.success(request, "Thread updated.")
    return redirect("circle:thread", found.pk)


@login_required
@require_POST
def post_hide(request, post_id: int):
    post = get_object_or_404(CirclePost, pk=post_id)
    try:
        services.circle_post_hide(
            moderator=request.user, post=post, hidden=request.POST.get("hidden") != "0"
        )
    except PermissionDenied as error:
        return render(
            request, "circle/refused.html", {"access": None, "message": str(error)}, status=403
        )
    return redirect("circle:thread", post.thread_id)
