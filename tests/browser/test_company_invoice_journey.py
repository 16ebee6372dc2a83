"""Issue 17's journey: an executive buys 8 seats as a company paying by invoice, the invoice
is paid on the Stripe double's hosted invoice page (its webhooks reach the live server
signed), they paste 8 emails, two colleagues claim and do a lesson, and the owner sees it on
the team page."""

import datetime as dt
import re

import pytest

from django.core import mail
from django.utils import timezone

from courses.models import LessonProgress, ReleaseSource, WeekRelease
from payments.invoicing.models import InvoicingSettings
from payments.models import Order, OrderStatus
from tests.browser.conftest import screenshot, sign_in
from tests.factories import (
    CohortPriceFactory,
    CoursePageFactory,
    LessonPageFactory,
    VerifiedUserFactory,
    WeekPageFactory,
)
from tests.factories.payments import OpenCohortFactory
from tests.stripe_double import fixtures as stripe_double_fixtures

stripe_double_server = stripe_double_fixtures.stripe_double_server
stripe_double = stripe_double_fixtures.stripe_double

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_executive_buys_eight_seats_as_a_company_and_pays_by_invoice(
    browser_page, new_browser_page, live_server, settings, stripe_double
):
    settings.SITE_URL = live_server.url
    threshold = InvoicingSettings.load()
    threshold.invoice_threshold = 5000
    threshold.save()
    course = CoursePageFactory(title="Product Management", slug="pm")
    week = WeekPageFactory(parent=course, number=1, slug="week-1")
    lesson = LessonPageFactory(parent=week, title="Discovery", slug="discovery")
    LessonPageFactory(parent=week, title="Delivery", slug="delivery")
    cohort = OpenCohortFactory(course=course, name="November class", slug="november", capacity=20)
    CohortPriceFactory(cohort=cohort)
    WeekRelease.objects.create(
        cohort=cohort,
        week_number=1,
        released_at=timezone.now() - dt.timedelta(hours=1),
        source=ReleaseSource.SCHEDULE,
    )
    executive = VerifiedUserFactory(email="erin@acme.test", first_name="Erin", last_name="Exec")

    page = browser_page
    sign_in(page, executive.email)
    page.goto(f"/payments/buy/{cohort.slug}/")
    page.get_by_role("link", name=re.compile("Buying for a company")).click()
    page.get_by_label("Seats", exact=True).fill("8")
    page.get_by_label("Company name", exact=True).fill("Acme Ltd")
    page.get_by_label("Address", exact=True).fill("1 Quay St")
    page.get_by_label("City", exact=True).fill("Dublin")
    page.get_by_label("Country", exact=True).fill("IE")
    page.get_by_label(re.compile(r"^Tax ID type")).select_option("eu_vat")
    page.get_by_label(re.compile(r"^Tax ID \(optional\)$")).fill("IE12")
    page.get_by_role("button", name="Order and send the invoice").click()
    assert page.get_by_text("is not a valid eu_vat number").is_visible()
    screenshot(page, "company-invalid-tax-id")
    page.get_by_label(re.compile(r"^Tax ID \(optional\)$")).fill("IE1234567T")
    page.get_by_label(re.compile(r"^Purchase-order number")).fill("PO-7781")
    page.get_by_role("button", name="Order and send the invoice").click()
    assert page.get_by_text("Waiting for your invoice to be paid").is_visible()
    screenshot(page, "company-order-waiting-for-invoice")

    page.get_by_role("link", name="Pay the invoice online").click()
    assert page.get_by_text("PO-7781").is_visible()
    screenshot(page, "company-hosted-invoice")
    page.get_by_role("button", name="Pay this invoice").click()
    page.get_by_text("Paid. Thank you.").wait_for()
    order = Order.objects.get(buyer=executive)
    for _ in range(50):
        order.refresh_from_db()
        if order.status == OrderStatus.FULFILLED:
            break
        page.wait_for_timeout(200)
    assert order.status == OrderStatus.FULFILLED

    emails = [f"colleague{n}@acme.test" for n in range(1, 9)]
    page.goto(f"/payments/teams/{order.team_id}/")
    page.get_by_label("Email addresses, one per line").fill("\n".join(emails))
    page.get_by_role("button", name="Invite them").click()
    assert page.get_by_text("8 invitations sent.").is_visible()

    for name, email in (("Ana", emails[0]), ("Ben", emails[1])):
        VerifiedUserFactory(email=email, first_name=name, last_name="Colleague")
        invitation = next(m for m in mail.outbox if m.to == [email])
        link = re.search(r"http://\S+/payments/invitations/\S+/", invitation.body).group(0)
        colleague = new_browser_page()
        sign_in(colleague, email)
        colleague.goto(link)
        colleague.get_by_role("button", name="Take my seat").click()
        assert colleague.get_by_text("Welcome! You have a seat in November class").is_visible()
        colleague.goto(lesson.url)
        colleague.get_by_role("button", name="Mark as done").click()
        colleague.get_by_role("button", name="Mark as not done").wait_for()
    assert LessonProgress.objects.count() == 2

    page.reload()
    assert page.locator("tr.member-row").count() == 8
    for name in ("Ana Colleague", "Ben Colleague"):
        row = page.locator("tr.member-row", has_text=name)
        assert "Claimed" in row.inner_text()
        assert row.locator("td.done").inner_text() == "1 of 2"
    screenshot(page, "company-team-two-moved")
