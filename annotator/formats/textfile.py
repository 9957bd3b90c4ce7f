"""Plain-text articles: decoding (see encodings.py), line-ending normalisation, title split."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, Document, InvalidRecord
from annotator.formats.base import ReadContext
from annotator.formats.encodings import decode


def normalise_newlines(text: str) -> str:
    """CRLF and CR become LF; a leading BOM is dropped."""
    if text.startswith("\ufeff"):
        text = text[1:]
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
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{path}: cannot be read ({exc.strerror})") from None
    text = decode(data, str(path), ctx)
    if "\x00" in text:
        raise ValidationError(f"{path}: contains NUL bytes; it is not a text file")
    title, body = split_title(normalise_newlines(text))
    if not body and not title:
        raise ValidationError(f"{path}: is empty")
    yield AnnotatedDocument(Document(text=body, title=title, source=path.name), line=None)
