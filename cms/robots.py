"""robots.txt: keep crawlers out of the admin and account pages, point them at the sitemap.

https://developers.google.com/search/docs/crawling-indexing/robots/create-robots-txt
"""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

DISALLOWED = ("/admin/", "/django-admin/", "/accounts/", "/_allauth/")


@require_GET
@cache_control(public=True, max_age=60 * 60)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in DISALLOWED),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
