"""The team page's management actions: progress as CSV, giving a claimed seat to someone else,
inviting many at once, co-admins and the Monday digest switch.

Like ``views``: the team is looked up through ``team_for_manager`` (404 for anyone who neither
owns nor co-administers it), each POST calls one service and redirects back with a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from payments.errors import TeamError
from payments.forms import BulkInviteForm, CoAdminForm, DigestForm, ReassignForm
from payments.selectors import team_for_manager, team_for_owner
from payments.teams import (
    TeamBulkInviteRefused,
    team_co_admin_add,
    team_co_admin_remove,
    team_invite_many,
    team_seat_reassign,
)
from payments.teams.digest import team_digest_set
from payments.teams.progress import team_progress, team_progress_csv

from .views import _detail


@login_required
@require_GET
def team_progress_csv_view(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_for_manager(user=request.user, pk=pk)
    body = team_progress_csv(team_progress(team=team, now=timezone.now()))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    name = slugify(str(team)) or f"team-{team.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}-progress.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def team_seat_reassign_view(request: HttpRequest, pk: int, seat_pk: int) -> HttpResponse:
    team = team_for_manager(user=request.user, pk=pk)
    form = ReassignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the email address to give the seat to.")
        return redirect("payments:team_detail", pk=team.pk)
    try:
        invitation = team_seat_reassign(
            team=team, actor=request.user, seat_id=seat_pk, email=form.cleaned_data["email"]
        )
        messages.success(
            request,
            f"The seat now goes to {invitation.email}; they were invited, and its former "
            "member was told.",
        )
    except TeamError as error:
        messages.error(request, error.message)
    return redirect("payments:team_detail", pk=team.pk)


@login_required
@require_POST
def team_invite_many_view(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_for_manager(user=request.user, pk=pk)
    form = BulkInviteForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, team, bulk_form=form, status=400)
    try:
        invitations = team_invite_many(
            team=team, actor=request.user, text=form.cleaned_data["text"]
        )
    except TeamBulkInviteRefused as error:
        form.add_error(None, error.message)
        return _detail(request, team, bulk_form=form, bad_rows=error.bad_rows, status=400)
    except TeamError as error:
        form.add_error(None, error.message)
        return _detail(request, team, bulk_form=form, status=400)
    count = len(invitations)
    messages.success(request, f"{count} invitation{'s' if count != 1 else ''} sent.")
    return redirect("payments:team_detail", pk=team.pk)


@login_required
@require_POST
def team_co_admin_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_for_owner(user=request.user, pk=pk)
    form = CoAdminForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the email address of the co-admin's account.")
        return redirect("payments:team_detail", pk=team.pk)
    try:
        user = team_co_admin_add(team=team, actor=request.user, email=form.cleaned_data["email"])
        messages.success(request, f"{user.email} can now manage this team with you.")
    except TeamError as error:
        messages.error(request, error.message)
    return redirect("payments:team_detail", pk=team.pk)


@login_required
@require_POST
def team_co_admin_remove_view(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    team = team_for_owner(user=request.user, pk=pk)
    team_co_admin_remove(team=team, actor=request.user, user_id=user_pk)
    messages.success(request, "The co-admin was removed.")
    return redirect("payments:team_detail", pk=team.pk)


@login_required
@require_POST
def team_digest_view(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_for_owner(user=request.user, pk=pk)
    form = DigestForm(request.POST)
    form.is_valid()
    enabled = bool(form.cleaned_data.get("digest_enabled"))
    team_digest_set(team=team, actor=request.user, enabled=enabled)
    messages.success(
        request, "The Monday digest is on." if enabled else "The Monday digest is off."
    )
    return redirect("payments:team_detail", pk=team.pk)
