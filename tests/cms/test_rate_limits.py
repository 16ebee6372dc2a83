"""The project's one rate-limit mechanism (cms/rate_limits.py): a window counter per (scope,
key) in the database, configured in ``RATE_LIMITS``, exact under parallel attempts."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from cms.models import RateLimitCounter
from cms.rate_limits import (
    RateLimited,
    parse_rate,
    rate_for,
    rate_limit_consume,
    rate_limits_prune,
)
from cms.tasks import rate_limits_prune as prune_task
from tests.conftest import requires_postgres
from tests.payments.waitlist_support import sold_out_cohort

NOON = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
REFUSED = "Too many tries"


@pytest.fixture
def three_an_hour(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "try": "3/h"}


def attempt(key: str = "ip:192.0.2.1", *, at: datetime = NOON) -> None:
    rate_limit_consume(scope="try", key=key, refused=REFUSED, now=at)


@pytest.mark.parametrize(
    ("text", "count", "seconds"),
    [("10/h", 10, 3600), ("5/10m", 5, 600), ("1/s", 1, 1), (" 2 / 3d ", 2, 3 * 86400)],
)
def test_a_rate_is_a_count_per_period(text, count, seconds):
    assert parse_rate(text) == parse_rate(text)
    rate = parse_rate(text)
    assert (rate.count, rate.period) == (count, timedelta(seconds=seconds))


@pytest.mark.parametrize("text", ["", "10", "10/x", "0/h", "ten/h", "5/0m", "-1/h"])
def test_a_bad_rate_says_how_to_write_one(text):
    with pytest.raises(ValueError, match=r'"<count>/<period>"'):
        parse_rate(text)


def test_a_missing_or_bad_setting_names_the_scope(settings):
    settings.RATE_LIMITS = {"broken": "lots"}
    with pytest.raises(ImproperlyConfigured, match=r'RATE_LIMITS has no entry for "missing"'):
        rate_for("missing")
    with pytest.raises(ImproperlyConfigured, match=r'RATE_LIMITS\["broken"\]'):
        rate_for("broken")


@pytest.mark.django_db
def test_the_attempt_past_the_limit_is_refused_saying_when_to_try_again(three_an_hour):
    for minute in (0, 10, 20):
        attempt(at=NOON + timedelta(minutes=minute))

    with pytest.raises(RateLimited) as refused:
        attempt(at=NOON + timedelta(minutes=35))

    assert refused.value.message == "Too many tries; try again in 25 minutes."
    assert refused.value.retry_after == timedelta(minutes=25)
    assert refused.value.retry_after_seconds == 25 * 60


@pytest.mark.django_db
def test_a_new_window_opens_when_the_first_closes(three_an_hour):
    for minute in (0, 1, 2):
        attempt(at=NOON + timedelta(minutes=minute))
    with pytest.raises(RateLimited):
        attempt(at=NOON + timedelta(minutes=59, seconds=59))

    for second in (0, 1, 2):
        attempt(at=NOON + timedelta(hours=1, seconds=second))
    with pytest.raises(RateLimited) as refused:
        attempt(at=NOON + timedelta(hours=1, minutes=30))
    assert "try again in 30 minutes." in refused.value.message


@pytest.mark.django_db
def test_each_key_and_each_scope_counts_on_its_own(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "try": "1/h", "other": "1/h"}
    attempt("ip:192.0.2.1")
    attempt("ip:192.0.2.2")
    attempt("user:7")
    rate_limit_consume(scope="other", key="ip:192.0.2.1", refused=REFUSED, now=NOON)
    with pytest.raises(RateLimited):
        attempt("ip:192.0.2.1")
    assert RateLimitCounter.objects.count() == 4


@pytest.mark.django_db
def test_a_long_wait_is_said_in_hours(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "try": "1/d"}
    attempt()
    with pytest.raises(RateLimited) as refused:
        attempt(at=NOON + timedelta(hours=1))
    assert refused.value.message == "Too many tries; try again in 23 hours."


@pytest.mark.django_db
def test_pruning_deletes_only_closed_windows(three_an_hour):
    attempt("ip:192.0.2.1", at=NOON)
    attempt("ip:192.0.2.2", at=NOON + timedelta(minutes=30))

    assert rate_limits_prune(now=NOON + timedelta(hours=1)) == 1

    assert list(RateLimitCounter.objects.values_list("key", flat=True)) == ["ip:192.0.2.2"]
    with time_machine.travel(NOON + timedelta(hours=2), tick=False):
        assert prune_task() == 1
    assert not RateLimitCounter.objects.exists()


JOIN_URL = "/payments/waitlist/classes/{}/"


@pytest.mark.django_db
def test_the_waitlist_page_answers_429_with_when_to_try_again(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "waitlist_join": "2/h"}
    url = JOIN_URL.format(sold_out_cohort(slug="may-2027").slug)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for n in range(2):
            assert client.post(url, {"email": f"person{n}@example.com"}).status_code == 201
    with time_machine.travel(start + timedelta(minutes=15), tick=False):
        refused = client.post(url, {"email": "third@example.com"})

    assert refused.status_code == 429
    assert refused["Retry-After"] == str(45 * 60)
    assert (
        "Too many waitlist sign-ups from your network; try again in 45 minutes."
        in refused.content.decode()
    )


PARALLEL = 15
LIMIT = PARALLEL - 5


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_attempts_past_the_limit_pass_exactly_the_limit(settings):
    """N + 5 attempts at once against a limit of N, each on its own connection: exactly N pass."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "try": f"{LIMIT}/h"}
    start = threading.Barrier(PARALLEL)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def one() -> None:
        try:
            start.wait()
            try:
                rate_limit_consume(scope="try", key="ip:192.0.2.1", refused=REFUSED)
                outcomes.append("passed")
            except RateLimited:
                outcomes.append("refused")
        except BaseException as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(outcomes) == ["passed"] * LIMIT + ["refused"] * 5
    assert RateLimitCounter.objects.get(scope="try").count == PARALLEL
