from django.urls import path

from community.discussions import views

app_name = "discussions"

urlpatterns = [
    path("classes/<int:cohort_id>/", views.class_view, name="class_view"),
    path(
        "classes/<int:cohort_id>/lessons/<int:lesson_id>/",
        views.class_discussion,
        name="class_discussion",
    ),
    path(
        "classes/<int:cohort_id>/lessons/<int:lesson_id>/threads/",
        views.thread_new,
        name="thread_new",
    ),
    path("threads/<int:thread_id>/reply/", views.reply, name="reply"),
    path("threads/<int:thread_id>/<slug:action>/", views.thread_action, name="thread_action"),
    path("posts/<int:post_id>/<slug:action>/", views.post_action, name="post_action"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:notification_id>/", views.notification_open, name="notification_open"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
