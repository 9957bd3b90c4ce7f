"""Format registry: name -> reader/writer/validator, and detection of a file's format by extension and content."""

from __future__ import annotations

import importlib
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, InvalidRecord
from annotator.formats.base import ExportContext, Options, ReadContext, ValidationResult, WriteStats, opt_bool
from annotator.formats.inputs import not_a_file, open_input
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
        read_options: the option keys (--option KEY=VALUE) its reader reads.
        write_options: the option keys its writer reads.
        typed_values: its attribute and document values carry their types (native JSONL); the
            values other formats read are typed by the codebook first (`core.coerce`).
    """

    name: str
    description: str
    extensions: tuple[str, ...]
    unit: str = "code points"
    read: FormatReader | None = None
    write: FormatWriter | None = None
    validate: Validator | None = None
    suffix: str = ""
    read_options: tuple[str, ...] = ()
    write_options: tuple[str, ...] = ()
    typed_values: bool = False

    def bind(self, ctx: ReadContext) -> Reader:
        """The reader with its options bound, as the import loop wants it."""
        read = self.read
        if read is None:
            raise ValidationError(f"format {self.name!r} cannot be imported")
        return lambda path: read(path, ctx)


FORMATS: dict[str, Format] = {}


class _Lazy:
    """A function of a format module, imported on its first call.

    Listing the formats (the CLI's choices, `--help`) then imports none of the
    format modules nor what they need (lxml, trafilatura, spaCy).
    """

    __slots__ = ("_found", "_where")

    def __init__(self, where: str) -> None:
        self._where = where
        self._found: Callable[..., Any] | None = None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        found = self._found
        if found is None:
            module, _, name = self._where.partition(":")
            found = self._found = getattr(importlib.import_module(f"annotator.formats.{module}"), name)
        return found(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<annotator.formats.{self._where}>"


def lazy(where: str) -> Any:
    """`module:function` of annotator.formats, imported when first called."""
    return _Lazy(where)


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


register(
    Format(
        "txt",
        "plain-text article (first line is the title)",
        (".txt",),
        "-",
        read=lazy("textfile:read_text_file"),
        read_options=("encoding",),
    )
)
register(
    Format(
        "jsonl",
        "annotator native JSONL",
        (".jsonl", ".ndjson"),
        read=lazy("jsonl:read"),
        write=lazy("native_write:write"),
        validate=lazy("native_check:validate"),
        suffix=".jsonl",
        read_options=("encoding",),
        typed_values=True,
    )
)
register(
    Format(
        "csv",
        "CSV/TSV with a header row",
        (".csv", ".tsv", ".tab"),
        "-",
        read=lazy("csvfile:read"),
        read_options=("encoding", "text_column", "title_column", "id_column", "delimiter"),
    )
)
register(
    Format(
        "html",
        "saved HTML page (main text by trafilatura)",
        (".html", ".htm", ".xhtml"),
        read=lazy("html:read"),
        read_options=("encoding", "captions", "caption_label"),
    )
)
register(
    Format(
        "doccano",
        "doccano JSONL (label or entities/relations form)",
        (".jsonl",),
        "UTF-16 code units (option offsets=codepoints)",
        read=lazy("doccano:read"),
        write=lazy("doccano:write"),
        validate=lazy("doccano:validate"),
        suffix=".jsonl",
        read_options=("encoding", "offsets"),
        write_options=("offsets", "relations"),
    )
)
register(
    Format(
        "prodigy",
        "Prodigy JSONL tasks (db-out)",
        (".jsonl",),
        "code points; token_end inclusive",
        read=lazy("prodigy:read"),
        write=lazy("prodigy:write"),
        validate=lazy("prodigy:validate"),
        suffix=".jsonl",
        read_options=("encoding",),
        write_options=("lang",),
    )
)
register(
    Format(
        "labelstudio",
        "Label Studio JSON task export (or JSONL)",
        (".json",),
        read=lazy("labelstudio:read"),
        write=lazy("labelstudio:write"),
        validate=lazy("labelstudio:validate"),
        suffix=".json",
        read_options=("encoding", "text_key", "fragment_relation"),
        write_options=("text_key", "from_name", "to_name", "fragment_relation", "config"),
    )
)
register(
    Format(
        "conll",
        "CoNLL-2003 style BIO, one token a line",
        (".conll", ".conll03", ".iob", ".bio"),
        "tokens (no offsets)",
        write=lazy("conll:write"),
        validate=lazy("conll:validate"),
        suffix=".conll",
    )
)
register(
    Format(
        "hf",
        "Hugging Face token classification JSONL + label list",
        (".jsonl",),
        "tokens (no offsets)",
        write=lazy("hf:write"),
        validate=lazy("hf:validate"),
        suffix=".jsonl",
    )
)
register(
    Format(
        "spacy",
        "spaCy DocBin (.spacy)",
        (".spacy",),
        "code points (spaCy char offsets)",
        write=lazy("spacy_docbin:write"),
        validate=lazy("spacy_docbin:validate"),
        suffix=".spacy",
        write_options=("spans_key", "lang", "shard_docs", "cats"),
    )
)
register(
    Format(
        "brat",
        "brat standoff folder (.txt + .ann per document)",
        (".ann",),
        read=lazy("brat:read"),
        write=lazy("brat:write"),
        validate=lazy("brat:validate"),
        read_options=("encoding",),
    )
)

register(
    Format(
        "qdpx",
        "REFI-QDA project (MAXQDA, ATLAS.ti, NVivo, QualCoder)",
        (".qdpx",),
        "code points (the standard's; NVivo's UTF-16 units and ATLAS.ti's CRLF read as they count)",
        read=lazy("qdpx:read"),
        write=lazy("qdpx:write"),
        validate=lazy("qdpx:validate"),
        suffix=".qdpx",
        read_options=("encoding", "positions", "crlf"),
        write_options=("positions",),
    )
)
register(
    Format(
        "qdc",
        "REFI-QDA codebook (the labels alone)",
        (".qdc",),
        "-",
        write=lazy("qdpx.qdc:write"),
        validate=lazy("qdpx.qdc:validate"),
        suffix=".qdc",
    )
)

register(
    Format(
        "attributions",
        "attributions JSONL: content, source and cue of each attribution, texts beside it",
        (),
        write=lazy("attributions:write"),
        validate=lazy("attributions:validate"),
        suffix=".jsonl",
        write_options=("content", "source", "cue", "citron"),
    )
)
register(
    Format(
        "citron",
        "BBC Citron folder: one JSON file per document with its quotes (cue, sources, contents)",
        (),
        write=lazy("citron:write"),
        validate=lazy("citron:validate"),
        write_options=("content", "source", "cue", "citron"),
    )
)


def export_format(name: str, options: Options) -> Format:
    """The format an export writes: `attributions` with the option citron=true is the `citron` folder."""
    fmt = get_format(name)
    from annotator.formats.attributions import CITRON

    if fmt.name == "attributions" and opt_bool(options, CITRON, False):
        return FORMATS["citron"]
    return fmt


def check_option_keys(formats: Sequence[Format], keys: Iterable[str], *, export: bool) -> None:
    """Refuse --option keys that none of `formats` reads (on export, their writers; else their readers).

    The error is one line naming the keys, the format(s) and the keys each does read.
    """
    declared = [(f, f.write_options if export else f.read_options) for f in formats]
    unread = [k for k in dict.fromkeys(keys) if not any(k in known for _, known in declared)]
    if not unread or not declared:
        return
    what, done = ("export", "nothing was written") if export else ("import", "nothing was imported")
    asked = ", ".join(unread)
    if len(declared) == 1:
        fmt, known = declared[0]
        where = f"the {fmt.name} {what} reads no such option (its options: {', '.join(known) or 'none'})"
    else:
        each = "; ".join(f"{f.name}: {', '.join(known) or 'none'}" for f, known in declared)
        where = f"none of the formats of the files reads it (their options: {each})"
    raise ValidationError(f"--option {asked}: {where}; {done}")


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


def detect_with_reason(path: Path, *, to_validate: bool = False) -> tuple[Format, str]:
    """Decide a file's import format from its extension and content, and say why.

    With `to_validate`, a format is decided for `validate`: one that can be checked
    but not imported (hf) is found too.
    """
    usable = validator_names() if to_validate else reader_names()
    suffix = path.suffix.lower()
    if suffix == ".txt" and path.with_suffix(".ann").exists():
        return FORMATS["brat"], "a .txt with a brat .ann beside it (read with the .ann)"
    if suffix in (".json", ".jsonl", ".ndjson") or suffix not in _known_suffixes():
        first, problem = first_json(path)
        found = sniff_json(first)
        if found is not None:
            name, why = found
            fmt = FORMATS[name]
            if name not in usable:
                what = "checked" if to_validate else "imported"
                raise ValidationError(f"{path}: looks like {name} ({why}), which cannot be {what}")
            return fmt, f"{why}"
        if suffix in (".json", ".jsonl", ".ndjson") and problem is not None:
            # Name the real fault (bad JSON) rather than "cannot tell which format".
            raise ValidationError(
                f"{problem}; fix that line, or pass --format and --skip-invalid to import the others"
            )
        if suffix in (".json", ".jsonl", ".ndjson"):
            raise ValidationError(
                f"{path}: cannot tell which JSON format this is from its first record; "
                f"pass --format (one of {', '.join(usable)})"
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
        from annotator.formats.spacy_docbin import shards

        if shards(path) and not any(path.rglob("*.ann")):
            return FORMATS["spacy"], "a folder holding .spacy files: spaCy DocBin shards"
        return FORMATS["brat"], "a folder (brat standoff)"
    refused = not_a_file(path, path.stat().st_mode)
    if refused is not None:
        raise refused  # a named pipe would hang the validator that opens it
    suffix = path.suffix.lower()
    for name in ("spacy", "conll", "qdc"):
        if suffix in FORMATS[name].extensions:
            return FORMATS[name], f"the extension {suffix}"
    return detect_with_reason(path, to_validate=True)


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
