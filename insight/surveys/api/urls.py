"""Survey endpoints, mounted at ``/api/v1/surveys/`` (``cms/api.py``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("mine/", views.MySurveysView.as_view(), name="api-surveys-mine"),
    path("<id:survey_id>/answers/", views.SurveyAnswersView.as_view(), name="api-survey-answer"),
]
