"""CoNLL-2003 style BIO: `-DOCSTART- -X- -X- O` per document, one `token -X- _ TAG` line per token.

The format has no offsets and holds one tag per token, so overlapping and
nested spans cannot be written; the writer keeps a non-overlapping subset
(earliest, then longest first) and reports the rest per label. Tokens come
from our tokenizer, cut at span boundaries so every kept span is whole tokens.
Sentences (blank lines) break at line breaks of the text that no span crosses.
Relations, span attributes, discontinuous spans and document variables have
no place in it and are counted as dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annotator.core.types import AnnotatedDocument
from annotator.formats.base import ExportContext, ReadContext, ValidationResult, WriteStats
from annotator.formats.bio import bio_tags, check_bio
from annotator.formats.encodings import open_text, stream_error

NAME = "conll"
DOCSTART = "-DOCSTART- -X- -X- O"


def write(records: Iterable[AnnotatedDocument], out: Path, ctx: ExportContext) -> WriteStats:
    """Write CoNLL-2003 style BIO lines."""
    stats = WriteStats()
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for record in records:
            text = record.document.text
            tokens, tags = bio_tags(record, stats, NAME)
            for value in record.values:
                stats.drop(value.label, f"{NAME} holds no document variables")
            fh.write(f"{DOCSTART}\n\n")
            previous_end = None
            for (token, start, end), tag in zip(tokens, tags, strict=True):
                if previous_end is not None and "\n" in text[previous_end:start] and not tag.startswith("I-"):
                    fh.write("\n")
                fh.write(f"{token} -X- _ {tag}\n")
                previous_end = end
            if tokens:
                fh.write("\n")
            stats.documents += 1
    return stats


def validate(path: Path, ctx: ReadContext, labels: tuple[str, ...] | None) -> ValidationResult:
    """Check every line has a token and a tag, tags are well-formed BIO, labels are known."""
    result = ValidationResult(NAME)
    sentence: list[str] = []
    start_line = 0

    def flush() -> None:
        if sentence:
            check_bio(result, f"{path}: sentence at line {start_line}", sentence, labels)
            sentence.clear()

    with open_text(path, ctx, newline="") as fh:
        try:
            for number, raw in enumerate(fh, 1):
                line = raw.rstrip("\r\n")
                if not line.strip():
                    flush()
                    continue
                if line.startswith("-DOCSTART-"):
                    flush()
                    result.documents += 1
                    continue
                cols = line.split()
                if len(cols) < 2:
                    result.add(f"{path}: line {number}", "expected a token and a tag")
                    continue
                if not sentence:
                    start_line = number
                sentence.append(cols[-1])
            flush()
        except UnicodeDecodeError:
            raise stream_error(path, fh) from None
    return result
