"""Errors come back in Stripe's shape and status, so the SDK raises its real exception classes."""

import pytest
import stripe

from .support import raw_request


def test_a_missing_object_is_a_404_resource_missing(client):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.retrieve("cs_test_nope")
    assert caught.value.http_status == 404
    assert caught.value.code == "resource_missing"
    assert caught.value.param == "id"
    assert "No such checkout.session: 'cs_test_nope'" in caught.value.user_message


def test_a_wrong_api_key_is_refused_with_401(stripe_double):
    wrong = stripe.StripeClient(
        "sk_test_wrong_key_123456", base_addresses={"api": stripe_double.url}
    )
    with pytest.raises(stripe.AuthenticationError) as caught:
        wrong.v1.products.list()
    assert caught.value.http_status == 401
    assert "sk_test_wrong_key_123456" not in str(caught.value)  # masked, as Stripe does


def test_a_request_without_an_api_key_is_refused_with_401(stripe_double):
    response = raw_request("GET", f"{stripe_double.url}/v1/products")
    assert response.status == 401
    body = response.json()
    assert body["error"]["type"] == "invalid_request_error"
    assert "did not provide an API key" in body["error"]["message"]


def test_an_unknown_parameter_is_refused_naming_it(client):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.products.create(params={"name": "Seat", "colour": "blue"})
    assert caught.value.code == "parameter_unknown"
    assert caught.value.param == "colour"


def test_a_missing_required_parameter_names_it(client):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.prices.create(params={"currency": "eur", "product_data": {"name": "Seat"}})
    assert caught.value.code == "parameter_missing"
    assert caught.value.param == "unit_amount"


def test_an_unmodelled_endpoint_is_a_404_saying_so(client):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.subscriptions.list()
    assert caught.value.http_status == 404
    assert "Unrecognized request URL (GET: /v1/subscriptions)" in str(caught.value)


def test_a_failed_request_changes_nothing(client, stripe_double):
    """Stripe requests are atomic: a session refused for its second line item leaves no
    product or price behind from its first."""
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.checkout.sessions.create(
            params={
                "mode": "payment",
                "line_items": [
                    {
                        "price_data": {
                            "currency": "eur",
                            "unit_amount": 100,
                            "product_data": {"name": "A"},
                        },
                        "quantity": 1,
                    },
                    {"price": "price_missing", "quantity": 1},
                ],
            }
        )
    assert client.v1.products.list().data == []
    assert client.v1.prices.list().data == []


def test_every_response_carries_a_request_id(client):
    product = client.v1.products.create(params={"name": "Seat"})
    assert product.last_response.request_id.startswith("req_")
