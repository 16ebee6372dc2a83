"""Decode Stripe's form encoding (``application/x-www-form-urlencoded`` with bracket notation).

The SDK encodes nested params as ``line_items[0][price_data][product_data][name]=...``,
``metadata[order_id]=...`` and arrays as ``expand[0]=...`` (``stripe/_encode.py``); curl users
write ``expand[]=...``. :func:`decode` turns either into nested dicts and lists, and
:class:`Params` reads typed values out of them with Stripe's error messages.
See https://docs.stripe.com/api/expanding_objects and https://docs.stripe.com/api/metadata.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import parse_qsl

from .errors import ApiError, invalid, missing, unknown

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_PART = re.compile(r"\[([^\[\]]*)\]")
_APPEND = object()  # marks a "[]" segment


def decode(text: str) -> dict[str, Any]:
    """Parse a form-encoded body or query string into nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(text, keep_blank_values=True, strict_parsing=False):
        match = _KEY.match(key)
        if not match:
            raise ApiError(f"Invalid parameter name: {key}", param=key)
        parts: list[Any] = [match.group(1)]
        parts += [p if p != "" else _APPEND for p in _PART.findall(match.group(2))]
        _assign(root, parts, value, key)
    return _listify(root, "")


def _assign(node: dict[str, Any], parts: list[Any], value: str, key: str) -> None:
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        if part is _APPEND:
            if not last:
                raise ApiError(
                    f"Invalid parameter name: {key} ('[]' is only supported as the last segment; "
                    "use indexed arrays like line_items[0][price]).",
                    param=key,
                )
            part = str(sum(1 for k in node if k.isdigit()))
        if last:
            if isinstance(node.get(part), dict):
                raise ApiError(f"Invalid parameter: {key} is both a value and a hash.", param=key)
            node[part] = value
            return
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            if child == "":
                # ``metadata=`` (unset all) followed by ``metadata[k]=v``: the keys win.
                child = node[part] = {}
            else:
                raise ApiError(f"Invalid parameter: {key} is both a value and a hash.", param=key)
        node = child


def _listify(node: Any, name: str) -> Any:
    """Dicts whose keys are all integers become lists; indices must be 0..n-1."""
    if not isinstance(node, dict):
        return node
    if node and all(k.isdigit() for k in node):
        indices = sorted(int(k) for k in node)
        if indices != list(range(len(indices))):
            raise ApiError(
                f"Invalid array: {name} must be indexed from 0 without gaps.", param=name
            )
        return [_listify(node[str(i)], f"{name}[{i}]") for i in indices]
    return {k: _listify(v, f"{name}[{k}]" if name else k) for k, v in node.items()}


class Params:
    """Typed, Stripe-worded access to one level of decoded params.

    ``name`` is the param path used in error messages (``line_items[0]``). ``allow`` lists the
    keys this level models; anything else is refused as ``parameter_unknown``.
    """

    def __init__(self, data: Any, name: str = "", allow: set[str] | None = None) -> None:
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise invalid(name, f"Invalid object: {name} must be a hash.")
        self.data = data
        self.name = name
        if allow is not None:
            for key in data:
                if key not in allow and key != "expand":
                    raise unknown(self.path(key))

    def path(self, key: str) -> str:
        return f"{self.name}[{key}]" if self.name else key

    def __contains__(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str) -> Any:
        return self.data.get(key)

    def str(self, key: str, *, required: bool = False, choices: tuple[str, ...] = ()) -> str | None:
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                raise missing(self.path(key))
            return None
        if not isinstance(value, str):
            raise invalid(self.path(key), f"Invalid string: {self.path(key)} must be a string.")
        if choices and value not in choices:
            raise invalid(
                self.path(key),
                f"Invalid {self.path(key)}: must be one of {', '.join(choices)}",
            )
        return value

    def int(self, key: str, *, required: bool = False, minimum: int | None = None) -> int | None:
        value = self.str(key, required=required)
        if value is None:
            return None
        if not re.fullmatch(r"-?\d+", value):
            raise invalid(
                self.path(key), f"Invalid integer: {value}", code="parameter_invalid_integer"
            )
        number = int(value)
        if minimum is not None and number < minimum:
            raise invalid(
                self.path(key),
                f"This value must be greater than or equal to {minimum}.",
                code="parameter_invalid_integer",
            )
        return number

    def decimal(self, key: str) -> Decimal | None:
        value = self.str(key)
        if value is None:
            return None
        try:
            return Decimal(value)
        except InvalidOperation:
            raise invalid(self.path(key), f"Invalid decimal: {value}") from None

    def bool(self, key: str, *, default: bool | None = None) -> bool | None:
        value = self.str(key)
        if value is None:
            return default
        if value not in ("true", "false"):
            raise invalid(self.path(key), f"Invalid boolean: {value}")
        return value == "true"

    def sub(self, key: str, allow: set[str] | None = None) -> Params:
        return Params(self.data.get(key), self.path(key), allow)

    def list(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if value is None or value == "":
            return []
        if not isinstance(value, list):
            raise invalid(self.path(key), f"Invalid array: {self.path(key)} must be an array.")
        return value

    def metadata(self, key: str = "metadata") -> dict[str, str] | None:
        """Stripe's metadata rules: ≤50 keys, key ≤40 chars, value ≤500; "" unsets.

        Returns ``None`` when absent, ``{}`` for ``metadata=`` (unset all), else the
        key/value pairs, where an empty value means "unset this key".
        """
        value = self.data.get(key)
        if value is None:
            return None
        if value == "":
            return {}
        if not isinstance(value, dict):
            raise invalid(self.path(key), "Invalid object: metadata must be a hash.")
        if len(value) > 50:
            raise invalid(self.path(key), "Metadata can have a maximum of 50 keys.")
        for k, v in value.items():
            if not isinstance(v, str):
                raise invalid(self.path(key), f"Invalid metadata value for key {k}.")
            if len(k) > 40:
                raise invalid(
                    f"{self.path(key)}[{k}]", "Metadata keys can have a maximum length of 40."
                )
            if len(v) > 500:
                raise invalid(
                    f"{self.path(key)}[{k}]", "Metadata values can have a maximum length of 500."
                )
        return dict(value)


def metadata_apply(current: dict[str, str], update: dict[str, str] | None) -> dict[str, str]:
    """Merge a metadata update the way Stripe does (empty value unsets; ``{}`` clears)."""
    if update is None:
        return current
    if update == {}:
        return {}
    merged = dict(current)
    for k, v in update.items():
        if v == "":
            merged.pop(k, None)
        else:
            merged[k] = v
    return merged
