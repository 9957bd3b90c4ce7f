"""Plain-text articles: decoding (see encodings.py), line-ending normalisation, title split.

The first non-empty line is the title and the rest the text. A file of one
line (or whose other lines are blank) is an article whose text is that line,
and that line is its title too: an empty body is never a document's text.
Trailing white space of the body (the file's last newline, blank lines) is
dropped, so the text ends where its last word does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, Document, InvalidRecord
from annotator.formats.base import ReadContext
from annotator.formats.encodings import decode
from annotator.formats.inputs import read_input, stored_name


def normalise_newlines(text: str) -> str:
    """CRLF and CR become LF (the byte-order mark was dropped when the file was decoded)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_title(text: str) -> tuple[str, str]:
    """The first non-empty line is the title; the rest, without leading blank lines, is the body."""
    rest = text
    while rest:
        line, sep, after = rest.partition("\n")
        if line.strip():
            return line.strip(), after.lstrip("\n")
        rest = after
        if not sep:
            break
    return "", ""


def read_text_file(path: Path, ctx: ReadContext | None = None) -> Iterator[AnnotatedDocument | InvalidRecord]:
    """Read one .txt article (UTF-8 unless --encoding names another or a UTF-16/32 BOM says so)."""
    ctx = ctx if ctx is not None else ReadContext()
    text = decode(read_input(path), str(path), ctx)
    if "\x00" in text:
        raise ValidationError(f"{path}: contains NUL bytes; it is not a text file")
    title, body = split_title(normalise_newlines(text))
    if not title:
        raise ValidationError(f"{path}: is empty")
    body = body.rstrip()
    if not body:
        body = title  # a one-paragraph article: its only line is its text (and its title)
    yield AnnotatedDocument(Document(text=body, title=title, source=stored_name(path.name)), line=None)
