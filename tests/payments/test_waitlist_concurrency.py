"""Waitlist offers under real concurrency: PostgreSQL row locks and real threads
(``tests.concurrency.run_in_threads``), each thread on its own connection."""

import pytest

from django.core import mail
from django.db.models import F

from courses.capacity import cohort_seats_left
from courses.models import Cohort, EnrollmentTier
from engine.capacity.models import Hold, WaitlistEntry, WaitlistStatus
from payments.models import Order, OrderStatus
from payments.orders import checkout_session_settle, order_checkout_start, order_refund
from payments.waitlist import waitlist_join, waitlist_offer_next
from tests.concurrency import run_in_threads
from tests.conftest import requires_postgres
from tests.factories import VerifiedUserFactory, on_sale_cohort

from .waitlist_support import offer_emails

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def offered_emails(cohort) -> list[str]:
    return sorted(
        WaitlistEntry.objects.filter(
            kind="cohort", target_id=cohort.pk, status=WaitlistStatus.OFFERED
        ).values_list("email", flat=True)
    )


def waitlist_holds(cohort) -> int:
    holds = Hold.objects.filter(kind="cohort", target_id=cohort.pk)
    return holds.filter(reference__startswith="waitlist:").count()


def test_offer_next_run_twice_at_once_makes_one_offer_for_one_free_place(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    cohort = on_sale_cohort(capacity=1)
    Hold.objects.create(
        reference="team:0", kind="cohort", target_id=cohort.pk, places=1, expires_at=None
    )
    for email in ("ada@example.com", "bob@example.com", "cy@example.com"):
        waitlist_join(target=cohort, email=email)
    Cohort.objects.filter(pk=cohort.pk).update(capacity=F("capacity") + 1)

    results = run_in_threads(lambda i: waitlist_offer_next(target=cohort), 2)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(len(r) for r in results) == [0, 1]
    assert offered_emails(cohort) == ["ada@example.com"]
    assert waitlist_holds(cohort) == 1
    assert cohort_seats_left(cohort=cohort) == 0
    assert [m.to for m in offer_emails(mail.outbox)] == [["ada@example.com"]]


def test_two_places_freed_at_once_go_to_two_different_people(stripe_double, settings):
    """Two refunds at the same moment: each announces ``places_freed``; the offers made on commit
    serialise on the class's row lock and give one place each to the first two waiting."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    cohort = on_sale_cohort(capacity=2)
    orders = []
    for _ in range(2):
        order = order_checkout_start(
            buyer=VerifiedUserFactory(), target=cohort, tier=EnrollmentTier.STANDARD, seats=1
        ).order
        stripe_double.complete_session(order.stripe_session_id)
        orders.append(checkout_session_settle(session_id=order.stripe_session_id))
    assert [o.status for o in orders] == [OrderStatus.FULFILLED] * 2
    for email in ("ada@example.com", "bob@example.com", "cy@example.com"):
        waitlist_join(target=cohort, email=email)
    mail.outbox.clear()

    results = run_in_threads(lambda i: order_refund(order=orders[i]).status, 2)

    assert results == [OrderStatus.REFUNDED] * 2
    assert offered_emails(cohort) == ["ada@example.com", "bob@example.com"]
    assert waitlist_holds(cohort) == 2
    assert cohort_seats_left(cohort=cohort) == 0
    offers = sorted(m.to[0] for m in offer_emails(mail.outbox))
    assert offers == ["ada@example.com", "bob@example.com"]
    assert Order.objects.filter(status=OrderStatus.REFUNDED).count() == 2


def test_the_same_address_joining_twice_at_once_is_one_entry(settings):
    cohort = on_sale_cohort(capacity=1)
    Hold.objects.create(
        reference="team:0", kind="cohort", target_id=cohort.pk, places=1, expires_at=None
    )

    results = run_in_threads(
        lambda i: waitlist_join(target=cohort, email="Ada@Example.com").entry.pk, 4
    )

    assert len(set(results)) == 1, results
    assert WaitlistEntry.objects.filter(kind="cohort", target_id=cohort.pk).count() == 1
