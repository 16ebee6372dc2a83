"""Student pages: parse, call a service or selector, render (docs/architecture.md)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cms.reader_cache import reader_cached
from courses.calendar import calendar_for_user
from courses.certificates import (
    CertificateNameRefused,
    certificate_holder_name_set,
    certificate_pdf,
    certificate_verify_url,
)
from courses.models import Certificate, LessonPage, NotificationMode
from courses.preference_fields import preference_forms
from courses.preferences import notification_mode_get, notification_mode_set
from courses.progress import LessonClosed, dashboard_load, lesson_progress_set
from courses.selectors import cohorts_open_next
from courses.tokens import calendar_token, calendar_token_user_id, preferences_token_user_id

PROGRESS_ANCHOR = "#lesson-progress"


def _private(response):
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


@login_required
@require_safe
@reader_cached
def dashboard(request):
    now = timezone.now()
    progress = dashboard_load(user=request.user, now=now)
    context = {
        "progress": progress,
        # Someone with no class yet is shown where to start (prices: the cohort panels).
        "open_cohorts": [] if progress else cohorts_open_next(limit=2, now=now),
        "calendar_token": calendar_token(user_id=request.user.pk),
        "mode": notification_mode_get(user=request.user),
    }
    return _private(render(request, "courses/student/dashboard.html", context))


@login_required
@require_POST
def lesson_progress(request, lesson_id: int):
    """The "Mark as done" / "Mark as not done" button of a lesson page."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    done = request.POST.get("done") == "1"
    try:
        lesson_progress_set(user=request.user, lesson=lesson, done=done, now=timezone.now())
    except LessonClosed as closed:
        return _private(HttpResponse(closed.message, status=403, content_type="text/plain"))
    messages.success(request, "Marked as done." if done else "Marked as not done.")
    # Back to the button the reader pressed (its anchor), not to the top of the lesson.
    target = request.POST.get("next") or f"{lesson.get_url(request)}{PROGRESS_ANCHOR}"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/dashboard/"
    elif "#" not in target:
        target += PROGRESS_ANCHOR
    return redirect(target)


def _preferences_page(request, user, *, form_action: str):
    """How ``user`` hears about new weeks, and the choices other apps register
    (``courses.preference_fields``): saved together only when every value is valid."""
    if request.method == "POST":
        mode = request.POST.get("mode", "")
        extra_forms = preference_forms(user, request.POST)
        invalid = [form for form in extra_forms if not form.is_valid()]  # each shows its errors
        if mode not in NotificationMode.values:
            messages.error(request, "Pick one of the three options.")
        elif invalid:
            messages.error(request, "Some choices need fixing: see below. Nothing was saved.")
        else:
            with transaction.atomic():
                notification_mode_set(user=user, mode=mode)
                for form in extra_forms:
                    form.save()
            saved = NotificationMode(mode).label
            if extra_forms:
                saved += ", and your other choices below"
            messages.success(request, f"Saved: {saved}.")
            return redirect(form_action)
    else:
        extra_forms = preference_forms(user)
    context = {
        "mode": notification_mode_get(user=user),
        "modes": NotificationMode.choices,
        "form_action": form_action,
        "email": user.email,
        "extra_forms": extra_forms,
    }
    status = 400 if request.method == "POST" else 200
    return _private(render(request, "courses/student/preferences.html", context, status=status))


@login_required
def preferences(request):
    return _preferences_page(request, request.user, form_action=request.path)


def preferences_signed(request, token: str):
    """The link in every course email: works signed-out, for the user it was sent to."""
    user_id = preferences_token_user_id(token)
    if user_id is None:
        raise Http404("This link is not valid. Sign in to change your email preferences.")
    user = get_object_or_404(get_user_model(), pk=user_id, is_active=True)
    return _preferences_page(request, user, form_action=request.path)


@require_http_methods(["GET", "HEAD", "POST"])
def certificate_verify(request, code: str):
    """The public verification page; its holder may name a certificate issued without one."""
    certificate = get_object_or_404(Certificate.objects.select_related("enrollment"), code=code)
    is_holder = request.user.is_authenticated and certificate.enrollment.user_id == request.user.pk
    error = ""
    if request.method == "POST":
        try:
            certificate_holder_name_set(
                certificate=certificate, user=request.user, name=request.POST.get("name", "")
            )
        except CertificateNameRefused as refused:
            error = str(refused)
        else:
            messages.success(request, "Your certificate now carries your name.")
            return redirect(request.path)
    context = {
        "certificate": certificate,
        "verify_url": certificate_verify_url(certificate),
        "asks_for_name": is_holder and not certificate.holder_name,
        "name_error": error,
        "suggested_name": request.user.get_full_name() if is_holder else "",
    }
    status = 400 if error else 200
    return _private(render(request, "courses/student/certificate.html", context, status=status))


@require_safe
def certificate_download(request, code: str):
    certificate = get_object_or_404(Certificate, code=code)
    if not certificate.is_valid:
        raise Http404("This certificate was revoked.")
    if not certificate.holder_name:
        # Asked for on the certificate page (by its holder) before anything is printed.
        return redirect("courses_student:certificate", code=certificate.code)
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return _private(response)


@require_safe
def calendar_feed(request, token: str):
    user_id = calendar_token_user_id(token)
    if user_id is None:
        raise Http404("Unknown calendar.")
    user = get_object_or_404(get_user_model(), pk=user_id, is_active=True)
    body = calendar_for_user(user=user, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="institute.ics"'
    return _private(response)
