"""Running an export: staged output of any shape, split parts with a manifest, and the self-check."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator import __version__
from annotator.core.bulk import paused_gc
from annotator.core.errors import SelfCheckError
from annotator.core.types import AnnotatedDocument
from annotator.formats import spacy_docbin, verify
from annotator.formats.base import ExportContext, ReadContext, WriteStats
from annotator.formats.output import staged_output
from annotator.formats.registry import Format
from annotator.formats.targets import EITHER, FILE, FOLDER, MARKER, Policy, write_marker

MANIFEST = MARKER
_GROWS_INTO_SHARDS: dict[str, Callable[[Path], bool]] = {"spacy": spacy_docbin.is_earlier_file}
"""Formats whose one file becomes a folder of shards when the export grows, and how to recognise that file."""


@dataclass
class ExportOutcome:
    """What an export wrote.

    Attributes:
        stats: the counts over all parts.
        parts: part name -> its counts (empty without --split).
        files: the final paths written (files or folders), sidecars included.
        notes: what the self-check noticed without failing (duplicates held by the project).
    """

    stats: WriteStats = field(default_factory=WriteStats)
    parts: dict[str, WriteStats] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def self_check(fmt: Format, path: Path, stats: WriteStats, ctx: ExportContext) -> list[str]:
    """Validate what a writer wrote and compare its counts with the writer's; raise on any difference.

    Duplicate spans the project itself holds are written as they are and
    returned as notes, not treated as a writer's fault.
    """
    if stats.checked is not None:
        # The writer checked every document as it wrote it: prove the disk holds those bytes.
        result = stats.checked
        problems = verify.confirm(stats)
    elif fmt.validate is None:
        return []
    else:
        # Exports are always UTF-8: an encoding option meant for imports must not steer the check.
        options = {k: v for k, v in ctx.options.items() if k != "encoding"}
        result = fmt.validate(path, ReadContext(options), None)
        problems = []
    problems += [str(p) for p in result.problems if p.kind != "duplicate"]
    duplicates = sum(1 for p in result.problems if p.kind == "duplicate")
    if result.documents != stats.documents:
        problems.append(f"{result.documents} document(s) read back, {stats.documents} written")
    if result.spans != stats.spans:
        problems.append(f"{result.spans} span(s) read back, {stats.spans} written")
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise SelfCheckError(
            f"the {fmt.name} export failed its own check, so nothing was written (please report this): {shown}"
        )
    if duplicates:
        return [
            f"{path.name}: {duplicates} duplicate span(s) (same offsets, label and annotator) as in the project"
        ]
    return []


def _written(stage_target: Path) -> list[Path]:
    """The entries a writer left in the stage folder, as they will be named beside the target."""
    return sorted(stage_target.parent.iterdir())


def _policy(fmt: Format, overwrite: bool, protected: Sequence[Path], *, split: bool) -> Policy:
    """What this export may replace at its target."""
    grows = None if split else _GROWS_INTO_SHARDS.get(fmt.name)
    shape = FOLDER if split or not fmt.suffix else (EITHER if grows else FILE)
    return Policy(fmt.name, overwrite, tuple(Path(p) for p in protected), shape, grows)


def _mark(folder: Path, fmt: Format, stats: WriteStats) -> None:
    """Write our marker into a folder a writer made (brat, spaCy shards), so a later export knows it."""
    write_marker(
        folder,
        {
            "version": __version__,
            "format": fmt.name,
            "layout": "shards" if fmt.name in _GROWS_INTO_SHARDS else "folder",
            "counts": {"documents": stats.documents, "spans": stats.spans, "relations": stats.relations},
            # Citron reads every .json file of the folder it is given: there the marker is also an
            # empty Citron document (no text, no quotes), so training on the folder reads nothing extra.
            **({"text": "", "quotes": []} if fmt.name == "citron" else {}),
        },
    )


def _beside(out: Path, name: str) -> Path:
    """The path of an entry named `name` beside the target, as the user spelled the target."""
    out = Path(out)
    return (out.parent if out.name not in ("", ".", "..") else Path(os.path.abspath(out)).parent) / name


def export_single(
    fmt: Format,
    out: Path,
    ctx: ExportContext,
    records: Iterable[AnnotatedDocument],
    *,
    overwrite: bool = False,
    protected: Sequence[Path] = (),
) -> ExportOutcome:
    """Write one file (or folder) through a stage, check it, and move it into place.

    An existing target is replaced only with `overwrite`, and only as targets.refusal
    allows; `protected` are database files, never replaced nor deleted.
    """
    assert fmt.write is not None
    outcome = ExportOutcome()
    with paused_gc(), staged_output(out, _policy(fmt, overwrite, protected, split=False)) as stage:
        outcome.notes += stage.notes
        outcome.stats = fmt.write(records, stage.path, ctx)
        outcome.notes += self_check(fmt, stage.path, outcome.stats, ctx)
        if stage.path.is_dir():
            _mark(stage.path, fmt, outcome.stats)
        outcome.files = [_beside(out, p.name) for p in _written(stage.path)]
    return outcome


def export_split(
    fmt: Format,
    out: Path,
    ctx: ExportContext,
    parts: Sequence[tuple[str, Iterable[AnnotatedDocument]]],
    manifest: dict[str, Any],
    *,
    overwrite: bool = False,
    protected: Sequence[Path] = (),
) -> ExportOutcome:
    """Write each part into the folder `out`, check each, and write export.json beside them.

    `overwrite` and `protected` are as for export_single.
    """
    assert fmt.write is not None
    outcome = ExportOutcome()
    with paused_gc(), staged_output(out, _policy(fmt, overwrite, protected, split=True)) as stage:
        outcome.notes += stage.notes
        folder = stage.path
        folder.mkdir()
        described: dict[str, Any] = {}
        for name, records in parts:
            target = folder / f"{name}{fmt.suffix}"
            stats = fmt.write(records, target, ctx)
            outcome.notes += self_check(fmt, target, stats, ctx)
            if target.is_dir():
                _mark(target, fmt, stats)
            outcome.parts[name] = stats
            outcome.stats.merge(stats)
            described[name] = {
                "file": target.name,
                "documents": stats.documents,
                "spans": stats.spans,
                "labels": dict(sorted(stats.labels.items())),
            }
        manifest = {**manifest, "layout": "split", "parts": described, "notes": outcome.stats.notes(fmt.name)}
        write_marker(folder, manifest)
        outcome.files = [Path(out)]
    return outcome
