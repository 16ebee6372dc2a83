"""Buying as a company by card in Chromium: the buy page's "Buying for a company?" with a PO
number, the Stripe double's hosted checkout asking the business name, billing address and
tax ID (an invalid one refused there), then the order page with the numbered invoice."""

import re

import pytest

from payments.invoicing.models import CompanyBilling
from payments.models import Order, OrderStatus
from tests.baseline import migrated_baseline
from tests.browser.conftest import screenshot, sign_in
from tests.factories import VerifiedUserFactory, on_sale_cohort, standard_bands
from tests.factories.courses import course_home
from tests.stripe_double import fixtures as stripe_double_fixtures

stripe_double_server = stripe_double_fixtures.stripe_double_server
stripe_double = stripe_double_fixtures.stripe_double

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_executive_pays_by_card_as_a_company_and_gets_a_numbered_invoice(
    browser_page, stripe_double, live_server, settings
):
    settings.SITE_URL = live_server.url
    migrated_baseline()
    course_home()
    cohort = on_sale_cohort(name="April 2027 class", slug="april-2027", capacity=30)
    standard_bands()
    executive = VerifiedUserFactory(email="erin@acme.test", first_name="Erin")
    page = browser_page
    sign_in(page, executive.email)

    page.goto(f"/payments/buy/{cohort.slug}/")
    page.get_by_label("Seats", exact=True).fill("3")
    page.locator("summary", has_text="Paying by card for a company?").click()
    page.get_by_label("I am buying for a company").check()
    page.get_by_label("Purchase-order number").fill("PO<1>")
    page.get_by_role("button", name="Continue to payment").click()
    assert page.get_by_text("Use only letters, digits, spaces").is_visible()
    page.get_by_label("Purchase-order number").fill("PO-2027-0042")
    screenshot(page, "card-company-buy-page")
    page.get_by_role("button", name="Continue to payment").click()

    page.wait_for_url(f"{stripe_double.url}/checkout/**")
    page.get_by_label("Business name").fill("Acme Ltd")
    page.get_by_label("Address").fill("1 Quay St")
    page.get_by_label("City").fill("Dublin")
    page.get_by_label("Country (two letters)").fill("IE")
    page.get_by_label("Tax ID type").select_option("eu_vat")
    page.get_by_label("Tax ID", exact=True).fill("IE12")
    page.get_by_role("button", name=re.compile(r"^Pay [\d,.]+ [A-Z]{3}$")).click()
    assert page.get_by_role("alert").filter(has_text="Invalid value for eu_vat").is_visible()
    page.get_by_label("Business name").fill("Acme Ltd")
    page.get_by_label("Address").fill("1 Quay St")
    page.get_by_label("City").fill("Dublin")
    page.get_by_label("Country (two letters)").fill("IE")
    page.get_by_label("Tax ID type").select_option("eu_vat")
    page.get_by_label("Tax ID", exact=True).fill("IE1234567T")
    screenshot(page, "card-company-hosted-checkout")
    page.get_by_role("button", name=re.compile(r"^Pay [\d,.]+ [A-Z]{3}$")).click()
    page.wait_for_url(re.compile(r".*/payments/orders/\d+/$"), timeout=30_000)

    order = Order.objects.get(buyer=executive)
    page.wait_for_function("() => document.body.innerText.includes('Invoice ')", timeout=30_000)
    billing = CompanyBilling.objects.get(order=order)
    assert order.status == OrderStatus.FULFILLED and billing.company_name == "Acme Ltd"
    text = page.locator("main").inner_text()
    assert f"Invoice {billing.invoice_number}" in text
    assert "Billed to Acme Ltd" in text and "PO PO-2027-0042" in text
    assert "Tax ID IE1234567T" in text
    link = page.get_by_role("link", name=f"Download invoice {billing.invoice_number} (PDF)")
    assert link.get_attribute("href") == billing.invoice_pdf_url
    screenshot(page, "card-company-order-page")
