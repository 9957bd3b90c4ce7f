"""Format registry: name -> reader/writer/validator, and detection of a file's format by extension and content."""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, InvalidRecord
from annotator.formats import (
    attributions,
    brat,
    citron,
    conll,
    csvfile,
    doccano,
    hf,
    html,
    jsonl,
    labelstudio,
    native_check,
    native_write,
    prodigy,
    qdpx,
    spacy_docbin,
    textfile,
)
from annotator.formats.base import ExportContext, Options, ReadContext, ValidationResult, WriteStats, opt_bool
from annotator.formats.inputs import not_a_file, open_input
from annotator.formats.qdpx import qdc
from annotator.formats.sniff import first_json, sniff_json
from annotator.formats.targets import MARKER, read_marker

Reader = Callable[[Path], Iterator[AnnotatedDocument | InvalidRecord]]
"""A reader bound to its options: path -> records (a bad record is an InvalidRecord)."""
FormatReader = Callable[[Path, ReadContext], Iterator[AnnotatedDocument | InvalidRecord]]
FormatWriter = Callable[[Iterable[AnnotatedDocument], Path, ExportContext], WriteStats]
"""Writes records at a path it creates (a file or a folder, plus sidecar files beside it)."""
Validator = Callable[[Path, ReadContext, "tuple[str, ...] | None"], ValidationResult]
StreamWriter = Callable[[Iterable[AnnotatedDocument], IO[str]], int]


@dataclass(frozen=True)
class Format:
    """A file format the annotator reads, writes and/or validates.

    Attributes:
        name: the name used with --format.
        description: one line for help texts.
        extensions: file name endings that suggest this format (lower case).
        unit: what its offsets count, for the README and messages.
        read: the reader, if the format can be imported.
        write: the writer, if it can be exported.
        validate: the checker of a written or received file.
        suffix: the ending of an exported file ("" when the export is a folder).
    """

    name: str
    description: str
    extensions: tuple[str, ...]
    unit: str = "code points"
    read: FormatReader | None = None
    write: FormatWriter | None = None
    validate: Validator | None = None
    suffix: str = ""

    def bind(self, ctx: ReadContext) -> Reader:
        """The reader with its options bound, as the import loop wants it."""
        read = self.read
        if read is None:
            raise ValidationError(f"format {self.name!r} cannot be imported")
        return lambda path: read(path, ctx)


FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> None:
    """Make a format available by name."""
    FORMATS[fmt.name] = fmt


def stream_writer(write: StreamWriter) -> FormatWriter:
    """Adapt a writer to an open UTF-8 text stream into a path writer."""

    def writer(records: Iterable[AnnotatedDocument], out: Path, ctx: ExportContext) -> WriteStats:
        stats = WriteStats()

        def counted() -> Iterator[AnnotatedDocument]:
            for record in records:
                stats.spans += len(record.spans)
                stats.relations += len(record.relations)
                stats.labels.update(s.label for s in record.spans)
                yield record

        with out.open("w", encoding="utf-8", newline="") as fh:
            stats.documents = write(counted(), fh)
        return stats

    return writer


def _txt_read(path: Path, ctx: ReadContext) -> Iterator[AnnotatedDocument | InvalidRecord]:
    return textfile.read_text_file(path, ctx)


def _jsonl_read(path: Path, ctx: ReadContext) -> Iterator[AnnotatedDocument | InvalidRecord]:
    return jsonl.read(path, ctx)


register(Format("txt", "plain-text article (first line is the title)", (".txt",), "-", read=_txt_read))
register(
    Format(
        "jsonl",
        "annotator native JSONL",
        (".jsonl", ".ndjson"),
        read=_jsonl_read,
        write=native_write.write,
        validate=native_check.validate,
        suffix=".jsonl",
    )
)
register(Format("csv", "CSV/TSV with a header row", (".csv", ".tsv", ".tab"), "-", read=csvfile.read))
register(
    Format("html", "saved HTML page (main text by trafilatura)", (".html", ".htm", ".xhtml"), read=html.read)
)
register(
    Format(
        "doccano",
        "doccano JSONL (label or entities/relations form)",
        (".jsonl",),
        "UTF-16 code units (option offsets=codepoints)",
        read=doccano.read,
        write=doccano.write,
        validate=doccano.validate,
        suffix=".jsonl",
    )
)
register(
    Format(
        "prodigy",
        "Prodigy JSONL tasks (db-out)",
        (".jsonl",),
        "code points; token_end inclusive",
        read=prodigy.read,
        write=prodigy.write,
        validate=prodigy.validate,
        suffix=".jsonl",
    )
)
register(
    Format(
        "labelstudio",
        "Label Studio JSON task export (or JSONL)",
        (".json",),
        read=labelstudio.read,
        write=labelstudio.write,
        validate=labelstudio.validate,
        suffix=".json",
    )
)
register(
    Format(
        "conll",
        "CoNLL-2003 style BIO, one token a line",
        (".conll", ".conll03", ".iob", ".bio"),
        "tokens (no offsets)",
        write=conll.write,
        validate=conll.validate,
        suffix=".conll",
    )
)
register(
    Format(
        "hf",
        "Hugging Face token classification JSONL + label list",
        (".jsonl",),
        "tokens (no offsets)",
        write=hf.write,
        validate=hf.validate,
        suffix=".jsonl",
    )
)
register(
    Format(
        "spacy",
        "spaCy DocBin (.spacy)",
        (".spacy",),
        "code points (spaCy char offsets)",
        write=spacy_docbin.write,
        validate=spacy_docbin.validate,
        suffix=".spacy",
    )
)
register(
    Format(
        "brat",
        "brat standoff folder (.txt + .ann per document)",
        (".ann",),
        read=brat.read,
        write=brat.write,
        validate=brat.validate,
    )
)

register(
    Format(
        "qdpx",
        "REFI-QDA project (MAXQDA, ATLAS.ti, NVivo, QualCoder)",
        (".qdpx",),
        "code points (the standard's; NVivo's UTF-16 units and ATLAS.ti's CRLF read as they count)",
        read=qdpx.read,
        write=qdpx.write,
        validate=qdpx.validate,
        suffix=".qdpx",
    )
)
register(
    Format(
        "qdc",
        "REFI-QDA codebook (the labels alone)",
        (".qdc",),
        "-",
        write=qdc.write,
        validate=qdc.validate,
        suffix=".qdc",
    )
)

register(
    Format(
        "attributions",
        "attributions JSONL: content, source and cue of each attribution, texts beside it",
        (),
        write=attributions.write,
        validate=attributions.validate,
        suffix=".jsonl",
    )
)
register(
    Format(
        "citron",
        "BBC Citron folder: one JSON file per document with its quotes (cue, sources, contents)",
        (),
        write=citron.write,
        validate=citron.validate,
    )
)


def export_format(name: str, options: Options) -> Format:
    """The format an export writes: `attributions` with the option citron=true is the `citron` folder."""
    fmt = get_format(name)
    if fmt.name == "attributions" and opt_bool(options, attributions.CITRON, False):
        return FORMATS["citron"]
    return fmt


def reader_names() -> list[str]:
    """Names of the formats that can be imported."""
    return [f.name for f in FORMATS.values() if f.read]


def writer_names() -> list[str]:
    """Names of the formats that can be exported."""
    return [f.name for f in FORMATS.values() if f.write]


def validator_names() -> list[str]:
    """Names of the formats whose files can be validated."""
    return [f.name for f in FORMATS.values() if f.validate]


def get_format(name: str) -> Format:
    """The format of that name, with a clear error listing the known ones."""
    fmt = FORMATS.get(name)
    if fmt is None:
        raise ValidationError(f"unknown format {name!r} (known: {', '.join(FORMATS)})")
    return fmt


def detect_with_reason(path: Path) -> tuple[Format, str]:
    """Decide a file's import format from its extension and content, and say why."""
    suffix = path.suffix.lower()
    if suffix == ".txt" and path.with_suffix(".ann").exists():
        return FORMATS["brat"], "a .txt with a brat .ann beside it (read with the .ann)"
    if suffix in (".json", ".jsonl", ".ndjson") or suffix not in _known_suffixes():
        first, problem = first_json(path)
        found = sniff_json(first)
        if found is not None:
            name, why = found
            fmt = FORMATS[name]
            if fmt.read is None:
                raise ValidationError(f"{path}: looks like {name} ({why}), which cannot be imported")
            return fmt, f"{why}"
        if suffix in (".json", ".jsonl", ".ndjson") and problem is not None:
            # Name the real fault (bad JSON) rather than "cannot tell which format".
            raise ValidationError(
                f"{problem}; fix that line, or pass --format and --skip-invalid to import the others"
            )
        if suffix in (".json", ".jsonl", ".ndjson"):
            raise ValidationError(
                f"{path}: cannot tell which JSON format this is from its first record; "
                f"pass --format (one of {', '.join(reader_names())})"
            )
    for fmt in FORMATS.values():
        if fmt.read and suffix in fmt.extensions:
            return fmt, f"the extension {suffix}"
    if _looks_like_html(path):
        return FORMATS["html"], "it starts like an HTML page"
    raise ValidationError(
        f"{path}: cannot tell the format from the extension {suffix or '(none)'} or the content; "
        f"pass --format (one of {', '.join(reader_names())})"
    )


def detect_any(path: Path) -> tuple[Format, str]:
    """Like detect_with_reason, but also for export-only files (.spacy, .conll, brat folders)."""
    if path.is_dir():
        marker = read_marker(path)
        named = FORMATS.get(str(marker.get("format"))) if marker and marker.get("layout") != "split" else None
        if named is not None and named.validate is not None:
            return named, f"a folder the annotator exported as {named.name} (its {MARKER} says so)"
        if path.suffix.lower() == ".spacy":
            return FORMATS["spacy"], "a .spacy folder: spaCy DocBin shards"
        if spacy_docbin.shards(path) and not any(path.rglob("*.ann")):
            return FORMATS["spacy"], "a folder holding .spacy files: spaCy DocBin shards"
        return FORMATS["brat"], "a folder (brat standoff)"
    refused = not_a_file(path, path.stat().st_mode)
    if refused is not None:
        raise refused  # a named pipe would hang the validator that opens it
    suffix = path.suffix.lower()
    for name in ("spacy", "conll", "qdc"):
        if suffix in FORMATS[name].extensions:
            return FORMATS[name], f"the extension {suffix}"
    return detect_with_reason(path)


def _known_suffixes() -> set[str]:
    return {ext for fmt in FORMATS.values() for ext in fmt.extensions}


def _looks_like_html(path: Path) -> bool:
    try:
        with open_input(path) as fh:
            head = fh.read(2048).lstrip().lower()
    except (OSError, ValidationError):
        return False
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]


def walk(paths: Iterable[Path]) -> Iterator[tuple[Path, bool]]:
    """(file, named) for files named and files in folders named (recursive, sorted, no hidden).

    A named pipe, socket or device given by name is refused at once (reading one would
    hang or never end); in a folder, only regular files are taken.
    """
    for path in paths:
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            raise ValidationError(f"{path}: no such file or folder") from None
        except OSError as exc:
            raise ValidationError(f"{path}: cannot be read ({exc.strerror})") from None
        if stat.S_ISDIR(mode):
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in rel.parts):
                    if child.suffix.lower() == ".txt" and child.with_suffix(".ann").is_file():
                        continue  # a brat pair: read once, through its .ann
                    yield child, False
            continue
        refused = not_a_file(path, mode)
        if refused is not None:
            raise refused
        yield path, True
