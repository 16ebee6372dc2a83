"""Serve the Stripe test double until Ctrl-C (``make run`` starts it from ``Procfile.dev``).

    python -m tests.stripe_double --port 12111 \\
        --webhook-url http://127.0.0.1:8000/payments/stripe/webhook/ \\
        --webhook-secret whsec_dev_double --api-key sk_test_double
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading

from .server import StripeDouble


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.stripe_double",
        description="Local Stripe test double (TEST MODE: no real money moves).",
    )
    parser.add_argument("--port", type=int, default=12111, help="0 picks a free port")
    parser.add_argument("--api-key", default="sk_test_double", help="the accepted secret key")
    parser.add_argument("--webhook-url", help="where events are POSTed, signed")
    parser.add_argument("--webhook-secret", default="whsec_dev_double")
    parser.add_argument(
        "--expiry-sweep",
        type=float,
        default=5.0,
        help="seconds between checks that expire sessions past expires_at (0: only on requests)",
    )
    parser.add_argument("--quiet", action="store_true", help="log warnings and errors only")
    args = parser.parse_args(argv)
    if not args.api_key.startswith("sk_test_"):
        parser.error("--api-key must be a test-mode key (sk_test_...)")

    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(asctime)s stripe-double %(message)s",
        datefmt="%H:%M:%S",
        stream=sys.stderr,
    )
    double = StripeDouble(
        port=args.port,
        api_key=args.api_key,
        webhook_url=args.webhook_url,
        webhook_secret=args.webhook_secret,
        expiry_sweep_interval=args.expiry_sweep or None,
    )
    try:
        double.start()
    except OSError as error:
        parser.exit(1, f"stripe double: cannot listen on 127.0.0.1:{args.port}: {error}\n")
    log = logging.getLogger("stripe_double")
    log.warning(
        "TEST MODE: local Stripe test double on %s (api key %s; webhooks -> %s)",
        double.url,
        double.api_key,
        args.webhook_url or "none",
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        double.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
