"""The hosted checkout page a newcomer sees in ``make run`` (plain HTTP, as a browser form)."""

from urllib.parse import urlencode

import stripe

from tests.stripe_double.hosted import BANNER

from .support import raw_request, seat_item


def test_the_page_shows_test_mode_items_discount_and_total(client, make_session):
    coupon = client.v1.coupons.create(params={"percent_off": 10})
    promo = client.v1.promotion_codes.create(
        params={"promotion": {"type": "coupon", "coupon": coupon.id}, "code": "APRIL17"}
    )
    session = make_session(
        line_items=[seat_item(50_000, quantity=2)], discounts=[{"promotion_code": promo.id}]
    )
    page = raw_request("GET", session.url)
    assert page.status == 200
    assert page.headers["Content-Type"].startswith("text/html")
    html = page.text
    assert BANNER in html
    assert '<html lang="en">' in html
    assert "Product Management Foundations — April cohort" in html
    assert "1,000.00 EUR" in html  # subtotal
    assert "Discount (APRIL17)" in html
    assert "&minus;100.00 EUR" in html
    assert "Pay 900.00 EUR" in html
    assert "Pay later (bank transfer)" in html
    assert "href='https://institute.test/orders/cancelled/'" in html
    assert '<label for="email">' in html


def test_pay_completes_the_session_delivers_the_webhook_then_redirects(
    make_session, stripe_double, webhook_receiver
):
    session = make_session()
    response = raw_request(
        "POST",
        session.url,
        body=urlencode({"action": "pay", "email": "student@institute.test"}),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 303
    assert response.headers["Location"] == (
        f"https://institute.test/orders/success/?session={session.id}"
    )
    # The webhook arrived before the redirect was answered.
    (completed,) = webhook_receiver.of_type("checkout.session.completed")
    event = stripe.Webhook.construct_event(
        completed.body, completed.headers["Stripe-Signature"], stripe_double.webhook_secret, 300
    )
    assert event.data.object.payment_status == "paid"
    assert event.data.object.customer_details.email == "student@institute.test"
    after = raw_request("GET", session.url)
    assert "has been completed" in after.text
    assert "Pay 500.00 EUR" not in after.text


def test_pay_later_completes_unpaid(make_session, stripe_double):
    session = make_session(customer_email="exec@company.test")
    response = raw_request(
        "POST",
        session.url,
        body="action=pay_later",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 303
    done = stripe_double.get(session.id)
    assert (done["status"], done["payment_status"]) == ("complete", "unpaid")
    assert done["customer_details"]["email"] == "exec@company.test"


def test_an_expired_session_cannot_be_paid(make_session, stripe_double):
    session = make_session()
    stripe_double.advance_clock(3601)
    page = raw_request("GET", session.url)
    assert "has expired" in page.text
    assert 'value="pay"' not in page.text
    response = raw_request("POST", session.url, body="action=pay")
    assert response.status == 400
    assert stripe_double.get(session.id)["status"] == "expired"


def test_an_unknown_session_is_a_404_page(stripe_double):
    assert raw_request("GET", f"{stripe_double.url}/checkout/cs_test_nope").status == 404
