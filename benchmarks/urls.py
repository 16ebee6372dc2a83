"""The baselines: a bare Django view doing one query, and a bare template view (no query).
(The bare Wagtail page is a page.)"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path

from cms.models import User


def one_query(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"users: {User.objects.count()}", content_type="text/plain")


def bare_template(request: HttpRequest) -> HttpResponse:
    """What any HTML page costs at least: Django's request cycle and one small template."""
    items = [f"week {n}" for n in range(1, 11)]
    return render(request, "bench/baseline.html", {"title": "Baseline", "items": items})


urlpatterns = [
    path("bench/baseline/one-query/", one_query),
    path("bench/baseline/template/", bare_template),
    path("", include("cms.urls")),
]
