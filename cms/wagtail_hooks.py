"""Admin wiring only: snippet viewsets for the models editors maintain."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms import page_cache
from cms.models import Author, Coach, FAQEntry, SpotlightIndexPage
from cms.services import spotlight_index_require_approval


class CoachViewSet(SnippetViewSet):
    model = Coach
    icon = "user"
    menu_label = "Coaches"
    list_display = ["name", "role"]
    search_fields = ["name", "role"]
    sort_order_field = "sort_order"


class FAQEntryViewSet(SnippetViewSet):
    model = FAQEntry
    icon = "help"
    menu_label = "FAQ"
    list_display = ["question", "category"]
    list_filter = ["category"]
    search_fields = ["question"]
    sort_order_field = "sort_order"


register_snippet(CoachViewSet)
register_snippet(FAQEntryViewSet)


# --- Editorial: authors, and approval of new spotlight indexes ---------------------------------


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "edit"
    menu_label = "Authors"
    list_display = ["name", "role"]
    search_fields = ["name"]


register_snippet(AuthorViewSet)


@hooks.register("after_create_page")
def require_approval_of_spotlights(request, page):
    """A new spotlight index gets the spotlight approval workflow (cms.services)."""
    if isinstance(page.specific, SpotlightIndexPage):
        spotlight_index_require_approval(index=page.specific)


# Pages reached through a stored route (cms.page_cache) skip the view-restriction check:
# routes exist only for unrestricted pages. Outermost (order -1), around Wagtail's own hook.
hooks.register("on_serve_page", page_cache.page_cache_on_serve_page, order=-1)
