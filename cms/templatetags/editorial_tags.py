"""Small template helpers for the editorial pages: absolute URLs, query strings, the menu."""

from django import template
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import conditional_escape, format_html_join

from wagtail.models import Site

from cms.account_menu import account_menu_for, header_search
from cms.admin_access import user_can_use_admin
from cms.home_sections import home_sections_render
from cms.page_cache import page_cache_memo

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

    The menu is what the editors decide, as in Wagtail's bakerydemo. It is read once per
    site and publish (``page_cache_memo``: publishing a top-level page, a view restriction
    or a site change replaces it), so pages pay no query for it.
    """
    request = context.get("request")
    if request is None:
        return {"menu": []}
    links = page_cache_memo(
        name=f"site-menu|{request.get_host()}",
        page_ids=(),
        compute=lambda: _menu_links(request),
    )
    return {
        "menu": [
            {"title": title, "url": url, "current": request.path.startswith(url)}
            for title, url in links
        ]
    }


def _menu_links(request: HttpRequest) -> list[tuple[str, str]]:
    site = Site.find_for_request(request)
    if site is None:
        return []
    pages = site.root_page.get_children().live().public().in_menu().order_by("path")
    return [(page.title, page.get_url(request)) for page in pages]


@register.simple_tag(takes_context=True)
def admin_userbar(context, position: str = "bottom-right") -> str:
    """Wagtail's userbar for editors; nothing (and no permission queries) for everyone else."""
    from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

    request = context.get("request")
    if request is None or not user_can_use_admin(getattr(request, "user", None)):
        return ""
    return wagtailuserbar(context, position)


def _account_links(context) -> list:
    """The signed-in person's registered links, minus any the site menu already shows (no
    link appears twice in the header); computed once per request, as two tags read it."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    cached = getattr(request, "_header_account_links", None)
    if cached is None:
        site_urls = {item["url"] for item in site_menu_links(context)["menu"]}
        cached = [link for link in account_menu_for(request) if link.url not in site_urls]
        request._header_account_links = cached
    return cached


@register.inclusion_tag("cms/includes/account_menu_links.html", takes_context=True)
def account_menu_links(context) -> dict:
    """The signed-in person's links that the apps registered (``cms.account_menu``)."""
    request = context.get("request")
    links = _account_links(context)
    return {"links": [(link, link.current(request.path)) for link in links]}


@register.simple_tag(takes_context=True)
def account_menu_summary(context) -> dict:
    """What the closed account menu button says: the person's first name (or "Account") and
    the sum of the badges inside it, so a new notification shows without opening it."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"label": "", "badge": 0}
    badge = sum(link.badge or 0 for link in _account_links(context))
    return {"label": request.user.first_name or "Account", "badge": badge}


@register.inclusion_tag("cms/includes/header_search.html", takes_context=True)
def header_search_form(context) -> dict:
    """The signed-in header's search box, if an app registered one (``cms.account_menu``)."""
    found = header_search()
    if found is None:
        return {"search": None}
    request = context.get("request")
    action = reverse(found.url_name)
    on_it = request is not None and request.path == action
    return {"search": found, "action": action, "query": request.GET.get("q", "") if on_it else ""}


@register.simple_tag(takes_context=True)
def home_sections(context) -> str:
    """The home page's sections that other apps register (``cms.home_sections``)."""
    return format_html_join(
        "\n", "{}", ((conditional_escape(part),) for part in home_sections_render(context=context))
    )
