"""`make bench`: HTTP throughput and latency of the school's endpoints, as ratios to baselines.

One run: prepare the demo database, start gunicorn (2 sync workers, persistent DB
connections), then for the baselines and every endpoint in ``benchmarks.endpoints`` run the
load generator three times and keep the median. Machines are shared and noisy, so numbers
are only reported relative to the baselines measured in the same run: a bare
Django view doing one query, and a bare Wagtail page. The SQL query count of each endpoint
is measured in-process with Django's test client.

    python -m benchmarks.http_bench [--duration 5] [--connections 8] [--runs 3] [--only NAME]

Load comes from ``wrk`` when it is installed (``apt-get install wrk``), else from a small
threaded Python client (clearly labelled in the output: it is slower and noisier).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SETTINGS = "benchmarks.settings"


@dataclass
class Measurement:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


@dataclass
class Row:
    name: str
    path: str
    queries: int
    status: int
    median: Measurement
    runs: list[Measurement]


# --- load generators --------------------------------------------------------------------------

WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_PERCENTILE = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
WRK_ERRORS = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)|Socket errors:.*?timeout (\d+)")
UNIT_TO_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output: str) -> Measurement:
    """Read requests/s, p50, p99 and errors from ``wrk --latency`` output."""
    rate = WRK_RATE.search(output)
    if rate is None:
        raise ValueError(f"wrk printed no Requests/sec line:\n{output}")
    percentiles = {
        int(p): float(value) * UNIT_TO_MS[unit] for p, value, unit in WRK_PERCENTILE.findall(output)
    }
    errors = sum(int(n) for match in WRK_ERRORS.findall(output) for n in match if n)
    return Measurement(
        float(rate.group(1)), percentiles.get(50, 0.0), percentiles.get(99, 0.0), errors
    )


def run_wrk(url: str, duration: int, connections: int, cookie: str = "") -> Measurement:
    headers = ["--header", f"Cookie: {cookie}"] if cookie else []
    output = subprocess.run(
        [
            "wrk",
            *headers,
            "--threads",
            "2",
            "--connections",
            str(connections),
            "--duration",
            f"{duration}s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
    ).stdout
    return parse_wrk(output)


# One request a loader sends: method, path, body, headers.
Request = tuple[str, str, bytes, dict[str, str]]


def run_requests(
    host: str, port: int, make: Callable[[], Request], duration: int, connections: int
) -> Measurement:
    """``connections`` keep-alive threads sending ``make()`` requests for ``duration`` s."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def worker() -> None:
        conn = HTTPConnection(host, port, timeout=30)
        mine: list[float] = []
        while time.monotonic() < deadline:
            with lock:
                method, path, body, headers = make()
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body or None, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    with lock:
                        errors[0] += 1
            except OSError:
                with lock:
                    errors[0] += 1
                conn.close()
                conn = HTTPConnection(host, port, timeout=30)
                continue
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    if not latencies:
        return Measurement(0.0, 0.0, 0.0, errors[0])
    return Measurement(
        len(latencies) / duration,
        latencies[len(latencies) // 2],
        latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        errors[0],
    )


def run_python_client(url: str, duration: int, connections: int, cookie: str = "") -> Measurement:
    """The fallback when wrk is missing: GETs of ``url`` on keep-alive connections."""
    host_port, path = url.removeprefix("http://").split("/", 1)
    host, port = host_port.split(":")
    request: Request = ("GET", "/" + path, b"", {"Cookie": cookie} if cookie else {})
    return run_requests(host, int(port), lambda: request, duration, connections)


def median_measurement(runs: list[Measurement]) -> Measurement:
    return Measurement(
        statistics.median(r.requests_per_second for r in runs),
        statistics.median(r.p50_ms for r in runs),
        statistics.median(r.p99_ms for r in runs),
        sum(r.errors for r in runs),
    )


# --- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS},
    )


def start_gunicorn(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cms.wsgi:application",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/baseline/one-query/", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("gunicorn did not answer within 60 s")


# --- in-process helpers (Django set up with the bench settings) --------------------------------


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()


def ensure_baseline_page() -> None:
    """The bare Wagtail page: a StandardPage with no body under the site root."""
    from wagtail.models import Site

    from cms.models import StandardPage

    home = Site.objects.get(is_default_site=True).root_page
    if not StandardPage.objects.filter(slug="bench-baseline").exists():
        page = StandardPage(title="Benchmark baseline", slug="bench-baseline")
        home.add_child(instance=page)
        page.save_revision().publish()


def signed_in_client(email: str | None):
    """A test client, signed in as ``email`` when given; its session lives in the database,
    so the cookie also works against gunicorn."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    if email:
        client.force_login(get_user_model().objects.get(email=email))
    return client


def count_queries(path: str, client) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm caches the way the server's second request would see them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return len(queries), response.status_code


# --- report -----------------------------------------------------------------------------------


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:5.2f}x" if baseline else "  n/a"


def print_table(rows: list[Row], load_generator: str) -> None:
    django_base, wagtail_base = rows[0].median, rows[1].median
    print(f"\nLoad generator: {load_generator}. Median of {len(rows[0].runs)} runs each.")
    print("req/s ratio: higher is better (1.00x = as fast as the baseline).")
    header = (
        f"{'endpoint':<38} {'status':>6} {'SQL':>4} {'req/s':>8} {'vs Django':>10} "
        f"{'vs Wagtail':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        m = row.median
        print(
            f"{row.name:<38} {row.status:>6} {row.queries:>4} {m.requests_per_second:>8.1f} "
            f"{ratio(m.requests_per_second, django_base.requests_per_second):>10} "
            f"{ratio(m.requests_per_second, wagtail_base.requests_per_second):>10} "
            f"{m.p50_ms:>8.1f} {m.p99_ms:>8.1f} {m.errors:>6}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per run (default 5)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections")
    parser.add_argument("--runs", type=int, default=3, help="runs per endpoint; the median is kept")
    parser.add_argument("--only", help="measure only endpoints whose name contains this text")
    args = parser.parse_args(argv)

    print("Preparing the demo database (migrate, seed_demo, collectstatic)...")
    manage("migrate", "--noinput", "-v", "0")
    manage("seed_demo")
    manage("collectstatic", "--noinput", "-v", "0")
    setup_django()
    ensure_baseline_page()

    from benchmarks.endpoints import BASELINE_DJANGO, BASELINE_WAGTAIL, ENDPOINTS

    endpoints = [BASELINE_DJANGO, BASELINE_WAGTAIL] + [
        e for e in ENDPOINTS if not args.only or args.only.lower() in e.name.lower()
    ]
    use_wrk = shutil.which("wrk") is not None
    load = run_wrk if use_wrk else run_python_client
    load_generator = "wrk" if use_wrk else "python threads (install wrk for steadier numbers)"

    port = free_port()
    server = start_gunicorn(port)
    rows: list[Row] = []
    try:
        for number, endpoint in enumerate(endpoints, start=1):
            path = endpoint.resolve()
            client = signed_in_client(endpoint.as_user)
            cookie = f"sessionid={client.cookies['sessionid'].value}" if endpoint.as_user else ""
            queries, status = count_queries(path, client)
            runs = []
            for run in range(1, args.runs + 1):
                print(
                    f"[{number}/{len(endpoints)}] {endpoint.name}: run {run}/{args.runs}",
                    end="\r",
                    flush=True,
                )
                runs.append(
                    load(f"http://127.0.0.1:{port}{path}", args.duration, args.connections, cookie)
                )
            rows.append(Row(endpoint.name, path, queries, status, median_measurement(runs), runs))
        print(" " * 80, end="\r")
    finally:
        server.terminate()
        server.wait(timeout=30)

    print_table(rows, load_generator)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"http-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    out.write_text(
        json.dumps({"load_generator": load_generator, "rows": [asdict(r) for r in rows]}, indent=2)
    )
    print(f"\nSaved {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
