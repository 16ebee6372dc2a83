"""Team pages for owners (seats, invitations, buying more) and the invitation link.

The owner and the co-admins they named reach the team (``team_for_manager`` answers 404 for
anyone else); buying seats and taking one stay the owner's (``team_for_owner``). Every
action is a POST that calls one service in ``payments.teams.services`` or
``payments.orders.checkout`` and redirects back with a message (post/redirect/get).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from payments.errors import CheckoutError, TeamError
from payments.forms import BuySeatsForm, InviteForm, ReassignForm
from payments.orders import order_checkout_start
from payments.pricing import price_quote
from payments.selectors import team_for_manager, team_for_owner, team_view, teams_for_manager
from payments.teams.progress import team_progress
from payments.teams.services import (
    INVITATION_SESSION_KEY,
    invitation_from_link_token,
    team_invitation_reassign,
    team_invitation_revoke,
    team_invite,
    team_seat_claim,
    team_seat_take,
)


@login_required
@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "payments/teams/list.html", {"teams": teams_for_manager(user=request.user)}
    )


def _detail(
    request, team, *, invite_form=None, buy_form=None, bulk_form=None, bad_rows=(), status=200
) -> HttpResponse:
    from payments.forms import BulkInviteForm, CoAdminForm

    view = team_view(team=team)
    try:
        next_price = price_quote(
            cohort=team.cohort, tier=team.tier, seats=1, seats_already_owned=team.seats_total
        )
    except CheckoutError:
        next_price = None
    return render(
        request,
        "payments/teams/detail.html",
        {
            "team": team,
            "view": view,
            "invite_form": invite_form or InviteForm(),
            "buy_form": buy_form or BuySeatsForm(),
            "reassign_form": ReassignForm(),
            "bulk_form": bulk_form or BulkInviteForm(),
            "bad_rows": bad_rows,
            "co_admin_form": CoAdminForm(),
            "co_admins": list(team.co_admins.order_by("email")),
            "is_owner": team.owner_id == request.user.pk,
            "progress": team_progress(team=team, now=timezone.now()),
            "next_price": next_price,
        },
        status=status,
    )


@login_required
@require_GET
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, team_for_manager(user=request.user, pk=pk))


@login_required
@require_POST
def team_invite_view(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_for_manager(user=request.user, pk=pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = team_invite(
                team=team, actor=request.user, email=form.cleaned_data["email"]
            )
        except TeamError as error:
            form.add_error("email", error.message)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("payments:team_detail", pk=team.pk)
    return _detail(request, team, invite_form=form, status=400)


@login_required
@require_POST
def team_invitation_revoke_view(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    team = team_for_manager(user=request.user, pk=pk)
    try:
        invitation = team_invitation_revoke(
            team=team, actor=request.user, invitation_id=invitation_pk
        )
        messages.success(request, f"The invitation to {invitation.email} was revoked.")
    except TeamError as error:
        messages.error(request, error.message)
    return redirect("payments:team_detail", pk=team.pk)


@login_required
@require_POST
def team_invitation_reassign_view(
    request: HttpRequest, pk: int, invitation_pk: int
) -> HttpResponse:
    team = team_for_manager(user=request.user, pk=pk)
    form = ReassignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the email address to give the seat to.")
        return redirect("payments:team_detail", pk=team.pk)
    try:
        invitation = team_invitation_reassign(
            team=team,
            actor=request.user,
            invitation_id=invitation_pk,
            email=form.cleaned_data["email"],
        )
        messages.success(request, f"The seat now goes to {invitation.email}; they were invited.")
    except TeamError as error:
        messages.error(request, error.message)
    return redirect("payments:team_detail", pk=team.pk)


@login_required
@require_POST
def team_take_seat_view(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_for_owner(user=request.user, pk=pk)
    try:
        team_seat_take(team=team, user=request.user)
        messages.success(request, f"You took a seat in {team.cohort.name}.")
    except TeamError as error:
        messages.error(request, error.message)
    return redirect("payments:team_detail", pk=team.pk)


@login_required
@require_POST
def team_buy_seats_view(request: HttpRequest, pk: int) -> HttpResponse:
    """More seats for the team, at the group price of its new total."""
    team = team_for_owner(user=request.user, pk=pk)
    form = BuySeatsForm(request.POST)
    if not form.is_valid():
        return _detail(request, team, buy_form=form, status=400)
    try:
        checkout = order_checkout_start(
            buyer=request.user,
            target=team.cohort,
            tier=team.tier,
            seats=form.cleaned_data["seats"],
            code=form.cleaned_data.get("code") or None,
            team=team,
            site_url=request.build_absolute_uri("/"),
        )
    except CheckoutError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _detail(request, team, buy_form=form, status=400)
    return redirect(checkout.redirect_url)


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation email. Signed-in invitees claim their seat here; others
    sign up or sign in first, and their seat is claimed as they sign in (``signals``)."""
    try:
        found = invitation_from_link_token(token)
    except TeamError as error:
        return render(request, "payments/invitation.html", {"error": error.message}, status=404)
    here = reverse("payments:invitation", args=[token])
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={here}")
        try:
            team_seat_claim(invitation=found, user=request.user)
        except TeamError as error:
            return render(
                request,
                "payments/invitation.html",
                {"invitation": found, "error": error.message, "here": here},
                status=409,
            )
        request.session.pop(INVITATION_SESSION_KEY, None)
        messages.success(
            request,
            f"Welcome! You have a seat in {found.team.cohort.name}, which starts on "
            f"{found.team.cohort.start_date:%-d %B %Y}.",
        )
        return redirect(found.team.cohort.course.url or "/")
    if not request.user.is_authenticated:
        request.session[INVITATION_SESSION_KEY] = token
    return render(request, "payments/invitation.html", {"invitation": found, "here": here})
