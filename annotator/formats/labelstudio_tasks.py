"""Label Studio task files as a stream of tasks: a JSON array (the full export), one task object, or JSONL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from annotator.core.errors import ValidationError
from annotator.formats.base import ReadContext
from annotator.formats.encodings import stream_error
from annotator.formats.jsonio import iter_json_array, loads_strict, open_text


def iter_tasks(path: Path, ctx: ReadContext | None = None) -> Iterator[tuple[str, Any]]:
    """(where, decoded task) for each task of a JSON array, a single task object, or JSONL.

    A bad JSONL line is yielded as its ValidationError; a broken array raises.
    """
    with open_text(path, ctx) as fh:
        try:
            yield from _tasks(fh, str(path))
        except UnicodeDecodeError:
            raise stream_error(path, fh) from None


def _tasks(fh: IO[str], name: str) -> Iterator[tuple[str, Any]]:
    head = fh.read(4096)
    first = head.lstrip()[:1]
    if not first:
        return
    rest = _Prefixed(head, fh)
    if first == "[":
        for index, line, item in iter_json_array(rest, name):
            yield f"{name}: task {index + 1} (line {line})", item
        return
    lines = enumerate(iter(rest.readline, ""), 1)
    number, first_line = 0, ""
    for number, raw in lines:  # noqa: B007 - number is the first non-blank line, used below
        if raw.strip():
            first_line = raw
            break
    try:
        json.loads(first_line)
    except json.JSONDecodeError:
        yield from _one_task(first_line, lines, name)
        return
    except (ValueError, RecursionError):
        pass  # a whole line with a number too long or nesting too deep: reported with its line below
    if first_line:
        where = f"{name}: line {number}"
        try:
            yield where, loads_strict(first_line, where)
        except ValidationError as exc:
            yield where, exc
    for n, raw in lines:
        if raw.strip():
            where = f"{name}: line {n}"
            try:
                yield where, loads_strict(raw, where)
            except ValidationError as exc:
                # One bad JSONL line does not stop the others (--skip-invalid, validate).
                yield where, exc


def _one_task(first_line: str, lines: Iterator[tuple[int, str]], name: str) -> Iterator[tuple[str, Any]]:
    """One task object pretty-printed over several lines."""
    whole = first_line + "".join(raw for _, raw in lines)
    yield f"{name}: task 1", loads_strict(whole, f"{name}: task 1")


class _Prefixed:
    """A text stream that first replays an already-read prefix."""

    def __init__(self, prefix: str, fh: IO[str]) -> None:
        self._prefix = prefix
        self._fh = fh

    def read(self, n: int = -1) -> str:
        if self._prefix:
            out, self._prefix = self._prefix, ""
            return out
        return self._fh.read(n)

    def readline(self) -> str:
        if self._prefix:
            line, sep, rest = self._prefix.partition("\n")
            if sep:
                self._prefix = rest
                return line + sep
            self._prefix = ""
            return line + self._fh.readline()
        return self._fh.readline()
