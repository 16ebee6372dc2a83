"""The search page, ``/search/?q=...``: parse, call ``lesson_search``, render (thin).

Anonymous readers are sent to sign in (the search is for students); a bad query gets a
sentence saying what to change and a 400, with the form kept.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control

from .selectors import MAX_QUERY_CHARS, SearchQueryInvalid, lesson_search

HITS_PER_PAGE = 20


@login_required
def search(request):
    query = request.GET.get("q", "")
    context = {"query": query, "max_chars": MAX_QUERY_CHARS}
    status = 200
    if "q" in request.GET:
        try:
            found = lesson_search(
                user=request.user, query=query, now=timezone.now(), request=request
            )
        except SearchQueryInvalid as invalid:
            context["error"] = invalid.message
            status = 400
        else:
            page = Paginator(found.results, HITS_PER_PAGE).get_page(request.GET.get("page"))
            context.update(
                searched=True,
                page_obj=page,
                hits=found.hits(page.object_list),
                nothing_released=found.scope.empty,
            )
    response = render(request, "lesson_search/search.html", context, status=status)
    patch_cache_control(response, private=True, no_cache=True)
    return response
