"""Offers: a freed place goes to the first person waiting, held for 24 hours, by email once;
an unused offer passes on; staff reorder who is next; leaving passes the place on."""

import datetime as dt

import pytest
import time_machine

from django.utils import timezone

from courses.capacity import cohort_capacity_changed, cohort_seats_left
from courses.models import Cohort, EnrollmentTier
from engine.capacity import tasks as capacity_tasks
from engine.capacity.models import Hold, WaitlistEntry, WaitlistStatus
from payments import tasks
from payments.emails import waitlist_offer_send
from payments.orders import order_checkout_start, order_refund
from payments.waitlist import (
    OFFER_HOURS,
    waitlist_join,
    waitlist_leave,
    waitlist_move,
    waitlist_offer_next,
    waitlist_sweep,
)
from tests.factories import VerifiedUserFactory, on_sale_cohort

from .conftest import event_of, post_event
from .waitlist_support import buy_place, offer_emails, offer_token, sold_out_cohort

pytestmark = pytest.mark.django_db


def join_all(cohort, *emails) -> list[WaitlistEntry]:
    return [waitlist_join(target=cohort, email=email).entry for email in emails]


def statuses(*entries) -> list[str]:
    return [WaitlistEntry.objects.get(pk=e.pk).status for e in entries]


def hold_of(entry) -> Hold | None:
    return Hold.objects.filter(reference=f"waitlist:{entry.pk}").first()


@pytest.fixture
def one_seat_sold(client, stripe_double, settle):
    """A one-seat class whose seat was bought through checkout (so it can be refunded)."""
    cohort = on_sale_cohort(name="May 2027 class", slug="may-2027", capacity=1)
    return buy_place(client, stripe_double, settle, cohort=cohort)


def test_a_refund_offers_the_place_to_the_first_person_for_24_hours(
    one_seat_sold, stripe_double, settle, mailoutbox
):
    cohort = one_seat_sold.cohort
    ada, bob = join_all(cohort, "ada@example.com", "bob@example.com")
    mailoutbox.clear()
    with settle():
        order_refund(order=one_seat_sold)
    assert statuses(ada, bob) == [WaitlistStatus.OFFERED, WaitlistStatus.WAITING]
    ada.refresh_from_db()
    assert ada.offer_expires_at - ada.offered_at == dt.timedelta(hours=OFFER_HOURS)
    hold = hold_of(ada)
    assert (hold.kind, hold.target_id, hold.places, hold.expires_at) == (
        "cohort",
        cohort.pk,
        1,
        ada.offer_expires_at,
    )
    assert cohort_seats_left(cohort=cohort) == 0  # held for Ada, not on public sale
    (offer,) = offer_emails(mailoutbox)
    assert offer.to == ["ada@example.com"]
    assert offer.subject.endswith("A place in May 2027 class is yours for 24 hours")
    assert offer_token(offer) == ada.offer_token and len(ada.offer_token) >= 40
    html = offer.alternatives[0][0]
    assert f"/payments/waitlist/offers/{ada.offer_token}/" in html
    assert "Take my place" in html


def test_an_expired_checkout_gives_its_seat_to_the_waitlist_at_once(
    client, stripe_double, settle, mailoutbox
):
    cohort = on_sale_cohort(name="May 2027 class", capacity=1)
    order = order_checkout_start(
        buyer=VerifiedUserFactory(), target=cohort, tier=EnrollmentTier.STANDARD, seats=1
    ).order
    (ada,) = join_all(cohort, "ada@example.com")
    stripe_double.expire_session(order.stripe_session_id)
    event = event_of(stripe_double, "checkout.session.expired", order.stripe_session_id)
    with settle():
        post_event(client, stripe_double, event["id"])  # no sweep: places_freed does it
    assert statuses(ada) == [WaitlistStatus.OFFERED]
    assert hold_of(ada) is not None
    assert [m.to for m in offer_emails(mailoutbox)] == [["ada@example.com"]]


def test_an_expired_checkout_hold_frees_a_place_that_the_sweep_offers(
    stripe_double, settle, mailoutbox
):
    cohort = on_sale_cohort(name="May 2027 class", capacity=1)
    order_checkout_start(
        buyer=VerifiedUserFactory(), target=cohort, tier=EnrollmentTier.STANDARD, seats=1
    )
    (ada,) = join_all(cohort, "ada@example.com")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=40)), settle():
        # The checkout's hold simply ran out; no signal: beat's sweep finds the place.
        capacity_tasks.waitlist_sweep.delay()
    assert statuses(ada) == [WaitlistStatus.OFFERED]
    assert len(offer_emails(mailoutbox)) == 1


def test_raising_the_capacity_offers_the_new_places_in_order(settle, mailoutbox):
    cohort = sold_out_cohort(capacity=2)
    ada, bob, cy = join_all(cohort, "ada@example.com", "bob@example.com", "cy@example.com")
    cohort = Cohort.objects.get(pk=cohort.pk)
    cohort.capacity = 4
    with settle():
        cohort.save()
        cohort_capacity_changed(cohort=cohort)  # as the admin's edit view does
    assert statuses(ada, bob, cy) == [
        WaitlistStatus.OFFERED,
        WaitlistStatus.OFFERED,
        WaitlistStatus.WAITING,
    ]
    assert sorted(m.to[0] for m in offer_emails(mailoutbox)) == [
        "ada@example.com",
        "bob@example.com",
    ]


def test_no_offer_is_made_while_no_place_is_free(mailoutbox):
    cohort = sold_out_cohort(capacity=2)
    (ada,) = join_all(cohort, "ada@example.com")
    assert waitlist_offer_next(target=cohort) == []
    assert statuses(ada) == [WaitlistStatus.WAITING]
    assert hold_of(ada) is None


def test_an_unused_offer_passes_to_the_next_person_after_24_hours(settle, mailoutbox):
    cohort = sold_out_cohort(capacity=1)
    ada, bob = join_all(cohort, "ada@example.com", "bob@example.com")
    start = timezone.now()
    with settle():
        Cohort.objects.filter(pk=cohort.pk).update(capacity=2)
        waitlist_offer_next(target=cohort, now=start)
    assert statuses(ada, bob) == [WaitlistStatus.OFFERED, WaitlistStatus.WAITING]

    with time_machine.travel(start + dt.timedelta(hours=23, minutes=59)), settle():
        assert waitlist_sweep() == 0
    assert statuses(ada, bob) == [WaitlistStatus.OFFERED, WaitlistStatus.WAITING]

    with time_machine.travel(start + dt.timedelta(hours=24, minutes=1)), settle():
        assert waitlist_sweep() == 1
    assert statuses(ada, bob) == [WaitlistStatus.LAPSED, WaitlistStatus.OFFERED]
    assert hold_of(ada) is None and hold_of(bob) is not None
    assert [m.to[0] for m in offer_emails(mailoutbox)] == ["ada@example.com", "bob@example.com"]


def test_the_offer_email_is_sent_once_however_often_the_task_runs(settle, mailoutbox):
    cohort = sold_out_cohort(capacity=1)
    (ada,) = join_all(cohort, "ada@example.com")
    Cohort.objects.filter(pk=cohort.pk).update(capacity=2)
    with settle():
        waitlist_offer_next(target=cohort)
        waitlist_offer_next(target=cohort)
    assert waitlist_offer_send(entry_id=ada.pk) is False
    tasks.waitlist_offer_email.delay(ada.pk)
    assert len(offer_emails(mailoutbox)) == 1
    assert statuses(ada) == [WaitlistStatus.OFFERED]
    assert Hold.objects.filter(reference__startswith="waitlist:").count() == 1


def test_staff_moving_someone_up_changes_who_is_offered_next(settle, mailoutbox):
    cohort = sold_out_cohort(capacity=1)
    ada, bob, cy = join_all(cohort, "ada@example.com", "bob@example.com", "cy@example.com")
    waitlist_move(entry=cy, by=-2)
    assert list(
        WaitlistEntry.objects.filter(kind="cohort", target_id=cohort.pk).values_list(
            "email", flat=True
        )
    ) == [
        "cy@example.com",
        "ada@example.com",
        "bob@example.com",
    ]
    Cohort.objects.filter(pk=cohort.pk).update(capacity=2)
    with settle():
        waitlist_offer_next(target=cohort)
    assert statuses(ada, bob, cy) == [
        WaitlistStatus.WAITING,
        WaitlistStatus.WAITING,
        WaitlistStatus.OFFERED,
    ]
    assert [m.to for m in offer_emails(mailoutbox)] == [["cy@example.com"]]


def test_leaving_an_offer_passes_the_place_to_the_next_person(settle, mailoutbox):
    cohort = sold_out_cohort(capacity=1)
    ada, bob = join_all(cohort, "ada@example.com", "bob@example.com")
    Cohort.objects.filter(pk=cohort.pk).update(capacity=2)
    with settle():
        waitlist_offer_next(target=cohort)
    with settle():
        waitlist_leave(entry=WaitlistEntry.objects.get(pk=ada.pk))
    assert statuses(ada, bob) == [WaitlistStatus.LEFT, WaitlistStatus.OFFERED]
    assert hold_of(ada) is None and hold_of(bob) is not None
    # Leaving twice changes nothing.
    assert waitlist_leave(entry=ada).status == WaitlistStatus.LEFT


def test_the_leave_link_asks_first_then_passes_the_place_on(client, settle, mailoutbox):
    cohort = sold_out_cohort(capacity=1)
    ada, bob = join_all(cohort, "ada@example.com", "bob@example.com")
    Cohort.objects.filter(pk=cohort.pk).update(capacity=2)
    with settle():
        waitlist_offer_next(target=cohort)
    token = offer_token(offer_emails(mailoutbox)[0])
    url = f"/payments/waitlist/offers/{token}/leave/"
    assert "Give up your place" in client.get(url).content.decode()
    assert statuses(ada) == [WaitlistStatus.OFFERED]
    with settle():
        response = client.post(url)
    assert "You left the waitlist" in response.content.decode()
    assert statuses(ada, bob) == [WaitlistStatus.LEFT, WaitlistStatus.OFFERED]
