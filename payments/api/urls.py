from django.urls import path

from . import teams, views, waitlist

urlpatterns = [
    path("waitlist/", waitlist.MyWaitlistView.as_view(), name="api-payments-waitlist"),
    path(
        "waitlist/<id:pk>/",
        waitlist.MyWaitlistEntryView.as_view(),
        name="api-payments-waitlist-entry",
    ),
    path("classes/", views.ClassesView.as_view(), name="api-payments-classes"),
    path("quote/", views.QuoteView.as_view(), name="api-payments-quote"),
    path("checkout/", views.CheckoutView.as_view(), name="api-payments-checkout"),
    path("workshops/<id:pk>/", views.WorkshopTicketsView.as_view(), name="api-payments-workshop"),
    path("orders/", views.OrderListView.as_view(), name="api-payments-orders"),
    path("orders/<id:pk>/", views.OrderDetailView.as_view(), name="api-payments-order"),
    path("teams/", views.TeamListView.as_view(), name="api-payments-teams"),
    path("teams/<id:pk>/", views.TeamDetailView.as_view(), name="api-payments-team"),
    path(
        "teams/<id:pk>/invitations/",
        views.TeamInvitationsView.as_view(),
        name="api-payments-team-invitations",
    ),
    path(
        "teams/<id:pk>/invitations/<id:invitation_pk>/revoke/",
        views.TeamInvitationRevokeView.as_view(),
        name="api-payments-team-invitation-revoke",
    ),
    path(
        "teams/<id:pk>/invitations/<id:invitation_pk>/reassign/",
        views.TeamInvitationReassignView.as_view(),
        name="api-payments-team-invitation-reassign",
    ),
    path("teams/<id:pk>/seats/", views.TeamSeatsView.as_view(), name="api-payments-team-seats"),
    path(
        "teams/<id:pk>/progress/",
        teams.TeamProgressView.as_view(),
        name="api-payments-team-progress",
    ),
    path(
        "teams/<id:pk>/progress.csv",
        teams.TeamProgressCsvView.as_view(),
        name="api-payments-team-progress-csv",
    ),
    path(
        "teams/<id:pk>/invitations/bulk/",
        teams.TeamInviteManyView.as_view(),
        name="api-payments-team-invite-many",
    ),
    path(
        "teams/<id:pk>/seats/<id:seat_pk>/reassign/",
        teams.TeamSeatReassignView.as_view(),
        name="api-payments-team-seat-reassign",
    ),
    path(
        "teams/<id:pk>/buy-seats/",
        views.TeamBuySeatsView.as_view(),
        name="api-payments-team-buy-seats",
    ),
    path(
        "invitations/claim/",
        views.InvitationClaimView.as_view(),
        name="api-payments-invitation-claim",
    ),
]
