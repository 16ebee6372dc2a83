from django.urls import path

from coaching import api

urlpatterns = [
    path("classes/", api.CoachClassesView.as_view(), name="api-coaching-classes"),
    path("entries/waiting/", api.WaitingEntriesView.as_view(), name="api-coaching-waiting"),
]
