"""Mounted at ``/search/`` in ``cms/urls.py``."""

from django.urls import path

from . import views

app_name = "lesson_search"

urlpatterns = [path("", views.search, name="search")]
