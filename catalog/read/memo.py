"""Parsed YAML kept between builds, so that ``catalog build`` after an edit parses only the cards
that changed.

Parsing is most of the time it takes to check a card (YAML is read by a pure-Python
constructor, catalog/read/load.py). A :class:`Memo` maps the digest of a file's text to its
parsed data, written as JSON, and the build state (catalog/write/state.py, signed with this
user's key) keeps it. Everything else runs as it does without it: the file is read and decoded
(the document keeps its text, so errors are located as always), then validated and checked; only
the parse is looked up. Data JSON cannot hold as it is is not kept and is parsed again: a key
that is not text, a number that would come back as another type. So a looked-up document holds
exactly what parsing it would give.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from decimal import Decimal
from typing import Any

from catalog.read import load


class _NotPlain(Exception):
    """Data the memo's JSON would not give back as it is."""


class Memo:
    def __init__(self, known: dict[str, str] | None = None) -> None:
        self.known = known or {}  # digest of the text -> its data as JSON (from a saved state)
        self.used: dict[str, str] = {}  # what the last build parsed or looked up, to keep
        self.parsed = 0  # documents parsed (not found in the memo)

    def parse(self, text: str, display: str) -> Any:
        """:func:`load.parse` of a file's text (bounded, as every catalog file is read)."""
        key = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        stored = self.known.get(key) or self.used.get(key)
        if stored is not None:
            self.used[key] = stored
            return json.loads(stored, parse_float=Decimal)
        self.parsed += 1
        data = load.parse(text, display, bounded=True)  # raises CatalogError: nothing kept
        with contextlib.suppress(_NotPlain):  # parsed again next time
            self.used[key] = encode(data)
        return data


def encode(data: Any) -> str:
    """JSON that :func:`json.loads` with ``parse_float=Decimal`` gives back as ``data``: each
    Decimal written as it is (its exponent kept: 0.40 stays 0.40). Raises _NotPlain."""
    parts: list[str] = []
    _encode(data, parts)
    return "".join(parts)


def _encode(value: Any, out: list[str]) -> None:
    kind = type(value)
    if kind is str or kind is bool or value is None:
        out.append(json.dumps(value))
    elif kind is int:
        out.append(str(value))
    elif kind is Decimal:
        text = str(value)
        # Read back, a number without a dot or an exponent is an int, and a non-finite one is
        # not JSON.
        if not value.is_finite() or not any(c in text for c in ".eE"):
            raise _NotPlain
        out.append(text)
    elif kind is list:
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _encode(item, out)
        out.append("]")
    elif kind is dict:
        out.append("{")
        for index, (key, item) in enumerate(value.items()):
            if type(key) is not str:
                raise _NotPlain  # JSON would make it text
            out.append("," if index else "")
            out.append(json.dumps(key))
            out.append(":")
            _encode(item, out)
        out.append("}")
    else:
        raise _NotPlain
