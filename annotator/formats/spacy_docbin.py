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
from collections.abc import Iterable, Iterator, Mapping
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
from annotator.formats.checks import check_span, non_overlapping, unique_spans
from annotator.formats.export_tokens import ExportTokenizer
from annotator.formats.output import shard_name
from annotator.formats.spacy_bin import add_doc, doc_text, joined, registries_once
from annotator.formats.spacy_extras import RELATIONS, add_extras, cats_variables, fragment_groups

NAME = "spacy"
SUFFIX = ".spacy"
SHARD_DOCS = 5000
"""Documents per DocBin: about 200 MB more memory at ~3,000 characters a document, far below msgpack's limit."""
# Only what our Docs carry: the others (tags, lemmas, heads, ...) are all unset, and
# leaving them out makes each shard about four times smaller in memory.
ATTRS = ["ORTH", "ENT_IOB", "ENT_TYPE"]


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
    """Write a .spacy DocBin, or a folder of DocBin shards when there are more than shard_docs documents."""
    _spacy()
    with registries_once():
        return _write(records, out, ctx)


def _write(records: Iterable[AnnotatedDocument], out: Path, ctx: ExportContext) -> WriteStats:
    """`write`, within `registries_once`."""
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    key = opt_str(ctx.options, "spans_key", "sc")
    tokenizer = ExportTokenizer(ctx.options)
    limit = shard_docs(ctx.options)
    in_cats = cats_variables(ctx.schema, ctx.options)
    stats = WriteStats()
    written = 0
    bin_: Any = None
    vocab: Any = None
    for record in records:
        if bin_ is None or len(bin_) == limit:
            if bin_ is not None:
                # The shard is full and another document follows: from here on, a folder.
                if written == 0:
                    out.mkdir()
                written += 1
                (out / shard_name(written, SUFFIX)).write_bytes(bin_.to_bytes())
            # A fresh vocabulary per shard, so its strings do not grow with the corpus.
            bin_, vocab = DocBin(attrs=ATTRS, store_user_data=True), Vocab()
        doc = _doc(record, vocab, key, stats, tokenizer)
        add_extras(doc, record, ctx.schema, in_cats, stats)
        add_doc(bin_, doc)
    if bin_ is None:
        bin_ = DocBin(attrs=ATTRS, store_user_data=True)
    if written == 0:
        out.write_bytes(bin_.to_bytes())
    else:
        (out / shard_name(written + 1, SUFFIX)).write_bytes(bin_.to_bytes())
    return stats


def _doc(
    record: AnnotatedDocument, vocab: Any, key: str, stats: WriteStats, tokenizer: ExportTokenizer
) -> Any:
    """One record as a spaCy Doc with its span group and entities, counted in stats."""
    from spacy.tokens import Doc

    text = record.document.text
    spans = unique_spans(record.spans, stats)
    words, _, _, spaces = tokenizer.columns(text, spans, stats)
    if joined(words, spaces) != text:  # pragma: no cover - a tokenizer bug, caught before anything is written
        raise ValidationError(f"document {record.document.id}: spaCy tokens do not rebuild the text")
    doc = Doc(vocab, words=words, spaces=spaces)
    group = []
    written = 0
    for s in spans:
        found = [doc.char_span(a, b, label=s.label) for a, b in s.pieces()]
        if any(f is None for f in found):  # pragma: no cover - tokens are cut at every boundary
            stats.drop(s.label, "not aligned with spaCy tokens")
            continue
        group += [f for f in found if f is not None]
        written += 1
        stats.labels[s.label] += 1
    doc.spans[key] = group
    pieces = [s for s in spans if s.fragments]
    for s in pieces:
        stats.drop(
            s.label,
            f"a discontinuous span is no entity: left out of doc.ents (its fragments are in doc.spans[{key!r}])",
        )
    ents = non_overlapping(
        [s for s in spans if not s.fragments],
        WriteStats(),
        "doc.ents cannot hold overlapping spans (they are in doc.spans)",
    )
    doc.ents = [e for e in (doc.char_span(s.start, s.end, label=s.label) for s in ents) if e is not None]
    in_ents = {s.id for s in ents}
    for s in spans:
        if s.id not in in_ents and not s.fragments:
            stats.drop(s.label, f"left out of doc.ents as it overlaps another (kept in doc.spans[{key!r}])")
    doc.user_data["id"] = record.document.external_id or str(record.document.id)
    doc.user_data["title"] = record.document.title
    stats.spans += written
    stats.documents += 1
    return doc


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
        _validate_doc(doc, f"{path}: doc {n}", key, labels, result)


def _validate_doc(
    doc: Any, where: str, key: str, labels: tuple[str, ...] | None, result: ValidationResult
) -> None:
    """Check one Doc's span group, entities, fragments and relations (a discontinuous span counts once)."""
    result.documents += 1
    text = doc_text(doc)  # doc.text makes a Token object per token
    seen: set[tuple[int, int, str, str | None]] = set()
    in_group = set()
    for sp in doc.spans.get(key, []):
        result.spans += 1
        in_group.add((sp.start_char, sp.end_char, sp.label_))
        check_span(
            result,
            where,
            text,
            sp.start_char,
            sp.end_char,
            sp.label_,
            quoted=sp.text,
            labels=labels,
            seen=seen,
        )
    groups = fragment_groups(doc.user_data)
    pieces: set[tuple[int, int, str]] = set()
    for (start, end, label), frags in groups.items():
        w = f"{where} [{start}, {end}) {label!r}"
        result.spans -= len(frags) - 1  # one discontinuous span, however many pieces
        if not frags or frags[0][0] != start or frags[-1][1] != end:
            result.add(w, "its fragments do not run from the span's start to its end")
        for a, b in frags:
            pieces.add((a, b, label))
            if (a, b, label) not in in_group:
                result.add(w, f"fragment [{a}, {b}) missing from doc.spans[{key!r}]")
    hulls = in_group | set(groups)
    for ent in doc.ents:
        ref = (ent.start_char, ent.end_char, ent.label_)
        if ref not in in_group:
            result.add(f"{where} [{ref[0]}, {ref[1]}) {ref[2]!r}", f"entity missing from doc.spans[{key!r}]")
        elif ref in pieces and ref not in groups:
            result.add(
                f"{where} [{ref[0]}, {ref[1]}) {ref[2]!r}",
                "a fragment of a discontinuous span is in doc.ents",
            )
    for i, rel in enumerate(doc.user_data.get(RELATIONS, ()), 1):
        ends = [rel.get(k) if isinstance(rel, Mapping) else None for k in ("head", "tail")]
        if not all(isinstance(e, list | tuple) and tuple(e) in hulls for e in ends):
            result.add(f"{where}, relation {i}", "its head or tail is not a span of the document")
