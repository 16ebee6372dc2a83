"""Pages of the journal (students) and of the coach's workspace: parse, call, respond."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from coaching import selectors, services
from coaching.forms import FeedbackForm, KataForm
from coaching.pdf import journal_pdf_bytes
from courses.models import WEEKS_PER_COURSE, Cohort
from courses.selectors.coaching import user_coaches_cohort

# The Coaches group's role; which classes a coach reaches is their assignment.
COACH_PERMISSION = "coaching.coach_classes"
# The workspace shows the next few sessions; the sessions page lists them all.
WORKSPACE_SESSIONS_SHOWN = 5


@login_required
def journal(request):
    """The student's journal: every week of their course as one storyboard."""
    course_id = request.GET.get("course")
    enrollment = selectors.student_active_enrollment(
        user=request.user, course_id=int(course_id) if course_id and course_id.isdigit() else None
    )
    if enrollment is None:
        return render(request, "coaching/journal.html", {"enrollment": None}, status=200)
    entries = {
        e.week_number: e
        for e in selectors.journal_entries_for_student(
            user=request.user, course_id=enrollment.cohort.course_id
        )
    }
    weeks = [(n, entries.get(n)) for n in range(1, WEEKS_PER_COURSE + 1)]
    return render(
        request,
        "coaching/journal.html",
        {"enrollment": enrollment, "course": enrollment.cohort.course, "weeks": weeks},
    )


@login_required
def journal_pdf(request, course_id: int):
    enrollment = selectors.student_active_enrollment(user=request.user, course_id=course_id)
    entries = selectors.journal_entries_for_student(user=request.user, course_id=course_id)
    if enrollment is None and not entries:
        raise Http404("No journal for this course.")
    course_title = enrollment.cohort.course.title if enrollment else entries[0].course.title
    response = HttpResponse(
        journal_pdf_bytes(user=request.user, course_title=course_title, entries=entries),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = 'attachment; filename="kata-journal.pdf"'
    return response


@login_required
@require_POST
def journal_week_save(request, course_id: int, week_number: int):
    """Save the week's entry as a draft, or submit it (the ``submit`` button)."""
    if not 1 <= week_number <= WEEKS_PER_COURSE:
        raise Http404("No such week.")
    enrollment = selectors.student_active_enrollment(user=request.user, course_id=course_id)
    if enrollment is None:
        raise Http404("You are not a student of this course.")
    form = KataForm(request.POST)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if not form.is_valid():
        messages.error(request, "Each answer can be at most 4000 characters long.")
        return redirect(next_url or "coaching:journal")
    try:
        if "submit" in request.POST:
            iteration = services.journal_submit(
                enrollment=enrollment, week_number=week_number, values=form.cleaned_data
            )
            late = " It is marked late: the due date has passed." if iteration.late else ""
            messages.success(
                request, f"Submitted to your coach (iteration {iteration.number}).{late}"
            )
        else:
            services.journal_draft_save(
                enrollment=enrollment, week_number=week_number, values=form.cleaned_data
            )
            messages.success(request, "Draft saved.")
    except services.JournalError as error:
        messages.error(request, str(error))
    return redirect(next_url or "coaching:journal")


@login_required
@permission_required(COACH_PERMISSION, raise_exception=True)
def workspace(request):
    """A coach's classes, the entries waiting for their feedback, the unanswered threads and
    the live sessions of their classes."""
    from coaching.sessions.selectors import session_rows_for_user

    cohorts = selectors.coach_cohorts(user=request.user)
    if not cohorts:
        raise Http404("You coach no class.")
    now = timezone.now()
    sessions = [
        row
        for row in session_rows_for_user(user=request.user, now=now)
        if row.session.ends_at > now
    ][:WORKSPACE_SESSIONS_SHOWN]
    return render(
        request,
        "coaching/workspace.html",
        {
            "cohorts": cohorts,
            "waiting": selectors.coach_entries_waiting(user=request.user),
            "unanswered": selectors.coach_threads_unanswered(user=request.user),
            "sessions": sessions,
        },
    )


@login_required
@permission_required(COACH_PERMISSION, raise_exception=True)
def workspace_class(request, cohort_id: int):
    """One class the person coaches: each student's journal week by week."""
    if not user_coaches_cohort(request.user, cohort_id):
        raise Http404("You do not coach this class.")
    cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=cohort_id)
    return render(
        request,
        "coaching/workspace_class.html",
        {
            "cohort": cohort,
            "rows": selectors.cohort_progress(cohort=cohort),
            "week_numbers": range(1, WEEKS_PER_COURSE + 1),
        },
    )


@login_required
@permission_required(COACH_PERMISSION, raise_exception=True)
def coach_entry_view(request, entry_id: int):
    """An entry with its iterations; the coach answers the latest submission."""
    entry = selectors.coach_entry(user=request.user, entry_id=entry_id)
    if entry is None:
        raise Http404("No such entry in your classes.")
    iterations = [i for i in entry.iterations.all() if not i.is_draft]
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and iterations:
        try:
            services.journal_feedback_give(
                coach=request.user,
                iteration=iterations[-1],
                verdict=form.cleaned_data["verdict"],
                feedback=form.cleaned_data["feedback"],
            )
        except services.JournalError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Feedback sent to the student.")
            return redirect("coaching:coach_entry", entry_id=entry.pk)
    return render(
        request,
        "coaching/coach_entry.html",
        {"entry": entry, "iterations": iterations, "form": form},
    )
