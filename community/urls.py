from django.urls import path

from community import views

app_name = "community"

urlpatterns = [
    path("pages/<int:page_id>/comments/", views.comment_post, name="comment_post"),
]
