"""Small template helpers for the editorial pages: absolute URLs, query strings, the menu."""

from django import template
from django.http import HttpRequest

from wagtail.models import Site

register = template.Library()


@register.filter
def absolute(url: str, request: HttpRequest | None) -> str:
    """An absolute URL for meta tags; rendition URLs on S3 already are."""
    return request.build_absolute_uri(url) if request is not None else url


@register.filter
def canonical_url(page, request: HttpRequest | None) -> str:
    return page.get_canonical_url(request)


@register.simple_tag
def query_with(request: HttpRequest, **changes) -> str:
    """The current query string with some parameters replaced (``None`` or "" drops one)."""
    query = request.GET.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value not in (None, ""):
            query[name] = value
    return query.urlencode()


@register.inclusion_tag("cms/includes/nav_links.html", takes_context=True)
def site_menu_links(context) -> dict:
    """The site's top-level pages that editors ticked "Show in menus" for (promote tab).

    One query; the menu is what the editors decide, as in Wagtail's bakerydemo.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"menu": []}
    pages = site.root_page.get_children().live().public().in_menu().order_by("path")
    menu = []
    for page in pages:
        url = page.get_url(request)
        menu.append({"title": page.title, "url": url, "current": request.path.startswith(url)})
    return {"menu": menu}
