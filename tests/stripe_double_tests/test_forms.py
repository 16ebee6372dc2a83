"""The form decoder reads what the SDK encodes (``stripe/_encode.py``) and what curl users type."""

from urllib.parse import urlencode

import pytest
from stripe._api_requestor import _api_encode

from tests.stripe_double.errors import ApiError
from tests.stripe_double.forms import Params, decode, metadata_apply


def sdk_encoded(params: dict) -> str:
    return urlencode(list(_api_encode(params)))


def test_nested_line_items_metadata_and_discounts_round_trip_from_the_sdk_encoding():
    params = {
        "line_items": [
            {
                "price_data": {"currency": "eur", "product_data": {"name": "Seat & co"}},
                "quantity": 2,
            },
            {"price": "price_123", "quantity": 1},
        ],
        "metadata": {"order_id": "42"},
        "discounts": [{"promotion_code": "promo_1"}],
        "expand": ["line_items", "payment_intent"],
        "automatic_tax": {"enabled": True},
    }
    assert decode(sdk_encoded(params)) == {
        "line_items": [
            {
                "price_data": {"currency": "eur", "product_data": {"name": "Seat & co"}},
                "quantity": "2",
            },
            {"price": "price_123", "quantity": "1"},
        ],
        "metadata": {"order_id": "42"},
        "discounts": [{"promotion_code": "promo_1"}],
        "expand": ["line_items", "payment_intent"],
        "automatic_tax": {"enabled": "true"},
    }


def test_empty_brackets_append_like_curl():
    assert decode("expand[]=line_items&expand[]=payment_intent&types[]=a.b") == {
        "expand": ["line_items", "payment_intent"],
        "types": ["a.b"],
    }


def test_array_indices_must_start_at_zero_without_gaps():
    with pytest.raises(ApiError, match="indexed from 0"):
        decode("line_items[1][price]=p")


def test_a_key_cannot_be_both_a_value_and_a_hash():
    with pytest.raises(ApiError, match="both a value and a hash"):
        decode("metadata[a][b]=1&metadata[a]=2")


def test_metadata_empty_values_unset_keys_and_empty_metadata_clears():
    current = {"a": "1", "b": "2"}
    assert metadata_apply(current, Params(decode("metadata[a]=")).metadata()) == {"b": "2"}
    assert metadata_apply(current, Params(decode("metadata=")).metadata()) == {}
    assert metadata_apply(current, Params(decode("")).metadata()) == current


def test_typed_reads_use_stripe_error_codes():
    params = Params(decode("amount=ten&flag=yes"))
    with pytest.raises(ApiError) as integer_error:
        params.int("amount")
    assert integer_error.value.code == "parameter_invalid_integer"
    assert integer_error.value.param == "amount"
    with pytest.raises(ApiError, match="Invalid boolean"):
        params.bool("flag")
    with pytest.raises(ApiError) as missing:
        params.str("currency", required=True)
    assert missing.value.code == "parameter_missing"
