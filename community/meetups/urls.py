from django.urls import path

from community.meetups import views

app_name = "meetups"

urlpatterns = [
    path("", views.meetup_list, name="meetup_list"),
    path("<int:pk>/", views.meetup_detail, name="meetup_detail"),
    path("<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("<int:pk>/cancel/", views.cancel, name="rsvp_cancel"),
    path("<int:pk>/meetup.ics", views.meetup_ics, name="meetup_ics"),
    path("<int:pk>/attendees/", views.attendee_list, name="attendees"),
    path("<int:pk>/attendees/<int:rsvp_id>/check-in/", views.check_in, name="check_in"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("people/<int:user_id>/", views.profile_detail, name="profile_detail"),
]
