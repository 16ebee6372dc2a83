"""The Slack double's HTTP server on ``127.0.0.1:<port>``.

Point the unchanged SDK at it: ``WebClient(token=double.token, base_url=double.base_url)``.
Routes: ``/api/<method>`` (the Web API, :mod:`.api`) and ``/_double/faults`` (a control
endpoint: ``POST`` JSON ``{"method": "conversations.invite", "status": 429, "times": 1,
"retry_after": 1}`` forces the next answers; ``DELETE`` clears them). Test code in the same
process may use :meth:`SlackDouble.fail` and friends instead. What is and is not modelled:
``README.md`` here.
"""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .api import METHODS, SlackError
from .state import Fault, RecordedRequest, Store

logger = logging.getLogger("slack_double")
HOST = "127.0.0.1"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    double: SlackDouble


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "SlackTestDouble/1.0"
    server: _Server

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug(format, *args)

    def _handle(self, verb: str) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        double = self.server.double
        if parts.path == "/_double/faults":
            status, payload, headers = double.control(verb, body)
        elif parts.path.startswith("/api/"):
            params = dict(parse_qsl(parts.query))
            content_type = self.headers.get("Content-Type") or ""
            if body and content_type.startswith("application/json"):
                params.update({k: _text(v) for k, v in json.loads(body).items()})
            elif body:
                params.update(parse_qsl(body))
            method = parts.path.removeprefix("/api/")
            status, payload, headers = double.answer(
                method, params, self.headers.get("Authorization") or ""
            )
        else:
            status, payload, headers = 404, {"ok": False, "error": "not_found"}, {}
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


class SlackDouble:
    """A stateful stand-in for Slack's Web API, served on ``127.0.0.1:<port>`` (0: a free one)."""

    def __init__(self, *, token: str = "xoxb-double", port: int = 0) -> None:
        self.token = token
        self.port = port
        self.store = Store(token=token)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- life cycle ----------------------------------------------------------------------
    def start(self) -> SlackDouble:
        self._server = _Server((HOST, self.port), _Handler)
        self._server.double = self
        self.port = self._server.server_address[1]
        server = self._server
        self._thread = threading.Thread(
            target=lambda: server.serve_forever(poll_interval=0.05),
            name="slack-double-http",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def base_url(self) -> str:
        """What ``WebClient(base_url=...)`` takes (with the trailing slash it needs)."""
        return f"http://{HOST}:{self.port}/api/"

    def reset(self) -> None:
        self.store.reset()

    # --- the Web API ---------------------------------------------------------------------
    def answer(self, method: str, params: dict, authorization: str) -> tuple[int, dict, dict]:
        store = self.store
        with store.lock:
            status, payload, headers = self._answer(store, method, params, authorization)
            store.requests.append(
                RecordedRequest(
                    method=method,
                    params=params,
                    status=status,
                    ok=payload.get("ok"),
                    error=payload.get("error"),
                )
            )
        return status, payload, headers

    def _answer(
        self, store: Store, method: str, params: dict, authorization: str
    ) -> tuple[int, dict, dict]:
        if store.down:
            return 503, {"ok": False, "error": "service_unavailable"}, {}
        fault = store.fault_take(method)
        if fault is not None:
            headers = {}
            if fault.retry_after is not None:
                headers["Retry-After"] = str(fault.retry_after)
            error = "ratelimited" if fault.status == 429 else "internal_error"
            return fault.status, {"ok": False, "error": error}, headers
        if authorization != f"Bearer {store.token}":
            error = "not_authed" if not authorization else "invalid_auth"
            return 200, {"ok": False, "error": error}, {}
        handler = METHODS.get(method)
        if handler is None:
            return 200, {"ok": False, "error": "unknown_method"}, {}
        try:
            return 200, {"ok": True, **handler(store, params)}, {}
        except SlackError as error:
            return 200, {"ok": False, "error": error.code}, {}

    # --- controls ------------------------------------------------------------------------
    def control(self, verb: str, body: str) -> tuple[int, dict, dict]:
        if verb == "DELETE":
            with self.store.lock:
                self.store.faults.clear()
                self.store.down = False
            return 200, {"ok": True}, {}
        if verb != "POST":
            return 405, {"ok": False, "error": "method_not_allowed"}, {}
        try:
            spec = json.loads(body or "{}")
            if "down" in spec:
                self.set_down(bool(spec["down"]))
            else:
                self.fail(
                    spec.get("method", "*"),
                    status=int(spec["status"]),
                    times=int(spec.get("times", 1)),
                    retry_after=spec.get("retry_after"),
                )
        except (KeyError, TypeError, ValueError) as error:
            return 400, {"ok": False, "error": f"bad_fault: {error}"}, {}
        return 200, {"ok": True}, {}

    def fail(
        self, method: str = "*", *, status: int, times: int = 1, retry_after: int | None = None
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with HTTP ``status`` (429 or 5xx)."""
        if status != 429 and not 500 <= status <= 599:
            raise ValueError("A fault is a 429 or a 5xx.")
        with self.store.lock:
            self.store.faults.append(Fault(method, status, times, retry_after))

    def set_down(self, down: bool) -> None:
        """Down: every Web API call answers 503 until set up again."""
        with self.store.lock:
            self.store.down = down

    # --- test helpers --------------------------------------------------------------------
    def user_add(self, email: str) -> str:
        """A workspace member with this address; returns their Slack user id."""
        return self.store.user_add(email)

    def members(self, channel_name: str) -> list[str]:
        with self.store.lock:
            channel = self.store.channel_by_name(channel_name)
            return list(channel.members) if channel else []

    def emails_in(self, channel_name: str) -> set[str]:
        with self.store.lock:
            return {
                self.store.users[u] for u in self.members(channel_name) if u in self.store.users
            }

    def channel(self, channel_name: str):
        with self.store.lock:
            return self.store.channel_by_name(channel_name)

    def requests(self, method: str | None = None) -> list[RecordedRequest]:
        with self.store.lock:
            return [r for r in self.store.requests if method is None or r.method == method]
