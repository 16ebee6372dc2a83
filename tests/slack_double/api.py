"""The Web API methods the double answers, each ``(store, params) -> dict``.

Slack answers almost every error as HTTP 200 with ``{"ok": false, "error": "<code>"}``; the
codes below are the ones https://api.slack.com/methods documents for each method.
"""

from __future__ import annotations

from collections.abc import Callable

from .state import CHANNEL_NAME, Channel, Store


class SlackError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _channel(store: Store, params: dict) -> Channel:
    channel = store.channels.get(params.get("channel", ""))
    if channel is None:
        raise SlackError("channel_not_found")
    return channel


def _truthy(value: str | None) -> bool:
    return str(value).lower() in ("1", "true")


def auth_test(store: Store, params: dict) -> dict:
    return {"url": "https://double.slack.test/", "team": "Double", "user_id": store.bot_user_id}


def users_lookup_by_email(store: Store, params: dict) -> dict:
    email = (params.get("email") or "").lower()
    for user_id, known in store.users.items():
        if known == email:
            return {"user": {"id": user_id, "profile": {"email": known}}}
    raise SlackError("users_not_found")


def conversations_create(store: Store, params: dict) -> dict:
    name = params.get("name") or ""
    if not CHANNEL_NAME.match(name):
        raise SlackError("invalid_name_specials" if name else "invalid_name_required")
    if store.channel_by_name(name) is not None:
        raise SlackError("name_taken")
    channel = Channel(
        id=store.next_id("C"),
        name=name,
        is_private=_truthy(params.get("is_private")),
        creator=store.bot_user_id,
        members=[store.bot_user_id],
    )
    store.channels[channel.id] = channel
    return {"channel": channel.as_json()}


def conversations_info(store: Store, params: dict) -> dict:
    return {"channel": _channel(store, params).as_json()}


def conversations_list(store: Store, params: dict) -> dict:
    types = set((params.get("types") or "public_channel").split(","))
    exclude_archived = _truthy(params.get("exclude_archived"))
    limit = int(params.get("limit") or 100)
    start = int(params.get("cursor") or 0)
    matching = [
        c
        for c in store.channels.values()
        if ("private_channel" if c.is_private else "public_channel") in types
        # A private channel is listed only to its members, as in Slack.
        and (not c.is_private or store.bot_user_id in c.members)
        and not (exclude_archived and c.is_archived)
    ]
    page = matching[start : start + limit]
    cursor = str(start + limit) if start + limit < len(matching) else ""
    return {
        "channels": [c.as_json() for c in page],
        "response_metadata": {"next_cursor": cursor},
    }


def conversations_members(store: Store, params: dict) -> dict:
    return {"members": list(_channel(store, params).members), "response_metadata": {}}


def conversations_invite(store: Store, params: dict) -> dict:
    channel = _channel(store, params)
    if channel.is_archived:
        raise SlackError("is_archived")
    users = [u for u in (params.get("users") or "").split(",") if u]
    if not users:
        raise SlackError("no_user")
    for user_id in users:
        if user_id not in store.users:
            raise SlackError("user_not_found")
    if all(user_id in channel.members for user_id in users):
        raise SlackError("already_in_channel")
    for user_id in users:
        if user_id not in channel.members:
            channel.members.append(user_id)
    return {"channel": channel.as_json()}


def conversations_kick(store: Store, params: dict) -> dict:
    channel = _channel(store, params)
    user_id = params.get("user") or ""
    if user_id == store.bot_user_id:
        raise SlackError("cant_kick_self")
    if user_id not in store.users:
        raise SlackError("user_not_found")
    if channel.is_archived:
        raise SlackError("is_archived")
    if user_id not in channel.members:
        raise SlackError("not_in_channel")
    channel.members.remove(user_id)
    return {}


def conversations_archive(store: Store, params: dict) -> dict:
    channel = _channel(store, params)
    if channel.is_archived:
        raise SlackError("already_archived")
    channel.is_archived = True
    return {}


METHODS: dict[str, Callable[[Store, dict], dict]] = {
    "auth.test": auth_test,
    "users.lookupByEmail": users_lookup_by_email,
    "conversations.create": conversations_create,
    "conversations.info": conversations_info,
    "conversations.list": conversations_list,
    "conversations.members": conversations_members,
    "conversations.invite": conversations_invite,
    "conversations.kick": conversations_kick,
    "conversations.archive": conversations_archive,
}
