"""Exporting a project: the records streamed in batches, one file or a split, self-checked and logged."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from annotator import __version__
from annotator.core.errors import DatabaseError, ValidationError
from annotator.core.reports import ExportReport
from annotator.core.types import AnnotatedDocument, DocStatus, Document, LabelKind, Origin
from annotator.formats import exporting, registry
from annotator.formats.base import ExportContext
from annotator.formats.split import PART_NAMES, assign, parse_ratios
from annotator.formats.split import Item as SplitItem
from annotator.project import progress as step
from annotator.project.context import Context
from annotator.project.progress import Progress
from annotator.storage import doctor, repo
from annotator.storage.uow import Session

BATCH = 500


@dataclass(frozen=True)
class ExportFormat:
    """A format the project can be exported to, as a front end lists it."""

    name: str
    description: str
    suffix: str  # "" when the export is a folder


def export_formats() -> list[ExportFormat]:
    """Every export format, native JSONL first."""
    formats = [registry.get_format(name) for name in registry.writer_names()]
    formats.sort(key=lambda f: f.name != "jsonl")
    return [ExportFormat(f.name, f.description, f.suffix) for f in formats]


@dataclass(frozen=True)
class Selection:
    """Which annotations an export holds: every document or the done ones, whose, which labels."""

    status: str = "all"
    annotator: str | None = None
    labels: tuple[str, ...] = ()
    include_suggested: bool = False
    codebook_version: int | None = None  # only annotations made under this codebook version


def _batches(
    ctx: Context, s: Session, project: str | int, chosen: Selection, documents: Collection[int] | None
) -> Iterator[tuple[list[int], int, int]]:
    pid = ctx.project_id(s, project)
    schema = repo.load_schema(s, pid)
    unknown = [lab for lab in chosen.labels if schema.get(lab) is None]
    if unknown:
        raise ValidationError(
            f"unknown label(s) {', '.join(unknown)} (known labels: {', '.join(schema.names())})"
        )
    ids = list(repo.export_document_ids(s, pid, _annotator(ctx, s, chosen), chosen.status == "done"))
    if documents is not None:
        ids = [i for i in ids if i in documents]
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH], min(start + BATCH, len(ids)), len(ids)


def _annotator(ctx: Context, s: Session, chosen: Selection) -> int | None:
    if chosen.annotator is None:
        return None
    found = ctx.annotator_id(s, chosen.annotator)
    if found is None:
        known = ", ".join(sorted(repo.annotator_names(s).values())) or "none yet"
        raise ValidationError(f"no annotator named {chosen.annotator!r} (annotators: {known})")
    return found


def export_records(
    ctx: Context,
    project: str | int,
    chosen: Selection,
    progress: Progress | None = None,
    documents: Collection[int] | None = None,
    other_versions: list[int] | None = None,
) -> Iterator[AnnotatedDocument]:
    """Stream a project's documents with spans, relations and status, read in one snapshot, in batches.

    `documents` limits the export to those document ids (a part of a split). With a codebook
    version chosen, `other_versions[0]` counts the relations left out for being made under
    another version although both their spans were kept.
    """
    if chosen.status not in ("all", "done"):
        raise ValidationError(f"--status must be 'all' or 'done', not {chosen.status!r}")
    wanted = set(chosen.labels) or None
    with ctx.uow.reading() as s:
        aid = _annotator(ctx, s, chosen)
        for chunk, done, total in _batches(ctx, s, project, chosen, documents):
            docs = repo.documents_by_ids(s, chunk)
            owner = aid if aid is not None else True
            spans = repo.spans_for_documents(s, chunk, owner)
            rels = repo.relations_for_documents(s, chunk)
            values = repo.values_for_documents(s, chunk, owner)
            statuses = repo.statuses_for_documents(s, chunk, aid)
            version = chosen.codebook_version
            for doc in docs:
                assert doc.id is not None
                doc_spans = [
                    x
                    for x in spans[doc.id]
                    if (wanted is None or x.label in wanted)
                    and (version is None or x.codebook_version == version)
                ]
                kept = {x.id for x in doc_spans}
                doc_rels = [r for r in rels[doc.id] if r.head in kept and r.tail in kept]
                if version is not None:
                    # A relation is made under its own version, which may differ from its spans'.
                    ours = [r for r in doc_rels if r.codebook_version == version]
                    if other_versions is not None:
                        other_versions[0] += len(doc_rels) - len(ours)
                    doc_rels = ours
                doc_values = [v for v in values[doc.id] if version is None or v.codebook_version == version]
                yield AnnotatedDocument(
                    doc,
                    tuple(doc_spans),
                    tuple(doc_rels),
                    statuses.get(doc.id, DocStatus.TODO),
                    values=tuple(doc_values),
                )
            step.report(progress, done, total)


def _group_of(doc: Document, key: str | None) -> str | None:
    """The value of a document's grouping key (a metadata key, or "source"), as text."""
    if key is None:
        return None
    value = doc.meta.get(key)
    if value is None and key == "source":
        value = doc.source
    return None if value is None or value == "" else json.dumps(value, sort_keys=True, ensure_ascii=False)


def _without_suggestions(
    records: Iterable[AnnotatedDocument], left_out: list[int]
) -> Iterator[AnnotatedDocument]:
    """The records without pending suggestions (and relations that use them); counts what was left out."""
    for record in records:
        pending = {s.id for s in record.spans if s.origin == Origin.SUGGESTED}
        if pending:
            left_out[0] += len(pending)
            record = replace(
                record,
                spans=tuple(s for s in record.spans if s.id not in pending),
                relations=tuple(
                    r for r in record.relations if r.head not in pending and r.tail not in pending
                ),
            )
        yield record


@dataclass(frozen=True)
class SplitSpec:
    """How an export is cut into train/dev/test parts."""

    ratios: str | Sequence[float]
    seed: int = 0
    group_by: str | None = None


def export(
    ctx: Context,
    project: str | int,
    out: Path,
    *,
    format: str = "jsonl",
    chosen: Selection = Selection(),
    progress: Progress | None = None,
    options: Mapping[str, Any] | None = None,
    split: SplitSpec | None = None,
    overwrite: bool = False,
) -> ExportReport:
    """Write a project's annotations atomically, check what was written, log it, and report.

    With `split`, `out` is a folder that receives train/dev(/test) files and an
    export.json manifest. An existing target is replaced only with `overwrite`, and
    only if it is a file or an earlier export; the SQLite database and a folder holding
    it never are. Pending suggestions are left out (and counted) unless asked for.
    """
    database = ctx.uow.sqlite_path
    protected = [database] if database is not None else []
    fmt = registry.get_format(format)
    if fmt.write is None:
        raise ValidationError(f"format {fmt.name!r} cannot be exported")
    schema = ctx.uow.read(lambda s: repo.load_schema(s, ctx.project_id(s, project)))
    span_labels = chosen.labels or schema.names()
    context = ExportContext(span_labels, schema.names(LabelKind.RELATION), dict(options or {}), schema)
    left_out, other_versions = [0], [0]

    def records(ids: Collection[int] | None = None) -> Iterator[AnnotatedDocument]:
        found = export_records(ctx, project, chosen, progress, ids, other_versions)
        return found if chosen.include_suggested else _without_suggestions(found, left_out)

    if split is None:
        outcome = exporting.export_single(
            fmt, Path(out), context, records(), overwrite=overwrite, protected=protected
        )
    else:
        outcome = _export_split(ctx, project, out, fmt, context, chosen, split, records, overwrite, protected)
    report = ExportReport(
        documents=outcome.stats.documents,
        spans=outcome.stats.spans,
        files=outcome.files,
        notes=outcome.stats.notes(fmt.name) + outcome.notes,
    )
    for name, stats in outcome.parts.items():
        report.notes.append(f"{name}: {stats.documents} document(s), {stats.spans} span(s)")
    _record(ctx, project, Path(out), fmt.name, report)
    if left_out[0]:
        report.notes.append(
            f"{left_out[0]} pending suggestion(s) left out (not accepted by a coder; "
            "--include suggested exports them)"
        )
    if other_versions[0]:
        report.notes.append(
            f"{other_versions[0]} relation(s) left out: made under another codebook version, "
            f"though both their spans are of version {chosen.codebook_version}"
        )
    if not report.documents and fmt.name not in _NO_DOCUMENTS:
        why = ctx.uow.read(lambda s: _why_empty(ctx, s, project, chosen))
        report.warnings += [why] if why else []
    return report


_NO_DOCUMENTS = frozenset({"qdc"})
"""Formats that write the codebook alone."""


def _why_empty(ctx: Context, s: Session, project: str | int, chosen: Selection) -> str | None:
    """Why an export selected no document, in one line (None when it selected some)."""
    pid = ctx.project_id(s, project)
    counts = repo.status_counts(s, pid, _annotator(ctx, s, chosen))
    if not sum(counts.values()):
        return "wrote 0 documents: the project has no documents"
    if chosen.status != "done":
        return None
    who = f" for annotator {chosen.annotator!r}" if chosen.annotator else ""
    shown = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
    why = f"wrote 0 documents: no document has status done{who} ({shown})"
    if chosen.annotator:
        anyone = repo.status_counts(s, pid, None).get(DocStatus.DONE.value, 0)
        if anyone:
            why += f"; {anyone} are done for other annotators (leave out --annotator to export them)"
    return why


def _export_split(
    ctx: Context,
    project: str | int,
    out: Path,
    fmt: registry.Format,
    context: ExportContext,
    chosen: Selection,
    split: SplitSpec,
    records: Any,
    overwrite: bool,
    protected: list[Path],
) -> exporting.ExportOutcome:
    ratios = parse_ratios(split.ratios if isinstance(split.ratios, str) else ",".join(map(str, split.ratios)))
    items = (
        SplitItem(rec.document.id or 0, rec.document.text_hash, _group_of(rec.document, split.group_by))
        for rec in export_records(ctx, project, chosen)
    )
    assignment = assign(items, ratios, split.seed)
    names = PART_NAMES[: len(ratios)]
    by_part: dict[str, set[int]] = {name: set() for name in names}
    for doc_id, part in assignment.items():
        by_part[part].add(doc_id)
    manifest = {
        "tool": "annotator",
        "version": __version__,
        "format": fmt.name,
        "offsets": fmt.unit,
        "seed": split.seed,
        "ratios": dict(zip(names, ratios, strict=True)),
        "group_by": split.group_by,
        "duplicate_texts_kept_together": True,
        "filters": {
            "status": chosen.status,
            "annotator": chosen.annotator,
            "labels": list(chosen.labels),
            "suggestions": chosen.include_suggested,
            "codebook_version": chosen.codebook_version,
        },
    }
    parts = [(name, records(by_part[name])) for name in names]
    return exporting.export_split(
        fmt, Path(out), context, parts, manifest, overwrite=overwrite, protected=protected
    )


def _record(ctx: Context, project: str | int, out: Path, fmt: str, report: ExportReport) -> None:
    """Log an export for `doctor`; a read-only database keeps no log, and the export stands regardless."""
    if ctx.uow.read_only:
        return
    try:
        with ctx.uow.writing("the export log") as s:
            pid = ctx.project_id(s, project)
            doctor.record_export(s, pid, out.absolute(), fmt, report.documents, report.spans)
    except DatabaseError:
        pass  # the log is a convenience; the export itself is complete
