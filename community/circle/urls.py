from django.urls import path

from community.circle import views

app_name = "circle"

urlpatterns = [
    path("", views.index, name="index"),
    path("threads/<int:thread_id>/", views.thread, name="thread"),
    path("threads/<int:thread_id>/<slug:action>/", views.moderate, name="moderate"),
    path("posts/<int:post_id>/hide/", views.post_hide, name="post_hide"),
]
