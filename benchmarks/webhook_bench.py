"""`python -m benchmarks.webhook_bench`: Stripe's webhook endpoint under load, as ratios.

The webhook is a POST that must carry a fresh signature, so ``wrk`` cannot drive it; this
benchmark signs real Stripe event payloads with the real scheme (``t=...,v1=HMAC-SHA256``)
and POSTs them to gunicorn (2 sync workers, persistent connections) with one threaded
keep-alive client, which also measures the baselines in the same run: a bare Django view
doing one query (measured again before each webhook case, whose ratio is to the baseline next
to it) and a bare Wagtail page (GETs). Two webhook cases:

* **new event**: every POST is an event the school has not seen (verify, store in one
  ``INSERT ... ON CONFLICT DO NOTHING``, queue): 1 query;
* **duplicate delivery**: the same event again and again, as Stripe's retries arrive
  (verify, the INSERT that writes nothing, read the stored row, answer 200): 2 queries.

The events are of a type the school stores but does not act on, and the server's Celery
broker is ``memory://``, so nothing is queued for a real worker; the rows the run stored
are deleted at the end. Reports req/s, p50/p99 and each case's SQL query count.

    python -m benchmarks.webhook_bench [--duration 5] [--connections 8] [--runs 3]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import itertools
import json
import os
import time
import uuid
from collections.abc import Callable

from benchmarks.http_bench import (
    Measurement,
    Request,
    free_port,
    manage,
    median_measurement,
    ratio,
    run_requests,
    setup_django,
    start_gunicorn,
)

WEBHOOK_PATH = "/payments/stripe/webhook/"
SECRET = "whsec_benchmark_only_" + "0" * 16
EVENT_PREFIX = "evt_bench_"


def event_payload(event_id: str) -> bytes:
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "api_version": "2026-10-28.endive",
            "created": int(time.time()),
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": "customer.updated",
            "data": {"object": {"id": "cus_bench", "object": "customer", "email": "b@x.test"}},
        }
    ).encode()


def signed(payload: bytes) -> dict[str, str]:
    """Stripe's scheme: ``t=<unix time>,v1=<hex HMAC-SHA256(secret, "t.payload")>``."""
    timestamp = int(time.time())
    mac = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256)
    return {
        "Content-Type": "application/json",
        "Stripe-Signature": f"t={timestamp},v1={mac.hexdigest()}",
    }


def new_events() -> Callable[[], Request]:
    counter = itertools.count()
    run = uuid.uuid4().hex[:8]

    def make() -> Request:
        payload = event_payload(f"{EVENT_PREFIX}{run}_{next(counter)}")
        return "POST", WEBHOOK_PATH, payload, signed(payload)

    return make


def duplicate_event() -> Callable[[], Request]:
    payload = event_payload(f"{EVENT_PREFIX}duplicate_{uuid.uuid4().hex[:8]}")
    headers = signed(payload)
    return lambda: ("POST", WEBHOOK_PATH, payload, headers)


def get(path: str) -> Callable[[], Request]:
    return lambda: ("GET", path, b"", {})


def load(port: int, make: Callable[[], Request], duration: int, connections: int) -> Measurement:
    return run_requests("127.0.0.1", port, make, duration, connections)


def webhook_queries(make: Callable[[], Request]) -> tuple[int, int]:
    """SQL queries of one webhook POST, measured in-process (the second of two)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client()
    with override_settings(STRIPE_WEBHOOK_SECRET=SECRET, CELERY_TASK_ALWAYS_EAGER=False):
        _, path, body, headers = make()
        client.post(path, body, content_type="application/json", **_meta(headers))
        _, path, body, headers = make()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(path, body, content_type="application/json", **_meta(headers))
    return len(queries), response.status_code


def _meta(headers: dict[str, str]) -> dict[str, str]:
    return {"HTTP_STRIPE_SIGNATURE": headers["Stripe-Signature"]}


def cleanup() -> int:
    from payments.models import StripeEvent

    deleted, _ = StripeEvent.objects.filter(stripe_id__startswith=EVENT_PREFIX).delete()
    return deleted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per run (default 5)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections")
    parser.add_argument("--runs", type=int, default=3, help="runs per case; the median is kept")
    args = parser.parse_args(argv)

    print("Preparing the demo database (migrate, seed_demo, collectstatic)...")
    manage("migrate", "--noinput", "-v", "0")
    manage("seed_demo")
    manage("collectstatic", "--noinput", "-v", "0")
    # The server: the webhook secret this run signs with, and a broker that keeps the
    # queued processing tasks in memory (nothing for a real worker to pick up later).
    os.environ["STRIPE_WEBHOOK_SECRET"] = SECRET
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ["CELERY_RESULT_BACKEND"] = "cache+memory://"
    setup_django()
    from benchmarks.http_bench import ensure_baseline_page

    ensure_baseline_page()
    duplicate = duplicate_event()
    django_view = ("baseline: Django view, one query", get("/bench/baseline/one-query/"), None)
    # The Django baseline is measured again right before each webhook case and each case's
    # ratio is to the baseline next to it: a shared machine drifts within a run.
    cases = [
        django_view,
        ("baseline: bare Wagtail page", get("/bench-baseline/"), None),
        django_view,
        ("Stripe webhook: new event", new_events(), webhook_queries(new_events())),
        django_view,
        ("Stripe webhook: duplicate delivery", duplicate, webhook_queries(duplicate)),
    ]

    port = free_port()
    server = start_gunicorn(port)
    rows = []
    try:
        for number, (name, make, queries) in enumerate(cases, start=1):
            runs = []
            for run in range(1, args.runs + 1):
                print(
                    f"[{number}/{len(cases)}] {name}: run {run}/{args.runs}", end="\r", flush=True
                )
                runs.append(load(port, make, args.duration, args.connections))
            rows.append((name, queries, median_measurement(runs)))
        print(" " * 80, end="\r")
    finally:
        server.terminate()
        server.wait(timeout=30)
        print(f"Removed {cleanup()} benchmark events from the database.")

    wagtail_base = rows[1][2]
    print(f"\nLoad generator: python threads, {args.connections} connections.", end=" ")
    print(f"Median of {args.runs} runs; req/s ratio: higher is better (goal >= 0.5x Django).")
    header = (
        f"{'endpoint':<36} {'SQL':>4} {'req/s':>8} {'vs Django':>10} {'vs Wagtail':>10} "
        f"{'p50 ms':>8} {'p99 ms':>8} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    django_base = rows[0][2]
    for name, queries, m in rows:
        if name == django_view[0]:
            django_base = m  # the baseline measured just before the next case
        sql = "" if queries is None else str(queries[0])
        print(
            f"{name:<36} {sql:>4} {m.requests_per_second:>8.1f} "
            f"{ratio(m.requests_per_second, django_base.requests_per_second):>10} "
            f"{ratio(m.requests_per_second, wagtail_base.requests_per_second):>10} "
            f"{m.p50_ms:>8.1f} {m.p99_ms:>8.1f} {m.errors:>6}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
