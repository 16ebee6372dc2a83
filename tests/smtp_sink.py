"""A real SMTP server for tests (aiosmtpd on 127.0.0.1, a free port, its own thread).

The code under test talks to it through Django's SMTP backend, over a real socket, exactly as
it talks to a production relay. The sink records each message it accepted (a ``250`` to
DATA), and can be told to:

* ``delay``: wait that long before answering each DATA, so a sender is mid-chunk for a while;
* ``refuse``: answer RCPT for these addresses with ``refuse_reply`` (e.g. a ``550``), at most
  ``refuse_limit`` times per address when set (a server that recovers);
* ``before_accept``: call a function before accepting a message; if it returns False the
  message is not accepted (used to kill the sender while it waits for the server's answer).

    with smtp_sink(delay=0.1) as sink:
        settings.EMAIL_URL ... f"smtp://127.0.0.1:{sink.port}"
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def content_types(self) -> list[str]:
        return [part.get_content_type() for part in self.message.walk()]


@dataclass
class SmtpSink:
    port: int = 0
    delay: float = 0.0
    refuse: set[str] = field(default_factory=set)
    refuse_reply: str = "550 5.1.1 No such mailbox here"
    refuse_limit: int | None = None
    before_accept: Callable[[list[str]], bool] | None = None
    accepted: list[Received] = field(default_factory=list)
    refused: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def count(self) -> int:
        with self.lock:
            return len(self.accepted)

    def per_recipient(self) -> Counter:
        with self.lock:
            return Counter(address for item in self.accepted for address in item.recipients)

    # aiosmtpd handler hooks -------------------------------------------------------------------

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            refusing = address in self.refuse and (
                self.refuse_limit is None or self.refused[address] < self.refuse_limit
            )
            if refusing:
                self.refused[address] += 1
        if refusing:
            return self.refuse_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        recipients = list(envelope.rcpt_tos)
        if self.before_accept is not None and not self.before_accept(recipients):
            return "451 4.3.0 Not accepted"
        received = Received(
            sender=envelope.mail_from,
            recipients=recipients,
            message=message_from_bytes(envelope.content, policy=policy.default),
        )
        with self.lock:
            self.accepted.append(received)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def smtp_sink(**options) -> Iterator[SmtpSink]:
    sink = SmtpSink(port=_free_port(), **options)
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()
