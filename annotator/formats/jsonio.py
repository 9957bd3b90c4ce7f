"""Strict JSON line reading shared by the JSON-based formats."""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol, TextIO

from annotator.core.errors import ValidationError
from annotator.formats import encodings
from annotator.formats.base import ReadContext

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_DIGITS = re.compile("[0-9]+")


class TextReader(Protocol):
    """Anything with a text `read(n)`."""

    def read(self, n: int = -1, /) -> str: ...


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _finite_float(raw: str) -> float:
    value = float(raw)
    if not math.isfinite(value):  # 1e400 parses as infinity, which no JSON writer can write back
        raise ValueError(f"the number {raw[:20]} is too large")
    return value


def decoder() -> json.JSONDecoder:
    """The strict decoder: NaN, Infinity and numbers too large for a float refused."""
    return json.JSONDecoder(parse_constant=_reject_constant, parse_float=_finite_float)


_STRICT = decoder()


def problem(exc: Exception, raw: str, where: str) -> str:
    """The message for an error met while parsing `raw`: bad JSON, a number too long, nesting too deep."""
    if isinstance(exc, json.JSONDecodeError):
        # Some messages end in " at" (e.g. "Invalid control character at"): the column follows.
        reason = exc.msg.removesuffix(" at")
        return f"{where}: not valid JSON ({reason} at column {exc.colno})"
    if isinstance(exc, RecursionError):
        return f"{where}: JSON nested too deeply"
    limit = sys.get_int_max_str_digits()
    if limit and "integer string conversion" in str(exc):
        # Python refuses to read whole numbers of more than `limit` digits (a guard against slow parsing).
        digits = next((len(m.group()) for m in _DIGITS.finditer(raw) if len(m.group()) > limit), limit + 1)
        return f"{where}: a number is too long ({digits} digits; at most {limit} are read)"
    return f"{where}: not valid JSON ({exc})"


def loads_strict(raw: str, where: str) -> Any:
    """Parse JSON, refusing NaN/Infinity, lone surrogates, too-long numbers and too-deep nesting, clearly."""
    try:
        value = _STRICT.decode(raw)
    except (ValueError, RecursionError) as exc:
        raise ValidationError(problem(exc, raw, where)) from None
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


def iter_json_array(fh: TextReader, name: str, chunk: int = 1 << 20) -> Iterator[tuple[int, int, Any]]:
    """Yield (index, line number, item) for each item of a JSON array, reading the stream piece by piece."""
    strict = decoder()
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
                item, end = strict.raw_decode(buf, pos)
                break
            except json.JSONDecodeError as exc:
                if not more():
                    reason = exc.msg.removesuffix(" at")
                    raise ValidationError(f"{name}: line {line}: not valid JSON ({reason})") from None
            except (ValueError, RecursionError) as exc:  # NaN/Infinity, a number too long, too deep
                raise ValidationError(problem(exc, buf[pos:], f"{name}: line {line}")) from None
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
