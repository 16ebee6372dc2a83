"""Waitlists in the Wagtail admin: every class or workshop with people waiting, and each
list in offer order with Move up / Move down (``payments.waitlist.services.waitlist_move``).

Staff need ``capacity.view_waitlistentry`` to see the lists and
``capacity.reorder_waitlistentry`` to reorder them (superusers have both).
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from engine.capacity.models import WaitlistEntry, WaitlistStatus
from engine.capacity.waitlist import WaitlistError, waitlist_move
from payments.waitlist.selectors import waitlist_for_staff, waitlists_overview
from payments.waitlist.targets import target_from_key, target_key, target_name

WAITLIST_URL_NAMESPACE = "payments_waitlist"
VIEW_PERMISSION = "capacity.view_waitlistentry"
REORDER_PERMISSION = "capacity.reorder_waitlistentry"


def waitlist_admin_url(target) -> str:
    kind, pk = target_key(target)
    return reverse(f"{WAITLIST_URL_NAMESPACE}:target", args=[kind, pk])


class _StaffOnly:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class WaitlistOverviewView(_StaffOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "payments/waitlist/admin/overview.html"
    page_title = "Waitlists"
    header_icon = "list-ol"

    def get_context_data(self, **kwargs):
        rows = [
            {"row": row, "name": target_name(row.target), "url": waitlist_admin_url(row.target)}
            for row in waitlists_overview()
        ]
        return {**super().get_context_data(**kwargs), "rows": rows}


class WaitlistTargetView(_StaffOnly, WagtailAdminTemplateMixin, TemplateView):
    """One class's or workshop's list; POST ``entry`` and ``move`` (``up``/``down``)."""

    template_name = "payments/waitlist/admin/target.html"
    header_icon = "list-ol"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        try:
            self.target = target_from_key(kwargs["kind"], kwargs["pk"])
        except (ValueError, LookupError, ObjectDoesNotExist) as error:
            raise Http404("No such waitlist.") from error

    def get_page_title(self):
        return f"Waitlist: {target_name(self.target)}"

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse(f"{WAITLIST_URL_NAMESPACE}:overview"), "label": "Waitlists"},
            {"url": "", "label": target_name(self.target)},
        ]

    def get_context_data(self, **kwargs):
        entries = waitlist_for_staff(target=self.target)
        return {
            **super().get_context_data(**kwargs),
            "target": self.target,
            "entries": entries,
            "waiting_ids": [e.pk for e in entries if e.status == WaitlistStatus.WAITING],
            "can_reorder": self.request.user.has_perm(REORDER_PERMISSION),
        }

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(REORDER_PERMISSION):
            raise PermissionDenied
        entry = get_object_or_404(WaitlistEntry, pk=request.POST.get("entry") or 0)
        if entry.target != self.target:
            raise Http404("That entry is on another waitlist.")
        moves = {"up": -1, "down": 1}
        if request.POST.get("move") not in moves:
            messages.error(request, "Choose to move the entry up or down.")
            return redirect(request.path)
        try:
            waitlist_move(entry=entry, by=moves[request.POST["move"]])
        except WaitlistError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Moved {entry.email} {request.POST['move']}.")
        return redirect(request.path)
