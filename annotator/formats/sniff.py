"""Guessing a JSON file's format from its first record, for the registry's detection."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.core.errors import ValidationError
from annotator.formats import encodings, jsonio
from annotator.formats.inputs import open_input

_SNIFF = 1 << 16
_SNIFF_MAX = 1 << 26


def first_json(path: Path) -> tuple[Any, str | None]:
    """The first JSON value of a file (its first non-blank line, or the first item of an array).

    Returns (value, None), or (None, why) when that record is complete but not valid JSON
    (why names the file, the line and the fault: bad JSON, a number too long, nesting too
    deep), or (None, None) when there is no record or it does not fit in the part read. The
    bytes are decoded by their byte-order mark (UTF-16/32 too) so an encoding is never
    mistaken for a format; the reader then states or refuses the encoding.
    """
    with open_input(path) as fh:
        try:
            raw = fh.read(_SNIFF)
            # Read on until the first line is whole: one JSONL article can be longer than a sniff.
            while len(raw) < _SNIFF_MAX and b"\n" not in raw.lstrip() and not raw.lstrip().startswith(b"["):
                more = fh.read(len(raw) or _SNIFF)
                if not more:
                    break
                raw += more
            whole = not fh.read(1)
        except OSError as exc:
            raise ValidationError(f"{path}: cannot be read ({exc.strerror})") from None
    head = encodings.sniff_text(raw)
    stripped = head.lstrip()
    if stripped.startswith("["):
        body = stripped[1:].lstrip()
        where = f"{path}: line {head[: len(head) - len(body)].count(chr(10)) + 1}"
        try:
            return json.JSONDecoder().raw_decode(body)[0], None
        except json.JSONDecodeError:
            return None, None  # cut off by the part read, or bad JSON: the reader says which line
        except (ValueError, RecursionError) as exc:
            return None, jsonio.problem(exc, body, where)
    lines = head.split("\n")
    number = next((i for i, line in enumerate(lines) if line.strip()), None)
    if number is None:
        return None, None
    line = lines[number].strip()
    where = f"{path}: line {number + 1}"
    try:
        return json.loads(line), None
    except json.JSONDecodeError:
        pass
    except (ValueError, RecursionError) as exc:  # a number too long, nesting too deep
        return None, jsonio.problem(exc, line, where)
    try:
        # One object pretty-printed over several lines (a single Label Studio task).
        return json.JSONDecoder().raw_decode(stripped)[0], None
    except json.JSONDecodeError as exc:
        spread = exc
    except (ValueError, RecursionError) as exc:
        return None, jsonio.problem(exc, stripped, where)
    if not whole and (number == len(lines) - 1 or not line.endswith(("}", "]"))):
        return None, None  # cut off by the part read: not a fault of the file
    if line.startswith("{") and not line.endswith("}"):
        reason = spread.msg.removesuffix(" at")
        return (
            None,
            f"{path}: line {number + spread.lineno}: not valid JSON ({reason} at column {spread.colno})",
        )
    try:
        jsonio.loads_strict(line, where)
    except ValidationError as exc:
        return None, str(exc)
    return None, None


def sniff_json(obj: Any) -> tuple[str, str] | None:
    """(format, reason) judged from one decoded record, or None."""
    if not isinstance(obj, dict):
        return None
    if isinstance(obj.get("data"), dict):
        return "labelstudio", "it has a 'data' object (a Label Studio task)"
    if "tokens" in obj and "ner_tags" in obj:
        return "hf", "it has 'tokens' and 'ner_tags'"
    if "text_sha256" in obj or "status" in obj:
        return "jsonl", "it has text_sha256/status (annotator native JSONL)"
    if "answer" in obj or "_input_hash" in obj or "_task_hash" in obj or "_view_id" in obj:
        return "prodigy", "it has Prodigy's answer/_input_hash keys"
    if isinstance(obj.get("entities"), list) or (
        isinstance(obj.get("label"), list) and all(isinstance(x, list) for x in obj["label"])
    ):
        return "doccano", "it has doccano's 'label' list of [start, end, label] (or 'entities')"
    spans = obj.get("spans")
    if isinstance(spans, list) and spans and isinstance(spans[0], dict):
        if "token_start" in spans[0] or "tokens" in obj:
            return "prodigy", "its spans carry token_start/token_end"
        return "jsonl", "it has 'spans' with start/end/label (annotator native JSONL)"
    if isinstance(obj.get("text"), str):
        return "jsonl", "it has a 'text' and no other tool's keys (annotator native JSONL)"
    return None
