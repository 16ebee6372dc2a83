"""What the Slack double remembers: users, channels, members, faults, and every request."""

from __future__ import annotations

import itertools
import re
import threading
from dataclasses import dataclass, field

# Slack's rule for channel names: lowercase letters, digits, hyphens and underscores, <= 80.
CHANNEL_NAME = re.compile(r"^[a-z0-9_-][a-z0-9_\-]{0,79}$")


@dataclass
class Channel:
    id: str
    name: str
    is_private: bool
    creator: str
    members: list[str] = field(default_factory=list)
    is_archived: bool = False

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "is_channel": not self.is_private,
            "is_group": False,
            "is_private": self.is_private,
            "is_archived": self.is_archived,
            "is_member": self.creator in self.members,
            "creator": self.creator,
            "num_members": len(self.members),
        }


@dataclass
class Fault:
    """An answer forced on the next ``times`` calls of ``method`` (``*``: any method)."""

    method: str
    status: int
    times: int
    retry_after: int | None = None


@dataclass
class RecordedRequest:
    method: str
    params: dict[str, str]
    status: int
    ok: bool | None
    error: str | None


class Store:
    """All state, behind one lock (the HTTP server answers on many threads)."""

    def __init__(self, *, token: str, bot_user_id: str = "UBOT0001") -> None:
        self.token = token
        self.bot_user_id = bot_user_id
        self.lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self._ids = itertools.count(1)
            self.users: dict[str, str] = {}  # id -> email
            self.channels: dict[str, Channel] = {}
            self.faults: list[Fault] = []
            self.down = False
            self.requests: list[RecordedRequest] = []

    def next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):08d}"

    def user_add(self, email: str) -> str:
        with self.lock:
            user_id = self.next_id("U")
            self.users[user_id] = email.lower()
            return user_id

    def fault_take(self, method: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.method in (method, "*") and fault.times > 0:
                    fault.times -= 1
                    return fault
            return None

    def channel_by_name(self, name: str) -> Channel | None:
        return next((c for c in self.channels.values() if c.name == name), None)
