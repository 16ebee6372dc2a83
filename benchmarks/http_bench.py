"""`make bench`: HTTP throughput and latency of the school's endpoints, as ratios to baselines.

One run: prepare the demo database, start gunicorn (2 sync workers, persistent DB
connections), then for every endpoint in ``benchmarks.endpoints``:

1. check on the real server that it answers what it claims (a cache hit says
   ``X-Page-Cache: hit``; the student's lesson carries the body, the locked one does not);
2. count its SQL queries and profile where the time goes (queries, template rendering, the
   rest), in-process with Django's test client;
3. run the load generator ``--runs`` times, each run next to a run of the two baselines (a
   bare Django view doing one query, a bare template view doing none), and report the median
   of the per-run ratios: baselines drift on a shared machine, so each endpoint is compared
   with baselines measured minutes, not a quarter of an hour, apart.

The bare Wagtail page is measured at the start and the end. Numbers are only reported as
ratios within the same run; never compare raw req/s across runs or machines.

    python -m benchmarks.http_bench [--duration 3] [--connections 8] [--runs 3] [--only NAME]

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
class Profile:
    """Mean milliseconds per request, measured in-process (no network, no gunicorn)."""

    total_ms: float
    sql_ms: float
    template_ms: float  # rendering, minus the SQL run while rendering

    @property
    def rest_ms(self) -> float:
        return max(self.total_ms - self.sql_ms - self.template_ms, 0.0)


@dataclass
class Row:
    name: str
    path: str
    queries: int  # a rendering
    hit_queries: int  # as answered when warm (a reader's copy, a page cache hit)
    status: int
    median: Measurement
    runs: list[Measurement]
    vs_django: float = 0.0  # median of per-run ratios to the adjacent baseline runs
    vs_template: float = 0.0
    profile: Profile | None = None
    checks: list[str] | None = None
    goal: str = "-"
    goal_met: bool | None = None
    vs_paired: float | None = None  # median of per-run ratios to the paired twin, if any


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


def count_queries(path: str, client) -> tuple[int, int, int]:
    """Queries of a rendering (the reader's own copy switched off), of the request as the
    server answers it when warm (for a signed-in reader, their remembered copy), and the
    status."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    with override_settings(READER_CACHE_SECONDS=0):
        client.get(path)  # warm caches the way the server's second request would see them
        with CaptureQueriesContext(connection) as rendered:
            client.get(path)
        rendering = len(rendered)  # now: the next request clears the connection's log
    for _ in range(2):  # the route, then the reader's copy
        client.get(path)
    with CaptureQueriesContext(connection) as warm:
        response = client.get(path)
    return rendering, len(warm), response.status_code


def check_claims(endpoint, url: str, cookie: str) -> list[str]:
    """Ask the real server once (after a warm-up) and list what the endpoint fails to do."""
    host_port, path = url.removeprefix("http://").split("/", 1)
    host, port = host_port.split(":")
    for _ in range(3):  # the first answers may fill the caches (a page's route, then its copy)
        conn = HTTPConnection(host, int(port), timeout=30)
        conn.request("GET", "/" + path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        headers, body = response.headers, response.read().decode(errors="replace")
        conn.close()
    failures = []
    for name, value in endpoint.expect_headers.items():
        if headers.get(name) != value:
            failures.append(f"{name}: {headers.get(name)!r}, expected {value!r}")
    failures += [f"missing {text!r}" for text in endpoint.must_contain if text not in body]
    failures += [f"must not show {text!r}" for text in endpoint.must_not_contain if text in body]
    return failures


def profile_endpoint(path: str, client, requests: int = 30) -> Profile:
    """Where the time of one request goes: SQL, template rendering (its own SQL excluded),
    and the rest (routing, middleware, Python in views and selectors, the cache)."""
    from django.db import connection
    from django.template.backends.django import Template

    clock = {"sql": 0.0, "template": 0.0, "sql_in_template": 0.0, "depth": 0}

    def time_sql(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            clock["sql"] += spent
            if clock["depth"]:
                clock["sql_in_template"] += spent

    original_render = Template.render

    def timed_render(self, context=None, request=None):
        clock["depth"] += 1
        started = time.perf_counter()
        try:
            return original_render(self, context, request)
        finally:
            clock["depth"] -= 1
            if not clock["depth"]:
                clock["template"] += time.perf_counter() - started

    client.get(path)
    Template.render = timed_render
    try:
        with connection.execute_wrapper(time_sql):
            started = time.perf_counter()
            for _ in range(requests):
                client.get(path)
            total = time.perf_counter() - started
    finally:
        Template.render = original_render
    per = 1000.0 / requests
    return Profile(
        total * per,
        clock["sql"] * per,
        (clock["template"] - clock["sql_in_template"]) * per,
    )


# --- report -----------------------------------------------------------------------------------


class BaselineStarved(RuntimeError):
    """A baseline run answered no request: no ratio can be taken against it."""


def run_ratio(rate: float, baseline: Measurement, name: str) -> float:
    """``rate`` as a ratio to one baseline run; a baseline that answered nothing (an overloaded
    machine) stops the benchmark with a message instead of a division by zero."""
    if not baseline.requests_per_second:
        raise BaselineStarved(
            f"The {name} baseline answered no request in its run: the machine is too busy to "
            "measure. Stop other work, or run again with a longer --duration or fewer "
            "--connections."
        )
    return rate / baseline.requests_per_second


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:5.2f}x" if baseline else "  n/a"


def print_table(rows: list[Row], load_generator: str, wagtail: list[Measurement]) -> None:
    print(f"\nLoad generator: {load_generator}. Median of {len(rows[0].runs)} runs each.")
    print("Ratios: req/s of the endpoint / req/s of the baseline run measured right beside it")
    print("(median of the per-run ratios); higher is better, 1.00x = as fast as the baseline.")
    print("SQL: queries with the reader's own copy off (a rendering for signed-in readers);")
    print("hit: as the server answers when warm (their copy; for anonymous pages, the same).")
    header = (
        f"{'endpoint':<34} {'st':>3} {'SQL':>3} {'hit':>3} {'req/s':>7} {'vs 1-query':>10} "
        f"{'vs template':>11} {'p50 ms':>7} {'goal':>22} {'met':>4} "
        f"{'ms/req: sql':>11} {'tmpl':>5} {'rest':>5}  checks"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        m, p = row.median, row.profile
        met = {None: "", True: "yes", False: "NO"}[row.goal_met]
        times = f"{p.sql_ms:>11.2f} {p.template_ms:>5.2f} {p.rest_ms:>5.2f}" if p else " " * 23
        print(
            f"{row.name:<34} {row.status:>3} {row.queries:>3} {row.hit_queries:>3} "
            f"{m.requests_per_second:>7.0f} "
            f"{row.vs_django:>9.2f}x {row.vs_template:>10.2f}x {m.p50_ms:>7.1f} "
            f"{row.goal:>22} {met:>4} {times}  {'; '.join(row.checks or []) or 'ok'}"
        )
    for row in rows:
        if row.vs_paired is not None:
            print(f"{row.name}: {row.vs_paired:.2f}x its paired twin (same page, other state)")
    if wagtail:
        rates = ", ".join(f"{w.requests_per_second:.0f}" for w in wagtail)
        print(f"\nBare Wagtail page (start, end of run), req/s: {rates}")


def goal_met(row: Row, goal) -> bool | None:
    if goal.ratio is None and goal.max_queries is None:
        return None
    ok = not row.checks and row.status == 200
    if goal.ratio is not None:
        versus = {"django": row.vs_django, "template": row.vs_template, "paired": row.vs_paired}
        ok &= (versus[goal.versus] or 0.0) >= goal.ratio
    if goal.max_queries is not None:
        ok &= max(row.queries, row.hit_queries) <= goal.max_queries
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=3, help="seconds per run (default 3)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections")
    parser.add_argument("--runs", type=int, default=3, help="runs per endpoint; the median is kept")
    parser.add_argument("--only", help="measure only endpoints whose name contains this text")
    parser.add_argument("--skip-setup", action="store_true", help="do not migrate and seed")
    args = parser.parse_args(argv)

    if not args.skip_setup:
        print("Preparing the demo database (migrate, seed_demo, collectstatic)...")
        manage("migrate", "--noinput", "-v", "0")
        manage("seed_demo")
        manage("collectstatic", "--noinput", "-v", "0")
    setup_django()
    ensure_baseline_page()

    from benchmarks.endpoints import (
        BASELINE_DJANGO,
        BASELINE_TEMPLATE,
        BASELINE_WAGTAIL,
        ENDPOINTS,
    )

    endpoints = [BASELINE_DJANGO, BASELINE_TEMPLATE] + [
        e for e in ENDPOINTS if not args.only or args.only.lower() in e.name.lower()
    ]
    use_wrk = shutil.which("wrk") is not None
    load = run_wrk if use_wrk else run_python_client
    load_generator = "wrk" if use_wrk else "python threads (install wrk for steadier numbers)"

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(port)
    rows: list[Row] = []
    wagtail: list[Measurement] = []

    def measure(path: str, cookie: str = "") -> Measurement:
        return load(f"{base}{path}", args.duration, args.connections, cookie)

    try:
        wagtail.append(measure(BASELINE_WAGTAIL.resolve()))
        for number, endpoint in enumerate(endpoints, start=1):
            path = endpoint.resolve()
            client = signed_in_client(endpoint.as_user)
            cookie = f"sessionid={client.cookies['sessionid'].value}" if endpoint.as_user else ""
            checks = check_claims(endpoint, f"{base}{path}", cookie)
            queries, hit_queries, status = count_queries(path, client)
            profile = profile_endpoint(path, client)
            runs, vs_django, vs_template, vs_paired = [], [], [], []
            paired_cookie = ""
            if endpoint.paired is not None:
                paired_client = signed_in_client(endpoint.paired.as_user)
                if endpoint.paired.as_user:
                    paired_cookie = f"sessionid={paired_client.cookies['sessionid'].value}"
                checks += check_claims(
                    endpoint.paired, f"{base}{endpoint.paired.resolve()}", paired_cookie
                )
            for run in range(1, args.runs + 1):
                print(
                    f"[{number}/{len(endpoints)}] {endpoint.name}: run {run}/{args.runs}",
                    end="\r",
                    flush=True,
                )
                django_run = measure(BASELINE_DJANGO.resolve())
                template_run = measure(BASELINE_TEMPLATE.resolve())
                runs.append(measure(path, cookie))
                rate = runs[-1].requests_per_second
                vs_django.append(run_ratio(rate, django_run, "one-query Django view"))
                vs_template.append(run_ratio(rate, template_run, "bare template view"))
                if endpoint.paired is not None:
                    twin = measure(endpoint.paired.resolve(), paired_cookie)
                    if twin.requests_per_second:
                        vs_paired.append(rate / twin.requests_per_second)
                    else:
                        checks.append("paired twin answered no request")
            row = Row(
                endpoint.name,
                path,
                queries,
                hit_queries,
                status,
                median_measurement(runs),
                runs,
                statistics.median(vs_django),
                statistics.median(vs_template),
                profile,
                checks,
                endpoint.goal.describe(),
            )
            if vs_paired:
                row.vs_paired = statistics.median(vs_paired)
            row.goal_met = goal_met(row, endpoint.goal)
            rows.append(row)
        wagtail.append(measure(BASELINE_WAGTAIL.resolve()))
        print(" " * 80, end="\r")
    finally:
        server.terminate()
        server.wait(timeout=30)

    print_table(rows, load_generator, wagtail)
    from django.db import connection

    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"http-{connection.vendor}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    out.write_text(
        json.dumps(
            {
                "load_generator": load_generator,
                "database": connection.vendor,
                "wagtail_baseline": [asdict(w) for w in wagtail],
                "rows": [asdict(r) for r in rows],
            },
            indent=2,
        )
    )
    print(f"\nDatabase: {connection.vendor}. Saved {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BaselineStarved as error:
        sys.exit(f"make bench: {error}")
