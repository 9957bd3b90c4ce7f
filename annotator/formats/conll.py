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

from bisect import bisect_right
from collections.abc import Iterable
from pathlib import Path

from annotator.core.types import AnnotatedDocument
from annotator.formats.base import ExportContext, ReadContext, ValidationResult, WriteStats
from annotator.formats.bio import Tagged, bio_columns, check_bio
from annotator.formats.encodings import open_text, stream_error
from annotator.formats.verify import CheckedFile

NAME = "conll"
DOCSTART = "-DOCSTART- -X- -X- O"


def write(records: Iterable[AnnotatedDocument], out: Path, ctx: ExportContext) -> WriteStats:
    """Write CoNLL-2003 style BIO lines, checking each document's tokens and tags as they are written."""
    stats = WriteStats()
    result = ValidationResult(NAME)
    with CheckedFile(out, stats) as fh:
        for number, record in enumerate(records, 1):
            tagged = bio_columns(record, stats, NAME)
            for value in record.values:
                stats.drop(value.label, f"{NAME} holds no document variables")
            _check(result, f"{out}: document {number}", tagged)
            fh.write(_block(record.document.text, tagged))
            stats.documents += 1
    stats.checked = result
    return stats


def _block(text: str, tagged: Tagged) -> str:
    """A document's lines: -DOCSTART-, then `token -X- _ TAG` per token, a blank line between sentences.

    A sentence ends at a line break of the text unless the token after it
    continues a span. Runs of O tokens are joined in one step.
    """
    texts, tags = tagged.texts, tagged.tags
    n = len(texts)
    breaks: set[int] = set()
    at = text.find("\n")
    while at >= 0:
        i = bisect_right(tagged.starts, at)  # the token after the line break (tokens hold no white space)
        if 0 < i < n and not tags[i].startswith("I-"):
            breaks.add(i)
        at = text.find("\n", at + 1)
    parts = [f"{DOCSTART}\n\n"]
    done = 0
    for i in sorted(breaks.union(tagged.tagged)):
        if done < i:
            parts += [_O_LINE.join(texts[done:i]), _O_LINE]
        if i in breaks:
            parts.append("\n")
        parts.append(f"{texts[i]} -X- _ {tags[i]}\n")
        done = i + 1
    if done < n:
        parts += [_O_LINE.join(texts[done:]), _O_LINE]
    if n:
        parts.append("\n")
    return "".join(parts)


_O_LINE = " -X- _ O\n"


def _check(result: ValidationResult, where: str, tagged: Tagged) -> None:
    """What `validate` checks of a document, on the tokens and tags about to be written."""
    result.documents += 1
    joined = "".join(tagged.texts)
    if "" in tagged.texts or (joined and joined.split() != [joined]):
        result.add(where, "a token is empty or holds white space, so its line would not read back")
    check_bio(result, where, tagged.tags, None)


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
