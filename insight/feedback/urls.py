from django.urls import path

from insight.feedback import views

app_name = "lesson_feedback"

urlpatterns = [
    path("lessons/<int:lesson_id>/rating/", views.rate, name="rate"),
    path("lessons/<int:lesson_id>/flags/", views.flag, name="flag"),
]
