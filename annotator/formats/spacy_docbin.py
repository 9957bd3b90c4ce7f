"""spaCy DocBin (`.spacy`): every span in `doc.spans["sc"]`, the non-overlapping ones also in `doc.ents`.

spaCy is an optional dependency (`pip install 'annotator[spacy]'`) imported
only here. The Doc's tokens are spaCy's own (`spacy.blank(lang)`, the `lang`
option, "en" by default) cut at span boundaries, with the white space between
them kept as spaCy keeps it, so `doc.text` is the stored text exactly,
`doc.char_span(start, end)` finds every span, and `spacy debug data` finds no
misaligned tokens except where a span edge cut one.

A DocBin is one msgpack blob held in memory until it is written, and msgpack
refuses a blob over 4 GiB, so a large export is written in shards: up to
`shard_docs` documents (default 5,000) give one `OUT.spacy` file as before;
more give a folder `OUT.spacy/` of `part-00001.spacy`, `part-00002.spacy`, ...,
which spaCy's corpus readers (`--paths.train`, `--paths.dev`) take as they are.
Memory then holds one shard at a time.

What else each Doc carries (`spacy_extras`): the codebook's choice, multi and
bool document variables in `doc.cats`; a discontinuous span as one span per
fragment in `doc.spans["sc"]` (never in `doc.ents`); and in `doc.user_data`
the span attributes, the fragments' link, the relations and every document
value, under the keys listed there.
"""

from __future__ import annotations

import zlib
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument
from annotator.formats.base import (
    ExportContext,
    Options,
    ReadContext,
    ValidationResult,
    WriteStats,
    opt_str,
)
from annotator.formats.checks import non_overlapping, unique_spans
from annotator.formats.export_tokens import ExportTokenizer
from annotator.formats.output import shard_name
from annotator.formats.spacy_bin import joined, registries_once
from annotator.formats.spacy_build import DocPlan, TokenRange, record_saved
from annotator.formats.spacy_check import check_doc
from annotator.formats.spacy_extras import add_extras, cats_variables
from annotator.formats.spacy_worker import ShardSink

NAME = "spacy"
SUFFIX = ".spacy"
SHARD_DOCS = 5000
"""Documents per DocBin: about 200 MB more memory at ~3,000 characters a document, far below msgpack's limit."""


def _spacy() -> Any:
    try:
        import spacy
    except ImportError:
        raise ValidationError(
            "the spacy format needs spaCy; install it with: pip install 'annotator[spacy]'"
        ) from None
    return spacy


def shard_docs(options: Options) -> int:
    """The shard_docs option: documents per DocBin file (a whole number, at least 1)."""
    value = options.get("shard_docs")
    if value is None or value == "":
        return SHARD_DOCS
    try:
        n = int(str(value).replace("_", "").replace(",", ""))
    except ValueError:
        n = 0
    if n < 1:
        raise ValidationError(
            f"option shard_docs: expected a whole number of documents (1 or more), got {value!r}"
        )
    return n


def write(records: Iterable[AnnotatedDocument], out: Path, ctx: ExportContext) -> WriteStats:
    """Write a .spacy DocBin, or a folder of DocBin shards when there are more than shard_docs documents.

    Each Doc is checked as it is added (`stats.checked`), and each shard's
    size and CRC-32 recorded for the self-check to re-read.
    """
    _spacy()
    with registries_once():
        return _write(records, out, ctx)


def _write(records: Iterable[AnnotatedDocument], out: Path, ctx: ExportContext) -> WriteStats:
    """`write`, within `registries_once`."""
    key = opt_str(ctx.options, "spans_key", "sc")
    tokenizer = ExportTokenizer(ctx.options)
    limit = shard_docs(ctx.options)
    in_cats = cats_variables(ctx.schema, ctx.options)
    stats = WriteStats()
    result = ValidationResult(NAME)
    sink = ShardSink(key)
    try:
        written = in_shard = 0
        for record in records:
            if in_shard == limit:
                # The shard is full and another document follows: from here on, a folder.
                if written == 0:
                    out.mkdir()
                written += 1
                sink.save(out / shard_name(written, SUFFIX))
                in_shard = 0
            sink.add(_plan(record, key, stats, tokenizer, ctx, in_cats))
            in_shard += 1
        sink.save(out if written == 0 else out / shard_name(written + 1, SUFFIX))
        for saved in sink.finish():
            record_saved(saved, stats, result)
    finally:
        sink.close()
    stats.checked = result
    return stats


def _plan(
    record: AnnotatedDocument,
    key: str,
    stats: WriteStats,
    tokenizer: ExportTokenizer,
    ctx: ExportContext,
    in_cats: frozenset[str] | None,
) -> DocPlan:
    """One record as the plan of its Doc: tokens, span group and entities as token ranges, extras; counted in stats."""
    text = record.document.text
    spans = unique_spans(record.spans, stats)
    words, starts, ends, spaces = tokenizer.columns(text, spans, stats)
    if joined(words, spaces) != text:  # pragma: no cover - a tokenizer bug, caught before anything is written
        raise ValidationError(f"document {record.document.id}: spaCy tokens do not rebuild the text")
    group: list[TokenRange] = []
    written = 0
    for s in spans:
        found = [token_range(starts, ends, a, b) for a, b in s.pieces()]
        if None in found:  # pragma: no cover - tokens are cut at every boundary
            stats.drop(s.label, "not aligned with spaCy tokens")
            continue
        group += [(r[0], r[1], s.label) for r in found if r is not None]
        written += 1
        stats.labels[s.label] += 1
    for s in spans:
        if s.fragments:
            stats.drop(
                s.label,
                "a discontinuous span is no entity: left out of doc.ents "
                f"(its fragments are in doc.spans[{key!r}])",
            )
    ents = non_overlapping(
        [s for s in spans if not s.fragments],
        WriteStats(),
        "doc.ents cannot hold overlapping spans (they are in doc.spans)",
    )
    found_ents = ((token_range(starts, ends, s.start, s.end), s.label) for s in ents)
    in_ents = {s.id for s in ents}
    for s in spans:
        if s.id not in in_ents and not s.fragments:
            stats.drop(s.label, f"left out of doc.ents as it overlaps another (kept in doc.spans[{key!r}])")
    extras = _Extras({"id": record.document.external_id or str(record.document.id)})
    extras.user_data["title"] = record.document.title
    add_extras(extras, record, ctx.schema, in_cats, stats)
    stats.spans += written
    stats.documents += 1
    return DocPlan(
        text,
        words,
        spaces,
        group,
        [(r[0], r[1], label) for r, label in found_ents if r is not None],
        extras.user_data,
        extras.cats,
    )


class _Extras:
    """What `add_extras` sets on a Doc (`user_data` and `cats`), before there is a Doc."""

    def __init__(self, user_data: dict[Any, Any]) -> None:
        self.user_data = user_data
        self.cats: dict[str, float] = {}


def token_range(starts: list[int], ends: list[int], start: int, end: int) -> tuple[int, int] | None:
    """`doc.char_span(start, end)` as token indices (first, after the last), or None when the edges are not token edges."""
    first = bisect_left(starts, start)
    last = bisect_left(ends, end)
    if (
        first < len(starts)
        and last < len(ends)
        and starts[first] == start
        and ends[last] == end
        and first <= last
    ):
        return first, last + 1
    return None


def is_earlier_file(path: Path) -> bool:
    """True when `path` is a single-file export of ours: a `.spacy` file holding a DocBin.

    A DocBin is zlib-compressed msgpack whose map starts with the key "version";
    only such a file may be replaced by a folder of shards when the export grows.
    """
    if path.suffix.lower() != SUFFIX or path.is_symlink() or not path.is_file():
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
        raw = zlib.decompressobj().decompress(head, 64)
    except (OSError, zlib.error):
        return False
    start = 1 if raw[:1] and 0x80 <= raw[0] <= 0x8F else 3 if raw[:1] == b"\xde" else None
    return start is not None and raw[start:].startswith(b"\xa7version")


def shards(path: Path) -> list[Path]:
    """The DocBin files of an export: the file itself, or the .spacy files in a folder (as spaCy walks it)."""
    if not path.is_dir():
        return [path]
    # Like spaCy's walk_corpus: recursive, names starting with "." skipped, sorted.
    return sorted(
        p
        for p in path.rglob(f"*{SUFFIX}")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )


def validate(path: Path, ctx: ReadContext, labels: tuple[str, ...] | None) -> ValidationResult:
    """Load each DocBin (one file, or every shard of a folder) with a blank vocabulary and check its spans."""
    _spacy()
    key = opt_str(ctx.options, "spans_key", "sc")
    result = ValidationResult(NAME)
    files = shards(path)
    if not files:
        result.add(str(path), f"a folder without {SUFFIX} files (spaCy would read nothing from it)")
    with registries_once():
        for file in files:
            _validate_one(file, key, labels, result)
    return result


def _validate_one(path: Path, key: str, labels: tuple[str, ...] | None, result: ValidationResult) -> None:
    """Check one DocBin file, naming it in every problem."""
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    try:
        docs: Iterator[Any] = DocBin().from_disk(path).get_docs(Vocab())
    except Exception as exc:  # spaCy raises many types for a damaged file
        result.add(str(path), f"not a readable spaCy DocBin ({type(exc).__name__})")
        return
    n = 0
    while True:
        try:
            doc = next(docs, None)
        except Exception as exc:  # a damaged document inside a readable file
            result.add(f"{path}: doc {n + 1}", f"not a readable spaCy Doc ({type(exc).__name__})")
            return
        if doc is None:
            return
        n += 1
        check_doc(doc, f"{path}: doc {n}", key, labels, result)
