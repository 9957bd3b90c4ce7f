"""Plain-text articles: decoding with a clear error, line-ending normalisation, title split."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, Document, InvalidRecord


def decode_bytes(data: bytes, where: str) -> tuple[str, str]:
    """Decode file bytes: UTF-8 (BOM dropped), UTF-16 with a BOM, else refuse; returns (text, encoding)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ValidationError(f"{where}: has a UTF-16 byte-order mark but is not valid UTF-16") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        guess = _guess_encoding(data)
        hint = f" (it looks like {guess}; convert it to UTF-8)" if guess else ""
        raise ValidationError(
            f"{where}: line {line}: byte 0x{data[exc.start]:02x} is not UTF-8{hint}"
        ) from None


def _guess_encoding(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - optional
        return None
    best = from_bytes(data[:200_000]).best()
    return best.encoding if best is not None else None


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


def read_text_file(path: Path) -> Iterator[AnnotatedDocument | InvalidRecord]:
    """Read one .txt article."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{path}: cannot be read ({exc.strerror})") from None
    text, _encoding = decode_bytes(data, str(path))
    if "\x00" in text:
        raise ValidationError(f"{path}: contains NUL bytes; it is not a text file")
    title, body = split_title(normalise_newlines(text))
    if not body and not title:
        raise ValidationError(f"{path}: is empty")
    yield AnnotatedDocument(Document(text=body, title=title, source=path.name), line=None)
