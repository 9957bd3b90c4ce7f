"""Importing files and records: one transaction a file, the format decided per file and said."""

from __future__ import annotations

import codecs
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from annotator.core.changes import Changes
from annotator.core.errors import DatabaseError, ValidationError
from annotator.core.reports import ImportReport
from annotator.core.types import AnnotatedDocument, InvalidRecord, LabelSchema
from annotator.formats import registry
from annotator.formats.base import ReadContext
from annotator.project import codebook as codebook_ops
from annotator.project import qda_codebook
from annotator.project.context import Context
from annotator.project.progress import Progress
from annotator.storage import repo
from annotator.storage.importer import ImportRules, run_import


@dataclass(frozen=True)
class ImportFormat:
    """A format articles can be imported from, as a front end lists it."""

    name: str
    description: str
    extensions: tuple[str, ...]  # file name endings that suggest it, lower case


def import_formats() -> list[ImportFormat]:
    """Every import format, in the order the CLI lists them."""
    formats = [registry.get_format(name) for name in registry.reader_names()]
    return [ImportFormat(f.name, f.description, f.extensions) for f in formats]


def check_import_options(format: str, options: Mapping[str, Any]) -> None:
    """Refuse an unknown import format or encoding before any file is read."""
    if format != "auto":
        registry.get_format(format).bind(ReadContext())  # raises for unknown or export-only formats
    encoding = options.get("encoding")
    if encoding:
        try:
            known = codecs.lookup(str(encoding))._is_text_encoding
        except LookupError:
            known = False
        if not known:
            raise ValidationError(
                f"unknown encoding {encoding!r} (e.g. utf-8, cp1252, latin-1, utf-16); nothing was imported"
            )


def check_option_keys(paths: Sequence[Path], format: str, keys: Collection[str]) -> None:
    """Refuse --option keys that no format the files are read as reads, before any file is read."""
    if not keys:
        return
    if format != "auto":
        formats = [registry.get_format(format)]
    else:
        found: dict[str, registry.Format] = {}
        for path, _named in registry.walk(paths):
            try:
                fmt = _detect(path)[0]
            except ValidationError:
                continue  # the import itself names the file it cannot read
            found.setdefault(fmt.name, fmt)
        formats = list(found.values())
    registry.check_option_keys(formats, keys, export=False)


def _detect(path: Path) -> tuple[registry.Format, str]:
    """The format a file is read as, and why: a .qdc is a codebook, others as extension and content say."""
    if path.suffix.lower() == ".qdc":
        return registry.get_format("qdc"), qda_codebook.QDC_WHY
    return registry.detect_with_reason(path)


ImportOptions = ImportRules
"""How records become annotations (annotator, status_owner, add_labels, skip_invalid)."""


def _store(
    ctx: Context,
    project: str | int,
    source: Path,
    records: Iterable[AnnotatedDocument | InvalidRecord],
    report: ImportReport,
    options: ImportOptions,
    progress: Progress | None,
    codebook: LabelSchema | None = None,
) -> None:
    with ctx.uow.writing(f"the import of {source}") as s:
        pid = ctx.project_id(s, project)
        ctx.touch(s, pid)
        grows = options.add_labels or codebook is not None  # only these can change the codebook
        before = repo.load_schema(s, pid) if grows else LabelSchema()
        # A file that declares its codebook brings what the project lacks, with colours and descriptions.
        added = qda_codebook.missing_labels(before, codebook, str(source)) if codebook is not None else []
        if added:
            repo.add_labels(s, pid, added)
        at = len(report.labels_added)
        run_import(s, pid, records, report, source=str(source), rules=options, progress=progress)
        if added:
            report.labels_added[at:at] = [lab.name for lab in added]
            report.notes.append(
                f"{source}: {len(added)} label(s) added from its codebook (with their colours and descriptions)"
            )
        # Versioned and logged as a codebook edit is, in this file's transaction (a failure rolls both back).
        version = (
            codebook_ops.record_import(s, pid, before, str(source), options.status_owner) if grows else None
        )
        if version is not None:
            report.codebook_version = version
            report.notes.append(f"{source}: codebook version {version} (see annotator codebook log)")


def _finish(report: ImportReport) -> ImportReport:
    if report.imported or report.spans or report.values or report.labels_added:
        report.changes = Changes(
            documents=frozenset({-1}),
            labels=bool(report.labels_added or report.codebook_version),
            message=report.summary(),
        )
    return report


def import_paths(
    ctx: Context,
    project: str | int,
    paths: Sequence[Path],
    *,
    format: str = "auto",
    options: ImportOptions = ImportOptions(),
    progress: Progress | None = None,
    format_options: Mapping[str, Any] | None = None,
) -> ImportReport:
    """Import files and folders; each file is one transaction, its format decided and said."""
    report = ImportReport()
    decided: dict[tuple[str, str], int] = {}
    for path, named in registry.walk(paths):
        if format == "auto":
            try:
                fmt, why = _detect(path)
            except ValidationError:
                if named:
                    raise
                report.notes.append(f"{path}: ignored (not a known article format)")
                continue
            decided[(fmt.name, why)] = decided.get((fmt.name, why), 0) + 1
        else:
            fmt = registry.get_format(format)
        read = ReadContext(dict(format_options or {}))
        reader = qda_codebook.no_documents if fmt.name == "qdc" else fmt.bind(read)
        report.files += 1
        # Formats other than the native one cannot type their values (brat, Label Studio, ...).
        rules = replace(options, coerce=not fmt.typed_values)
        try:
            codebook = (
                qda_codebook.read_codebook(path, ReadContext(dict(read.options)))
                if fmt.name in qda_codebook.CODEBOOK_FORMATS
                else None
            )
            _store(ctx, project, path, reader(path), report, rules, progress, codebook)
        except ValidationError as exc:
            message = str(exc) if str(exc).startswith(str(path)) else f"{path}: {exc}"
            if options.skip_invalid:
                report.errors.append(f"{message} (nothing from this file was imported)")
                continue
            done = report.files - 1
            if done:
                message += f" ({done} file(s) before it were imported; nothing from this one)"
            raise ValidationError(message) from None
        except DatabaseError as exc:
            if str(exc).startswith(str(path)):
                raise
            raise type(exc)(f"{path}: {exc}") from None
        finally:
            report.notes.extend(read.notes)
    for (name, why), n in decided.items():
        report.notes.insert(0, f"{n} file(s) read as {name}: {why}")
    return _finish(report)


def import_records(
    ctx: Context,
    project: str | int,
    records: Iterable[AnnotatedDocument | InvalidRecord],
    *,
    source: str | None = None,
    options: ImportOptions = ImportOptions(),
    progress: Progress | None = None,
) -> ImportReport:
    """Import already-read records in one transaction."""
    report = ImportReport()
    _store(ctx, project, Path(source or "records"), records, report, options, progress)
    return _finish(report)
