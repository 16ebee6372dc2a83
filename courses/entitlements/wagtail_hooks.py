"""Admin wiring only: editors maintain what each tier includes and which lessons are tier-only."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from courses.entitlements.models import GatedLesson, TierEntitlement


class TierEntitlementViewSet(ModelViewSet):
    model = TierEntitlement
    icon = "list-ul"
    menu_label = "What tiers include"
    url_prefix = "entitlements/tiers"
    url_namespace = "entitlements_tiers"
    list_display = ["tier", "kind", "quantity", "perk_line"]
    list_filter = ["tier", "kind"]
    form_fields = ["tier", "kind", "quantity", "sort_order"]
    search_backend_name = None


class GatedLessonViewSet(ModelViewSet):
    model = GatedLesson
    icon = "lock"
    menu_label = "Tier-only lessons"
    url_prefix = "entitlements/lessons"
    url_namespace = "entitlements_lessons"
    list_display = ["lesson", "requires"]
    form_fields = ["lesson", "requires"]
    search_backend_name = None


class EntitlementsGroup(ModelViewSetGroup):
    menu_label = "Tiers"
    menu_icon = "list-ul"
    items = (TierEntitlementViewSet, GatedLessonViewSet)


@hooks.register("register_admin_viewset")
def register_entitlements_viewsets():
    return EntitlementsGroup()
