from django.urls import path

from coaching.sessions import views

app_name = "live_sessions"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("<int:session_id>/", views.session_detail, name="detail"),
    path("<int:session_id>/rsvp/", views.session_rsvp, name="rsvp"),
    path("<int:session_id>/recording/", views.session_recording, name="recording"),
]
