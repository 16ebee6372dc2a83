"""The discussions API, mounted at ``/api/v1/discussions/`` (cms/api.py); see ``api.py``."""

from django.urls import path

from community.discussions import api

urlpatterns = [
    path(
        "classes/<id:cohort_id>/lessons/<id:lesson_id>/threads/",
        api.ThreadListView.as_view(),
        name="api-discussion-threads",
    ),
    path("threads/<id:thread_id>/", api.ThreadDetailView.as_view(), name="api-discussion-thread"),
    path(
        "threads/<id:thread_id>/posts/",
        api.ThreadPostsView.as_view(),
        name="api-discussion-thread-posts",
    ),
    path(
        "threads/<id:thread_id>/follow/",
        api.ThreadFollowView.as_view(),
        name="api-discussion-thread-follow",
    ),
    path(
        "threads/<id:thread_id>/moderate/",
        api.ThreadModerateView.as_view(),
        name="api-discussion-thread-moderate",
    ),
    path("posts/<id:post_id>/", api.PostDetailView.as_view(), name="api-discussion-post"),
    path("posts/<id:post_id>/like/", api.PostLikeView.as_view(), name="api-discussion-post-like"),
    path(
        "posts/<id:post_id>/answer/",
        api.PostAnswerView.as_view(),
        name="api-discussion-post-answer",
    ),
    path(
        "posts/<id:post_id>/moderate/",
        api.PostModerateView.as_view(),
        name="api-discussion-post-moderate",
    ),
    path(
        "posts/<id:post_id>/report/",
        api.PostReportView.as_view(),
        name="api-discussion-post-report",
    ),
    path(
        "notifications/",
        api.NotificationListView.as_view(),
        name="api-discussion-notifications",
    ),
    path(
        "notifications/read/",
        api.NotificationReadView.as_view(),
        name="api-discussion-notifications-read",
    ),
]
