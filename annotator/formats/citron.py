"""BBC Citron's data format: a folder of one JSON file per document, `{"text", "quotes"}`.

The shape, as Citron's docs/data_format.md describes it (github.com/bbc/citron)
and citron/data.py reads it: each file is one document,

    {"text": "...",
     "quotes": [{"cue": {"start": 364, "end": 368, "text": "said"},
                 "sources": [{"start": 350, "end": 363, "text": "Humpty Dumpty"}],
                 "contents": [{"start": 302, "end": 322, "text": "..."},
                              {"start": 369, "end": 423, "text": "..."}],
                 "id": "..."}]}

`start` and `end` are character indices into `text`, end exclusive (Citron
maps them through spaCy's `token.idx`, which counts Python string indices,
our code points). A quote's `cue` is required (Citron's parser reads it
unconditionally); `sources` and `contents` are lists; `id`, `confidence` and
`coreferences` are optional, as is a file's `coreference_groups`.

Written from the attributions (see `attributions`): one quote per content span
that has a cue, its `contents` the content's fragments, its `sources` every
linked source (a discontinuous source as its hull, counted), its `id` the
content span's id. A content without a cue is counted as dropped, and a quote
several coders made identically is written once. Every document gets a file,
quotes or none (`NAME.json`, from its id; a document without quotes is still
training data for Citron's classifiers). Citron reads every `.json` file
under the folder it is given (citron/utils.py `get_files`), our export marker
`export.json` included, which is no Citron document: the validator says so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument
from annotator.formats.attributing import check_piece, check_pieces, doc_ids, gather, hull, piece, roles
from annotator.formats.base import ExportContext, ReadContext, ValidationResult, WriteStats
from annotator.formats.jsonio import loads_strict, open_text
from annotator.formats.targets import MARKER, read_marker

NAME = "citron"
SUFFIX = ".json"
_UNSAFE = re.compile(r"[^\w.-]+")


def file_name(doc_id: str, used: set[str]) -> str:
    """A file name for a document, unique in the folder (case-insensitively) and never the marker's."""
    base = _UNSAFE.sub("_", doc_id).strip("._")[:80] or "doc"
    name, n = base, 1
    while f"{name}{SUFFIX}".lower() in used:
        n += 1
        name = f"{base}-{n}"
    used.add(f"{name}{SUFFIX}".lower())
    return f"{name}{SUFFIX}"


def write(records: Iterable[AnnotatedDocument], out: Path, ctx: ExportContext) -> WriteStats:
    """Write one Citron JSON file per document into the folder `out`."""
    parts = roles(ctx.schema, ctx.options)
    stats = WriteStats()
    out.mkdir()
    used = {MARKER.lower()}
    for doc_id, record in doc_ids(records):
        text = record.document.text
        quotes: list[dict[str, Any]] = []
        seen: set[Any] = set()
        for a in gather(record, parts, stats):
            if not a.cues:
                stats.drop(a.content.label, "a content without a cue: Citron's quotes need one")
                continue
            quote = {
                "cue": hull(text, a.cues[0], stats),
                "sources": [hull(text, s, stats) for s in a.sources],
                "contents": [piece(text, s, e) for s, e in a.content.pieces()],
                "id": a.content.id,
            }
            for extra in a.cues[1:]:
                stats.drop(
                    extra.label,
                    "one of several cues of a content: a Citron quote has one (the first is kept)",
                )
            key = json.dumps([quote["cue"], quote["sources"], quote["contents"]])
            if key in seen:
                stats.drop(a.content.label, "the same quote by another annotator (merged)")
                continue
            seen.add(key)
            quotes.append(quote)
            written = [a.cues[0].label, *(s.label for s in a.sources)] + [a.content.label] * len(
                quote["contents"]
            )
            stats.spans += len(written)
            stats.labels.update(written)
            stats.relations += 1 + len(a.sources)
        body = {"text": text, "quotes": quotes}
        (out / file_name(doc_id, used)).write_text(
            json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        stats.documents += 1
    return stats


def documents(path: Path) -> list[Path]:
    """The files Citron reads from `path`: the file itself, or every `.json` file under the folder."""
    if not path.is_dir():
        return [path]
    return sorted(p for p in path.rglob(f"*{SUFFIX}") if p.is_file())


def validate(path: Path, ctx: ReadContext, labels: tuple[str, ...] | None) -> ValidationResult:
    """Check every file Citron would read: its shape, and each span's offsets and text against the document."""
    result = ValidationResult(NAME)
    files = documents(path)
    if path.is_dir() and not files:
        result.add(str(path), f"a folder without {SUFFIX} files (Citron would read nothing from it)")
    for file in files:
        if file.name == MARKER and read_marker(file.parent) is not None:
            if not _is_document(file):
                # Said, not failed: the documents are right; the marker beside them is the exporter's.
                ctx.notes.append(
                    f"{file}: the annotator's export marker is no Citron document, and Citron reads every .json "
                    "file under the folder it is given: move it out before training Citron on this folder"
                )
            continue
        _validate_one(file, ctx, result)
    return result


def _is_document(path: Path) -> bool:
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(obj, dict) and isinstance(obj.get("text"), str) and isinstance(obj.get("quotes"), list)


def _validate_one(path: Path, ctx: ReadContext, result: ValidationResult) -> None:
    """Check one Citron document file."""
    where = str(path)
    try:
        with open_text(path, ctx) as fh:
            obj = loads_strict(fh.read(), where)
    except (OSError, UnicodeDecodeError) as exc:
        result.add(where, f"cannot be read ({exc})")
        return
    except ValidationError as exc:
        result.add(where, str(exc).removeprefix(f"{where}: "))
        return
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        result.add(where, "expected an object with a 'text'")
        return
    result.documents += 1
    text, quotes = obj["text"], obj.get("quotes", [])
    if not isinstance(quotes, list):
        result.add(where, "'quotes' must be a list")
        return
    for i, quote in enumerate(quotes, 1):
        w = f"{where}: quote {i}"
        if not isinstance(quote, dict):
            result.add(w, "expected an object with cue, sources, contents")
            continue
        if quote.get("cue") is None:
            result.add(w, "has no cue (Citron's parser needs one)")
        else:
            result.spans += 1
            check_piece(result, f"{w}, cue", text, quote["cue"])
        for key in ("sources", "contents"):
            items = quote.get(key)
            if not isinstance(items, list) or (key == "contents" and not items):
                result.add(w, f"'{key}' must be a {'non-empty ' if key == 'contents' else ''}list of spans")
                continue
            result.spans += len(items)
            if key == "contents":
                check_pieces(result, f"{w}, content", text, items)
            else:
                for j, item in enumerate(items, 1):
                    check_piece(result, f"{w}, source {j}", text, item)
