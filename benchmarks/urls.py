"""The baselines: a bare Django view doing one query. (The bare Wagtail page is a page.)"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from cms.models import User


def one_query(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"users: {User.objects.count()}", content_type="text/plain")


urlpatterns = [
    path("bench/baseline/one-query/", one_query),
    path("", include("cms.urls")),
]
