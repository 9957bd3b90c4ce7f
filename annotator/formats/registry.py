"""Format registry: name -> reader/writer, and detection of a file's format."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, InvalidRecord
from annotator.formats import jsonl, textfile

Reader = Callable[[Path], Iterator[AnnotatedDocument | InvalidRecord]]
Writer = Callable[[Iterable[AnnotatedDocument], IO[str]], int]


@dataclass(frozen=True)
class Format:
    """A file format the annotator reads and/or writes."""

    name: str
    description: str
    extensions: tuple[str, ...]
    reader: Reader | None = None
    writer: Writer | None = None


FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> None:
    """Make a format available by name."""
    FORMATS[fmt.name] = fmt


register(Format("txt", "plain-text article (first line is the title)", (".txt",), textfile.read_text_file))
register(Format("jsonl", "annotator native JSONL", (".jsonl", ".ndjson"), jsonl.read, jsonl.write))


def reader_names() -> list[str]:
    """Names of the formats that can be imported."""
    return [f.name for f in FORMATS.values() if f.reader]


def writer_names() -> list[str]:
    """Names of the formats that can be exported."""
    return [f.name for f in FORMATS.values() if f.writer]


def get_format(name: str) -> Format:
    """The format of that name, with a clear error listing the known ones."""
    fmt = FORMATS.get(name)
    if fmt is None:
        raise ValidationError(f"unknown format {name!r} (known: {', '.join(FORMATS)})")
    return fmt


def detect(path: Path) -> Format:
    """Decide a file's import format from its extension."""
    suffix = path.suffix.lower()
    for fmt in FORMATS.values():
        if fmt.reader and suffix in fmt.extensions:
            return fmt
    raise ValidationError(
        f"{path}: cannot tell the format from the extension {suffix or '(none)'}; "
        f"pass --format (one of {', '.join(reader_names())})"
    )


def walk(paths: Iterable[Path]) -> Iterator[tuple[Path, bool]]:
    """(file, named) for files named and files in folders named (recursive, sorted, no hidden)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield child, False
        elif path.exists():
            yield path, True
        else:
            raise ValidationError(f"{path}: no such file or folder")
