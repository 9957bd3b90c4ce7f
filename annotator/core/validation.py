"""Rules every stored value obeys, so SQLite and PostgreSQL accept exactly the same data.

Names (labels, annotators) have limits and no control characters; no string
anywhere (texts, titles, metadata, notes, attributes) holds a lone surrogate,
which no encoding can write.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from annotator.core.errors import ValidationError

LABEL_NAME_MAX = 64
ANNOTATOR_NAME_MAX = 200
ID_MAX = 32

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_LABEL_NAME = re.compile(r"[^\s\x00-\x1f\x7f]+")
_STORABLE_ID = re.compile(r"[\x21-\x7e]{1,32}")  # ID_MAX


def has_lone_surrogate(value: str) -> bool:
    """True when the string holds a code point no UTF encoding can write."""
    return not value.isascii() and _LONE_SURROGATE.search(value) is not None


def check_text(value: str, where: str) -> None:
    """Refuse a string with a lone surrogate, naming where it is."""
    if has_lone_surrogate(value):
        match = _LONE_SURROGATE.search(value)
        assert match is not None
        raise ValidationError(
            f"{where}: holds a lone surrogate (U+{ord(match.group()):04X} at position {match.start()}), "
            "which is not valid Unicode"
        )


def check_json(value: Any, where: str, depth: int = 0) -> None:
    """Refuse lone surrogates in every key and string of a JSON-like value."""
    if depth > 100:
        raise ValidationError(f"{where}: nested too deeply")
    if isinstance(value, str):
        check_text(value, where)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValidationError(f"{where}: key {key!r} is not text")
            check_text(key, f"{where}, key {key[:40]!r}")
            check_json(item, f"{where}.{key[:40]}", depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            check_json(item, where, depth + 1)


def check_label_name(name: Any, where: str) -> str:
    """A label name: 1 to 64 characters, no white space or control characters."""
    if not isinstance(name, str) or not name:
        raise ValidationError(f"{where}: a label name must be non-empty text")
    check_text(name, where)
    if len(name) > LABEL_NAME_MAX:
        raise ValidationError(
            f"{where}: label name {name[:20]!r}... is {len(name)} characters long (at most {LABEL_NAME_MAX})"
        )
    if not _LABEL_NAME.fullmatch(name):
        raise ValidationError(
            f"{where}: label name {name!r} must not contain spaces, tabs, line breaks or control characters"
        )
    return name


def check_annotator_name(name: Any, where: str) -> str:
    """An annotator name: 1 to 200 characters, no control characters, no surrounding spaces."""
    if not isinstance(name, str) or not name.strip():
        raise ValidationError(f"{where}: an annotator name must be non-empty text")
    check_text(name, where)
    if len(name) > ANNOTATOR_NAME_MAX:
        raise ValidationError(
            f"{where}: annotator name {name[:20]!r}... is {len(name)} characters long "
            f"(at most {ANNOTATOR_NAME_MAX})"
        )
    if _CONTROL.search(name):
        raise ValidationError(f"{where}: annotator name {name!r} must not contain control characters")
    if name != name.strip():
        raise ValidationError(f"{where}: annotator name {name!r} must not start or end with spaces")
    return name


def storable_id(value: str) -> bool:
    """Whether a span or relation id from a file can be kept as it is (else a fresh one is made)."""
    return _STORABLE_ID.fullmatch(value) is not None
