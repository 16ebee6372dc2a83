"""Leaving a waitlist from the join email: asks first, steps out once, and says where you stand.

The offer email's own "let it go" link is tested with the offers (test_waitlist_offers.py).
"""

import re

import pytest

from courses.models import Cohort
from engine.capacity.models import WaitlistEntry, WaitlistStatus
from payments.waitlist import waitlist_join, waitlist_leave_token, waitlist_offer_next

from .waitlist_support import offer_emails, sold_out_cohort

pytestmark = pytest.mark.django_db

LEAVE_LINK = re.compile(r"http://\S+(/payments/waitlist/entries/[^/\s]+/leave/)")


def join(cohort, email: str, settle) -> WaitlistEntry:
    """Join as a visitor would, sending the confirmation email."""
    with settle():
        return waitlist_join(target=cohort, email=email).entry


def leave_link(mailoutbox, email: str) -> str:
    joined = next(m for m in mailoutbox if m.to == [email] and "on the waitlist" in m.subject)
    text_link = LEAVE_LINK.search(joined.body).group(1)
    html, _ = joined.alternatives[0]
    assert text_link in html  # both parts carry the same link
    return text_link


@pytest.fixture
def full():
    return sold_out_cohort(name="May 2027 class", slug="may-2027", capacity=1)


def test_the_join_email_link_asks_first_then_takes_you_off_the_list(
    client, full, settle, mailoutbox
):
    ada = join(full, "ada@example.com", settle)
    bob = join(full, "bob@example.com", settle)
    url = leave_link(mailoutbox, "ada@example.com")

    page = client.get(url).content.decode()
    assert "Leave the waitlist for May 2027 class?" in page
    assert "You will not be offered a place when one frees up" in page
    ada.refresh_from_db()
    assert ada.status == WaitlistStatus.WAITING  # a GET changes nothing

    response = client.post(url)
    assert response.status_code == 200
    assert "You left the waitlist for May 2027 class" in response.content.decode()
    ada.refresh_from_db()
    bob.refresh_from_db()
    assert (ada.status, bob.status) == (WaitlistStatus.LEFT, WaitlistStatus.WAITING)

    # The next freed place goes to Bob, not to Ada.
    Cohort.objects.filter(pk=full.pk).update(capacity=2)
    with settle():
        waitlist_offer_next(target=full)
    assert [m.to for m in offer_emails(mailoutbox)] == [["bob@example.com"]]


def test_leaving_twice_changes_nothing_and_says_you_left(client, full, settle, mailoutbox):
    ada = join(full, "ada@example.com", settle)
    url = leave_link(mailoutbox, "ada@example.com")
    client.post(url)
    left_at = WaitlistEntry.objects.get(pk=ada.pk).ended_at

    again = client.post(url)
    assert again.status_code == 200
    assert "You left the waitlist for May 2027 class" in again.content.decode()
    assert WaitlistEntry.objects.get(pk=ada.pk).ended_at == left_at
    assert "You left the waitlist" in client.get(url).content.decode()


def test_leaving_with_a_place_on_offer_passes_it_to_the_next_person(
    client, full, settle, mailoutbox
):
    ada = join(full, "ada@example.com", settle)
    join(full, "bob@example.com", settle)
    Cohort.objects.filter(pk=full.pk).update(capacity=2)
    with settle():
        waitlist_offer_next(target=full)
    url = leave_link(mailoutbox, "ada@example.com")
    assert "Give up your place in May 2027 class?" in client.get(url).content.decode()

    with settle():
        client.post(url)

    assert [m.to for m in offer_emails(mailoutbox)] == [["ada@example.com"], ["bob@example.com"]]
    assert WaitlistEntry.objects.get(pk=ada.pk).status == WaitlistStatus.LEFT


@pytest.mark.parametrize("tamper", [lambda t: t[:-2] + "xx", lambda t: "nonsense", str.upper])
def test_a_changed_link_is_refused_with_404_and_changes_nothing(client, full, tamper):
    entry = waitlist_join(target=full, email="ada@example.com").entry
    url = f"/payments/waitlist/entries/{tamper(waitlist_leave_token(entry=entry))}/leave/"

    response = client.post(url)

    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.WAITING


@pytest.mark.parametrize(
    ("status", "says"),
    [
        (WaitlistStatus.LAPSED, "You are no longer on the waitlist for May 2027 class"),
        (WaitlistStatus.CONVERTED, "You bought your place in May 2027 class"),
    ],
)
def test_a_link_to_an_entry_that_ended_another_way_says_how(client, full, status, says):
    entry = waitlist_join(target=full, email="ada@example.com").entry
    WaitlistEntry.objects.filter(pk=entry.pk).update(status=status)
    url = f"/payments/waitlist/entries/{waitlist_leave_token(entry=entry)}/leave/"

    page = client.get(url).content.decode()
    assert says in page
    assert "Leave the waitlist</button>" not in page

    after_post = client.post(url)  # a stale tab posting anyway changes nothing
    assert says in after_post.content.decode()
    assert WaitlistEntry.objects.get(pk=entry.pk).status == status
