"""Staff see the waitlists in the Wagtail admin and reorder who is offered next."""

import pytest

from django.contrib.auth.models import Permission
from django.urls import reverse

from courses.models import Cohort
from engine.capacity.models import WaitlistEntry, WaitlistStatus
from payments.waitlist import waitlist_join, waitlist_offer_next
from tests.factories import UserFactory

from .waitlist_support import sold_out_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def waitlist():
    cohort = sold_out_cohort(name="May 2027 class", capacity=1)
    for email in ("ada@example.com", "bob@example.com", "cy@example.com"):
        waitlist_join(target=cohort, email=email)
    return cohort


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True, email="staff@example.com")


def list_url(cohort) -> str:
    return f"/admin/payments/waitlists/list/cohort/{cohort.pk}/"


def order(cohort) -> list[str]:
    return list(
        WaitlistEntry.objects.filter(kind="cohort", target_id=cohort.pk).values_list(
            "email", flat=True
        )
    )


def test_staff_see_every_waitlist_and_its_counts(client, staff, waitlist, settle):
    Cohort.objects.filter(pk=waitlist.pk).update(capacity=2)
    with settle():
        waitlist_offer_next(target=waitlist)
    client.force_login(staff)
    page = client.get("/admin/payments/waitlists/overview/").content.decode()
    assert "May 2027 class" in page
    assert "<td>2</td><td>1</td>" in page  # two waiting, one offered
    assert list_url(waitlist) in page
    listing = client.get("/admin/payments/waitlists/").content.decode()
    assert "bob@example.com" in listing and "See and reorder the list" in listing


def edit_data(form) -> dict:
    """What the admin's edit form would post back unchanged, formsets included."""
    data = {name: form[name].value() for name in form.fields}
    for prefix, formset in getattr(form, "formsets", {}).items():
        data.update({f"{prefix}-{k}": v for k, v in formset.management_form.initial.items()})
        for child in formset.forms:
            data.update({child.add_prefix(n): child[n].value() for n in child.fields})
    return {k: v for k, v in data.items() if v is not None}


def test_staff_raising_a_class_capacity_offers_the_new_seats(
    client, staff, waitlist, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(staff)
    url = reverse("cohort:edit", args=[waitlist.pk])
    data = edit_data(client.get(url).context["form"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "capacity": 3})
    assert response.status_code == 302, response.context["form"].errors
    statuses = dict(WaitlistEntry.objects.values_list("email", "status"))
    assert statuses == {
        "ada@example.com": WaitlistStatus.OFFERED,
        "bob@example.com": WaitlistStatus.OFFERED,
        "cy@example.com": WaitlistStatus.WAITING,
    }


def test_staff_move_someone_down_and_the_list_shows_the_new_order(client, staff, waitlist):
    client.force_login(staff)
    ada = WaitlistEntry.objects.get(email="ada@example.com")
    response = client.post(list_url(waitlist), {"entry": ada.pk, "move": "down"}, follow=True)
    assert response.status_code == 200
    assert "Moved ada@example.com down." in response.content.decode()
    assert order(waitlist) == ["bob@example.com", "ada@example.com", "cy@example.com"]
    rows = response.content.decode().split("<tbody>")[1]
    assert rows.index("bob@example.com") < rows.index("ada@example.com") < rows.index("cy@")


def test_people_without_the_permission_cannot_see_or_reorder(client, waitlist):
    viewer = UserFactory(is_staff=True, email="viewer@example.com")
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_waitlistentry"),
    )
    client.force_login(viewer)
    assert client.get(list_url(waitlist)).status_code == 200
    ada = WaitlistEntry.objects.get(email="ada@example.com")
    refused = client.post(list_url(waitlist), {"entry": ada.pk, "move": "down"})
    assert (refused.status_code, refused.get("Location")) == (302, "/admin/")  # Wagtail's 403
    assert order(waitlist)[0] == "ada@example.com"
    other = UserFactory(is_staff=True, email="other@example.com")
    other.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(other)
    assert client.get(list_url(waitlist))["Location"] == "/admin/"
