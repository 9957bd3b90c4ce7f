"""spaCy DocBin (`.spacy`): every span in `doc.spans["sc"]`, the non-overlapping ones also in `doc.ents`.

spaCy is an optional dependency (`pip install 'annotator[spacy]'`) imported
only here. The Doc's tokens are our tokens cut at span boundaries, with the
white space between them kept as spaCy keeps it, so `doc.text` is the stored
text exactly and `doc.char_span(start, end)` finds every span. A DocBin is one
msgpack blob, so spaCy holds the docs in memory until the file is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument
from annotator.formats.base import ExportContext, ReadContext, ValidationResult, WriteStats, opt_str
from annotator.formats.checks import check_span, non_overlapping, unique_spans
from annotator.formats.tokenize import spacy_tokens

NAME = "spacy"


def _spacy() -> Any:
    try:
        import spacy
    except ImportError:
        raise ValidationError(
            "the spacy format needs spaCy; install it with: pip install 'annotator[spacy]'"
        ) from None
    return spacy


def write(records: Iterable[AnnotatedDocument], out: Path, ctx: ExportContext) -> WriteStats:
    """Write a .spacy DocBin."""
    _spacy()
    from spacy.tokens import Doc, DocBin
    from spacy.vocab import Vocab

    key = opt_str(ctx.options, "spans_key", "sc")
    vocab = Vocab()
    stats = WriteStats()
    bin_ = DocBin(store_user_data=True)
    for record in records:
        text = record.document.text
        spans = unique_spans(record.spans, stats)
        tokens = spacy_tokens(text, (s.start for s in spans), (s.end for s in spans))
        doc = Doc(vocab, words=[t[0] for t in tokens], spaces=[t[3] for t in tokens])
        if doc.text != text:  # pragma: no cover - a tokenizer bug, caught before anything is written
            raise ValidationError(f"document {record.document.id}: spaCy tokens do not rebuild the text")
        group = []
        for s in spans:
            found = doc.char_span(s.start, s.end, label=s.label)
            if found is None:  # pragma: no cover - tokens are cut at every boundary
                stats.drop(s.label, "not aligned with spaCy tokens")
                continue
            group.append(found)
            stats.labels[s.label] += 1
        doc.spans[key] = group
        ents = non_overlapping(
            spans, WriteStats(), "doc.ents cannot hold overlapping spans (they are in doc.spans)"
        )
        doc.ents = [e for e in (doc.char_span(s.start, s.end, label=s.label) for s in ents) if e is not None]
        in_ents = {s.id for s in ents}
        for s in spans:
            if s.id not in in_ents:
                stats.drop(
                    s.label, f"left out of doc.ents as it overlaps another (kept in doc.spans[{key!r}])"
                )
        for r in record.relations:
            stats.drop(r.label, "a DocBin holds no relations")
        doc.user_data["id"] = record.document.external_id or str(record.document.id)
        doc.user_data["title"] = record.document.title
        bin_.add(doc)
        stats.spans += len(group)
        stats.documents += 1
    out.write_bytes(bin_.to_bytes())
    return stats


def validate(path: Path, ctx: ReadContext, labels: tuple[str, ...] | None) -> ValidationResult:
    """Load the DocBin with a blank vocabulary and check every span group and entity."""
    _spacy()
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    key = opt_str(ctx.options, "spans_key", "sc")
    result = ValidationResult(NAME)
    try:
        docs = list(DocBin().from_disk(path).get_docs(Vocab()))
    except Exception as exc:  # spaCy raises many types for a damaged file
        result.add(str(path), f"not a readable spaCy DocBin ({type(exc).__name__})")
        return result
    for n, doc in enumerate(docs, 1):
        where = f"{path}: doc {n}"
        result.documents += 1
        seen: set[tuple[int, int, str, str | None]] = set()
        group = doc.spans.get(key, [])
        in_group = set()
        for sp in group:
            result.spans += 1
            in_group.add((sp.start_char, sp.end_char, sp.label_))
            check_span(
                result,
                where,
                doc.text,
                sp.start_char,
                sp.end_char,
                sp.label_,
                quoted=sp.text,
                labels=labels,
                seen=seen,
            )
        for ent in doc.ents:
            if (ent.start_char, ent.end_char, ent.label_) not in in_group:
                result.add(
                    f"{where} [{ent.start_char}, {ent.end_char}) {ent.label_!r}",
                    f"entity missing from doc.spans[{key!r}]",
                )
    return result
