"""``/payments/``: buying, orders, teams, invitations, workshop tickets, waitlists and
Stripe's webhook."""

from django.urls import path

from payments.invoicing import views as invoicing_views
from payments.orders import stripe_webhook, views
from payments.teams import manage_views as team_manage_views
from payments.teams import views as team_views
from payments.waitlist import views as waitlist_views
from payments.workshops import views as workshop_views

app_name = "payments"

urlpatterns = [
    path("stripe/webhook/", stripe_webhook, name="stripe_webhook"),
    path("classes/", views.classes, name="classes"),
    path("buy/<slug:slug>/", views.buy, name="buy"),
    path("buy/<slug:slug>/company/", invoicing_views.buy_as_company, name="buy_as_company"),
    path("checkout/return/", views.checkout_return, name="checkout_return"),
    path("orders/", views.order_list, name="order_list"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("orders/<int:pk>/cancelled/", views.order_cancelled, name="order_cancel"),
    path("orders/<int:pk>/resume/", views.order_resume, name="order_resume"),
    path("orders/<int:pk>/start-again/", views.order_start_again, name="order_start_again"),
    path("teams/", team_views.team_list, name="team_list"),
    path("teams/<int:pk>/", team_views.team_detail, name="team_detail"),
    path("teams/<int:pk>/invite/", team_views.team_invite_view, name="team_invite"),
    path("teams/<int:pk>/take-seat/", team_views.team_take_seat_view, name="team_take_seat"),
    path("teams/<int:pk>/buy-seats/", team_views.team_buy_seats_view, name="team_buy_seats"),
    path(
        "teams/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        team_views.team_invitation_revoke_view,
        name="team_invitation_revoke",
    ),
    path(
        "teams/<int:pk>/invitations/<int:invitation_pk>/reassign/",
        team_views.team_invitation_reassign_view,
        name="team_invitation_reassign",
    ),
    path(
        "teams/<int:pk>/progress.csv",
        team_manage_views.team_progress_csv_view,
        name="team_progress_csv",
    ),
    path(
        "teams/<int:pk>/seats/<int:seat_pk>/reassign/",
        team_manage_views.team_seat_reassign_view,
        name="team_seat_reassign",
    ),
    path(
        "teams/<int:pk>/invite-many/",
        team_manage_views.team_invite_many_view,
        name="team_invite_many",
    ),
    path(
        "teams/<int:pk>/co-admins/",
        team_manage_views.team_co_admin_add_view,
        name="team_co_admin_add",
    ),
    path(
        "teams/<int:pk>/co-admins/<int:user_pk>/remove/",
        team_manage_views.team_co_admin_remove_view,
        name="team_co_admin_remove",
    ),
    path("teams/<int:pk>/digest/", team_manage_views.team_digest_view, name="team_digest"),
    path("invitations/<str:token>/", team_views.invitation, name="invitation"),
    path("workshops/<int:pk>/buy/", workshop_views.workshop_buy, name="workshop_buy"),
    path(
        "waitlist/classes/<slug:slug>/",
        waitlist_views.cohort_waitlist_join,
        name="cohort_waitlist_join",
    ),
    path(
        "waitlist/workshops/<int:pk>/",
        waitlist_views.workshop_waitlist_join,
        name="workshop_waitlist_join",
    ),
    path("waitlist/offers/<str:token>/", waitlist_views.waitlist_offer, name="waitlist_offer"),
    path(
        "waitlist/offers/<str:token>/leave/",
        waitlist_views.waitlist_leave_view,
        name="waitlist_leave",
    ),
    path(
        "waitlist/entries/<str:token>/leave/",
        waitlist_views.waitlist_entry_leave_view,
        name="waitlist_entry_leave",
    ),
]
