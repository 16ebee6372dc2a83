"""The one Stripe gateway (``payments.stripe_gateway``): nothing else imports ``stripe``, and
Stripe's errors come out as the project's own, transient apart from permanent, with a message
a buyer or staff member can act on (the SDK talks to the Stripe double over HTTP)."""

import ast
from pathlib import Path

import pytest

from courses.models import EnrollmentTier
from payments import stripe_gateway
from payments.errors import StripeRefused, StripeUnreachable
from payments.orders import order_cancel, order_checkout_start
from payments.tasks import STRIPE_TASK_OPTIONS

ROOT = Path(__file__).resolve().parents[2]
APPS = ("cms", "courses", "payments", "community", "engine", "demo")
GATEWAY = Path("payments/stripe_gateway.py")


def _is_stripe(module: str | None) -> bool:
    return bool(module) and (module == "stripe" or module.startswith("stripe."))


def _imports_stripe(source: str) -> bool:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import) and any(_is_stripe(a.name) for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.level == 0 and _is_stripe(node.module):
            return True
    return False


def test_only_the_gateway_imports_stripe():
    files = [path for app in APPS for path in sorted((ROOT / app).rglob("*.py"))]
    assert len(files) > 100  # the walk found the apps
    offenders = [
        str(path.relative_to(ROOT))
        for path in files
        if path.relative_to(ROOT) != GATEWAY and _imports_stripe(path.read_text())
    ]
    assert offenders == [], "Call Stripe through payments.stripe_gateway, not directly"
    assert _imports_stripe((ROOT / GATEWAY).read_text())


def test_the_walk_sees_every_way_of_importing_stripe():
    assert _imports_stripe("import stripe")
    assert _imports_stripe("from stripe import StripeClient")
    assert _imports_stripe("def f():\n    import stripe.checkout")
    assert not _imports_stripe("from payments.stripe_gateway import refund_create")


@pytest.mark.django_db
def test_stripe_unreachable_is_transient_and_says_to_try_again(stripe_double, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there

    with pytest.raises(StripeUnreachable) as unreachable:
        stripe_gateway.charge_retrieve(charge_id="ch_missing")

    assert unreachable.value.transient
    assert unreachable.value.message.startswith("Stripe could not be reached to read charge")
    assert "Try again in a minute" in unreachable.value.message


@pytest.mark.django_db
def test_a_refusal_is_permanent_and_carries_stripes_reason(stripe_double):
    with pytest.raises(StripeRefused) as refused:
        stripe_gateway.charge_retrieve(charge_id="ch_missing")

    assert not refused.value.transient
    assert refused.value.stripe_code == "resource_missing"
    assert refused.value.message.startswith("Stripe refused to read charge ch_missing: ")
    assert "ch_missing" in refused.value.message.partition(": ")[2]


@pytest.mark.django_db
def test_a_wrong_api_key_points_staff_at_the_settings(stripe_double, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_not_ours"

    with pytest.raises(StripeRefused, match="check the server's STRIPE_SECRET_KEY"):
        stripe_gateway.checkout_session_retrieve(session_id="cs_test_x")


def test_celery_retries_only_what_may_work_later():
    retried = STRIPE_TASK_OPTIONS["autoretry_for"]
    assert StripeUnreachable in retried
    assert not any(issubclass(StripeRefused, kind) for kind in retried)


@pytest.mark.django_db
def test_a_coupon_mirrored_again_after_a_lost_answer_is_the_same_coupon(stripe_double):
    params = {"id": "institute-code-7-abc", "name": "APRIL17", "duration": "once"}
    params |= {"amount_off": 10_000, "currency": "usd"}
    stripe_gateway.coupon_create(params=params, code_id=7, terms="abc")
    # The same terms again under another key (the first answer was lost): already there.
    stripe_gateway.coupon_create(params=params, code_id=7, terms="abc-retry")

    (first, second) = stripe_double.requests_to("/v1/coupons", "POST")
    assert first.idempotency_key == "discount-7-abc-coupon"
    assert second.status == 400
    assert stripe_double.get("institute-code-7-abc")["amount_off"] == 10_000


@pytest.mark.django_db
def test_closing_a_checkout_names_the_session_in_its_idempotency_key(stripe_double, buyer, cohort):
    order = order_checkout_start(
        buyer=buyer, target=cohort, tier=EnrollmentTier.STANDARD, seats=1, site_url="http://t"
    ).order

    order_cancel(order=order)

    (expire,) = stripe_double.requests_to("/v1/checkout/sessions/*/expire", "POST")
    assert expire.idempotency_key == f"session-{order.stripe_session_id}-expire"
    assert stripe_double.get(order.stripe_session_id)["status"] == "expired"
