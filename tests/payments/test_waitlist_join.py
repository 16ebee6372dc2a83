"""Joining a sold-out class's waitlist: in order, once per address, with clear refusals."""

import datetime as dt

import pytest

from django.template import Context, Template
from django.utils import timezone

from courses.selectors import cohorts_upcoming
from engine.capacity.models import WaitlistEntry, WaitlistStatus
from payments.waitlist import WaitlistError, waitlist_join
from tests.factories import VerifiedUserFactory, on_sale_cohort

from .waitlist_support import sold_out_cohort

pytestmark = pytest.mark.django_db

JOIN_URL = "/payments/waitlist/classes/{}/"


@pytest.fixture
def full():
    return sold_out_cohort(name="May 2027 class", slug="may-2027")


def test_people_join_at_the_back_of_the_list_in_lower_case(full):
    first = waitlist_join(target=full, email="  Ada@Example.com ")
    second = waitlist_join(target=full, email="bob@example.com")
    assert (first.entry.email, first.entry.position, first.ahead) == ("ada@example.com", 1, 0)
    assert (second.entry.position, second.ahead) == (2, 1)
    assert first.entry.status == WaitlistStatus.WAITING
    assert first.entry.target == full


def test_joining_again_returns_the_same_entry_and_remembers_the_account(full):
    user = VerifiedUserFactory(email="ada@example.com")
    first = waitlist_join(target=full, email="ada@example.com")
    again = waitlist_join(target=full, email="ADA@example.com", user=user)
    assert (again.created, again.entry.pk) == (False, first.entry.pk)
    assert WaitlistEntry.objects.get().user == user


def test_joining_is_confirmed_by_one_email_saying_how_many_are_ahead(
    full, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        waitlist_join(target=full, email="ada@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        waitlist_join(target=full, email="bob@example.com")
    with django_capture_on_commit_callbacks(execute=True) as again:
        waitlist_join(target=full, email="bob@example.com")

    assert again == []  # joining again sends nothing new
    ada, bob = mailoutbox
    assert (ada.to, bob.to) == (["ada@example.com"], ["bob@example.com"])
    assert ada.subject.endswith("You are on the waitlist for May 2027 class")
    assert "first in line" in ada.body
    assert "with 1 person ahead of you" in bob.body
    html, mimetype = bob.alternatives[0]
    assert mimetype == "text/html" and "<strong>1 person</strong> ahead of you" in html


@pytest.mark.parametrize(
    ("email", "message"),
    [("", "Enter your email address."), ("ada@", "'ada@' is not a valid email address")],
)
def test_a_bad_address_is_refused_naming_it_and_nothing_is_stored(full, email, message):
    with pytest.raises(WaitlistError, match=message) as refused:
        waitlist_join(target=full, email=email)
    assert refused.value.field == "email"
    assert not WaitlistEntry.objects.exists()


def test_a_class_with_free_places_sends_people_to_buy_instead(db):
    cohort = on_sale_cohort(name="June 2027 class", capacity=3)
    with pytest.raises(WaitlistError, match="June 2027 class still has 3 place"):
        waitlist_join(target=cohort, email="ada@example.com")
    assert not WaitlistEntry.objects.exists()


def test_a_class_that_has_started_has_a_closed_waitlist(full):
    full.start_date = timezone.localdate() - dt.timedelta(days=1)
    full.save()
    with pytest.raises(WaitlistError, match=r"has already started\. Its waitlist is closed\."):
        waitlist_join(target=full, email="ada@example.com")


def test_the_join_page_stores_the_address_and_says_where_you_are(client, full):
    waitlist_join(target=full, email="first@example.com")
    response = client.post(JOIN_URL.format(full.slug), {"email": "Ada@example.com"})
    assert response.status_code == 201
    page = response.content.decode()
    assert "on the waitlist for May 2027 class" in page
    assert "1 person is ahead of you" in page
    again = client.post(JOIN_URL.format(full.slug), {"email": "ada@example.com"})
    assert again.status_code == 200
    assert "You were already on this list; nothing changed." in again.content.decode()
    assert WaitlistEntry.objects.filter(email="ada@example.com").count() == 1


def test_the_join_page_limits_sign_ups_from_one_ip_and_keeps_what_was_stored(client, full):
    """Each join emails the address given, so one IP gets 10 an hour (RATE_LIMITS)."""
    url = JOIN_URL.format(full.slug)
    for n in range(10):
        assert client.post(url, {"email": f"person{n}@example.com"}).status_code == 201
    refused = client.post(url, {"email": "eleventh@example.com"})
    assert refused.status_code == 429
    assert "Too many waitlist sign-ups from your network" in refused.content.decode()
    assert WaitlistEntry.objects.filter(kind="cohort", target_id=full.pk).count() == 10
    assert not WaitlistEntry.objects.filter(email="eleventh@example.com").exists()


def test_the_join_page_refuses_a_bad_address_with_400(client, full):
    response = client.post(JOIN_URL.format(full.slug), {"email": "not-an-address"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not WaitlistEntry.objects.exists()


def test_the_join_page_of_a_class_with_places_says_buy_one(client):
    cohort = on_sale_cohort(name="June 2027 class", slug="june-2027", capacity=3)
    response = client.post(JOIN_URL.format(cohort.slug), {"email": "ada@example.com"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "still has 3 place(s) left: buy one now." in page
    assert 'href="/payments/buy/june-2027/"' in page


def test_a_full_class_shows_join_the_waitlist_where_buy_was(full):
    cohorts = cohorts_upcoming(course=full.course, now=timezone.now())
    (cohort,) = [c for c in cohorts if c.pk == full.pk]
    html = Template("{% load payments_tags %}{% cohort_buy cohort %}").render(
        Context({"cohort": cohort})
    )
    assert "Sold out" in html
    assert f'action="{JOIN_URL.format(full.slug)}"' in html
    assert "Join the waitlist" in html
    assert "Buy a place" not in html
    assert "{#" not in html and "endcomment" not in html and "``" not in html


def test_the_buy_page_of_a_full_class_offers_the_waitlist(client, full):
    page = client.get(f"/payments/buy/{full.slug}/").content.decode()
    assert "Join the waitlist" in page
    assert f'action="{JOIN_URL.format(full.slug)}"' in page
