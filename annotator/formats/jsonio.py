"""Strict JSON line reading shared by the JSON-based formats."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from annotator.core.errors import ValidationError

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def loads_strict(raw: str, where: str) -> Any:
    """Parse JSON, refusing NaN/Infinity, lone surrogates, and too-deep nesting, with a clear error."""
    try:
        value = json.loads(raw, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise ValidationError(f"{where}: JSON nested too deeply") from None
    except ValueError as exc:
        raise ValidationError(f"{where}: not valid JSON ({exc})") from None
    _check_strings(value, where, 0)
    return value


def _check_strings(value: Any, where: str, depth: int) -> None:
    if depth > 200:
        raise ValidationError(f"{where}: JSON nested too deeply")
    if isinstance(value, str):
        if _LONE_SURROGATE.search(value):
            raise ValidationError(f"{where}: text holds a lone surrogate escape (invalid Unicode)")
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_strings(k, where, depth + 1)
            _check_strings(v, where, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _check_strings(v, where, depth + 1)


def iter_json_lines(fh: IO[str], name: str) -> Iterator[tuple[int, Any]]:
    """Yield (line number, decoded object) for each non-blank line of a JSONL stream."""
    number = 0
    # Split on "\n" only: str.splitlines would also split inside text on U+2028 and others.
    for number, raw in enumerate(fh, 1):
        if raw.strip():
            yield number, loads_strict(raw, f"{name}: line {number}")


def open_text(path: Path) -> IO[str]:
    """Open a UTF-8 file (BOM tolerated) for reading, with a clear error."""
    try:
        return path.open("r", encoding="utf-8-sig", newline="\n", errors="strict")
    except OSError as exc:
        raise ValidationError(f"{path}: cannot be read ({exc.strerror})") from None


def get_int(obj: dict[str, Any], key: str, where: str) -> int:
    """A required whole number (booleans and floats refused)."""
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{where}: {key!r} must be a whole number, got {value!r}")
    return value


def get_str(obj: dict[str, Any], key: str, where: str, *, required: bool = False) -> str | None:
    """An optional (or required) string."""
    value = obj.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        kind = "missing" if key not in obj else f"not text ({type(value).__name__})"
        raise ValidationError(f"{where}: {key!r} is {kind}")
    return value


def get_dict(obj: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    """An optional object, {} when absent."""
    value = obj.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValidationError(f"{where}: {key!r} must be an object")
    return value


def get_list(obj: dict[str, Any], key: str, where: str) -> list[Any]:
    """An optional list, [] when absent."""
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError(f"{where}: {key!r} must be a list")
    return value
