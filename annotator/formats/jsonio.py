"""Strict JSON line reading shared by the JSON-based formats."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol, TextIO

from annotator.core.errors import ValidationError
from annotator.formats import encodings
from annotator.formats.base import ReadContext

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class TextReader(Protocol):
    """Anything with a text `read(n)`."""

    def read(self, n: int = -1, /) -> str: ...


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def loads_strict(raw: str, where: str) -> Any:
    """Parse JSON, refusing NaN/Infinity, lone surrogates, and too-deep nesting, with a clear error."""
    try:
        value = json.loads(raw, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        # Some messages end in " at" (e.g. "Invalid control character at"): the column follows.
        reason = exc.msg.removesuffix(" at")
        raise ValidationError(f"{where}: not valid JSON ({reason} at column {exc.colno})") from None
    except RecursionError:
        raise ValidationError(f"{where}: JSON nested too deeply") from None
    except ValueError as exc:
        raise ValidationError(f"{where}: not valid JSON ({exc})") from None
    # A lone surrogate can only come from a \uD800-\uDFFF escape: skip the walk when there is none.
    if "\\ud" in raw or "\\uD" in raw:
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


def nonblank_lines(path: Path, ctx: ReadContext) -> Iterator[tuple[int, str]]:
    """(line number, raw line) for each non-blank line of a JSONL file, with a clear decoding error."""
    with open_text(path, ctx) as fh:
        try:
            # Lines end at "\n" only: str.splitlines would also split inside text on U+2028 and others.
            for number, raw in enumerate(fh, 1):
                if raw.strip():
                    yield number, raw
        except UnicodeDecodeError:
            raise encodings.stream_error(path, fh) from None


def open_text(path: Path, ctx: ReadContext | None = None) -> TextIO:
    """Open a JSON file for reading: UTF-8 (BOM tolerated), or what --encoding or a UTF-16/32 BOM says."""
    return encodings.open_text(path, ctx, newline="\n")


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


def iter_json_array(fh: TextReader, name: str, chunk: int = 1 << 20) -> Iterator[tuple[int, int, Any]]:
    """Yield (index, line number, item) for each item of a JSON array, reading the stream piece by piece."""
    decoder = json.JSONDecoder(parse_constant=_reject_constant)
    buf = ""
    pos = 0
    line = 1
    eof = False

    def more() -> bool:
        nonlocal buf, pos, eof
        if eof:
            return False
        data = fh.read(chunk)
        if not data:
            eof = True
            return False
        buf = buf[pos:] + data
        pos = 0
        return True

    def skip_ws() -> str:
        nonlocal pos, line
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n":
                if buf[pos] == "\n":
                    line += 1
                pos += 1
            if pos < len(buf):
                return buf[pos]
            if not more():
                return ""

    if skip_ws() != "[":
        raise ValidationError(f"{name}: line {line}: expected a JSON array of tasks ('[')")
    pos += 1
    index = 0
    while True:
        ch = skip_ws()
        if ch == "]" and index == 0:
            return
        if ch == "":
            raise ValidationError(f"{name}: line {line}: the JSON array is not closed (file cut short?)")
        while True:
            try:
                item, end = decoder.raw_decode(buf, pos)
                break
            except json.JSONDecodeError as exc:
                if not more():
                    reason = exc.msg.removesuffix(" at")
                    raise ValidationError(f"{name}: line {line}: not valid JSON ({reason})") from None
            except RecursionError:
                raise ValidationError(f"{name}: line {line}: JSON nested too deeply") from None
            except ValueError as exc:  # NaN/Infinity, refused by the decoder's parse_constant
                raise ValidationError(f"{name}: line {line}: not valid JSON ({exc})") from None
        where = f"{name}: line {line}"
        raw = buf[pos:end]
        if "\\ud" in raw or "\\uD" in raw:
            _check_strings(item, where, 0)
        yield index, line, item
        line += buf.count("\n", pos, end)
        pos = end
        index += 1
        ch = skip_ws()
        if ch == ",":
            pos += 1
        elif ch == "]":
            return
        else:
            raise ValidationError(f"{name}: line {line}: expected ',' or ']' after item {index}")
