"""The registry of email kinds: every transactional email names one.

Each app declares its kinds in an ``email_kinds.py`` module, imported by
``OutboxConfig.ready()`` (``autodiscover_modules``), so the engine never imports the apps
above it and a worker knows every kind before it sends anything. A kind either stores its
content on the row when the email is asked for (``render=None``), or renders a whole chunk
of rows at send time (``render(rows) -> {pk: Rendered | None}``), which is how the release
notice renders the week's shared content once per chunk instead of once per student.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.outbox.models import OutboxEmail


@dataclass(frozen=True)
class Rendered:
    """What one message says. ``to`` defaults to the row's recipients."""

    subject: str
    text: str
    html: str
    to: list[str] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    attachments: list[tuple[str, str, str]] = field(default_factory=list)


Renderer = Callable[[list["OutboxEmail"]], dict[int, "Rendered | None"]]


@dataclass(frozen=True)
class EmailKind:
    name: str
    description: str
    render: Renderer | None = None  # None: the content was stored on the row when enqueued


_KINDS: dict[str, EmailKind] = {}


class UnknownEmailKind(LookupError):
    pass


def email_kind_register(kind: EmailKind) -> EmailKind:
    """Register ``kind`` (idempotent for the same object; a second definition is an error)."""
    existing = _KINDS.get(kind.name)
    if existing is not None and existing != kind:
        raise ValueError(f"email kind {kind.name!r} is registered twice: rename one of them")
    _KINDS[kind.name] = kind
    return kind


def email_kind(name: str) -> EmailKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise UnknownEmailKind(
            f"unknown email kind {name!r}: register it in your app's email_kinds.py"
        ) from None


def email_kinds() -> dict[str, EmailKind]:
    return dict(_KINDS)
