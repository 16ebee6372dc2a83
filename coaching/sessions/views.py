"""Pages of live sessions: parse, ask the policy, call a service, respond."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from coaching.sessions import selectors, services
from coaching.sessions.policy import session_access
from courses.downloads import file_link


def _private(response):
    add_never_cache_headers(response)
    return response


@login_required
def session_list(request):
    """The sessions of every class the reader studies in or coaches."""
    now = timezone.now()
    rows = selectors.session_rows_for_user(user=request.user, now=now)
    upcoming = [r for r in rows if r.session.ends_at > now]
    past = [r for r in rows if r.session.ends_at <= now]
    return _private(
        render(
            request,
            "live_sessions/list.html",
            {"upcoming": upcoming, "past": list(reversed(past)), "now": now},
        )
    )


@login_required
def session_detail(request, session_id: int):
    session = selectors.session_get(session_id=session_id)
    if session is None:
        raise Http404("No such session.")
    now = timezone.now()
    access = session_access(user=request.user, session=session, now=now)
    if not access.member:
        raise Http404("This session is for the students of its class.")
    context = {
        "session": session,
        "access": access,
        "going": selectors.user_is_going(user=request.user, session=session),
        "now": now,
    }
    return _private(render(request, "live_sessions/detail.html", context))


@login_required
@require_POST
def session_rsvp(request, session_id: int):
    session = selectors.session_get(session_id=session_id)
    if session is None:
        raise Http404("No such session.")
    try:
        if request.POST.get("cancel"):
            if services.rsvp_cancel(session=session, user=request.user):
                messages.success(request, "You are no longer on the list.")
        else:
            outcome = services.rsvp_create(session=session, user=request.user)
            if outcome.going:
                messages.success(request, "You're going. We'll remind you an hour before.")
            else:
                messages.info(
                    request,
                    f"The session is full: you are on the waitlist ({outcome.ahead} ahead of "
                    "you). A freed place becomes yours automatically.",
                )
    except services.LiveSessionError as error:
        messages.error(request, str(error))
    return redirect("live_sessions:detail", session_id=session.pk)


@login_required
def session_recording(request, session_id: int):
    """The recording, for the class only, once the session has ended: a short-lived link to
    the private file, or the external link."""
    session = selectors.session_get(session_id=session_id)
    if session is None:
        raise Http404("No such session.")
    access = session_access(user=request.user, session=session, now=timezone.now())
    if not access.can_watch_recording:
        return _private(
            HttpResponseForbidden(
                "The recording is for the students and coaches of the class, after the session."
            )
        )
    if session.recording_document_id:
        return _private(redirect(file_link(document=session.recording_document, user=request.user)))
    return _private(redirect(session.recording_url))
