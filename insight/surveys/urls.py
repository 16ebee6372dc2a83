from django.urls import path

from insight.surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<id:survey_id>/", views.answer, name="answer"),
]
