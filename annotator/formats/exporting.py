"""Running an export: atomic output of any shape, split parts with a manifest, and the self-check."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.types import AnnotatedDocument
from annotator.formats.base import ExportContext, ReadContext, WriteStats
from annotator.formats.output import staged_output
from annotator.formats.registry import Format

MANIFEST = "export.json"


class SelfCheckError(AnnotatorError):
    """What an export wrote does not pass its own validator; nothing was kept."""


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
    if fmt.validate is None:
        return []
    # Exports are always UTF-8: an encoding option meant for imports must not steer the check.
    options = {k: v for k, v in ctx.options.items() if k != "encoding"}
    result = fmt.validate(path, ReadContext(options), None)
    problems = [str(p) for p in result.problems if p.kind != "duplicate"]
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


def export_single(
    fmt: Format, out: Path, ctx: ExportContext, records: Iterable[AnnotatedDocument]
) -> ExportOutcome:
    """Write one file (or folder) atomically and check it."""
    assert fmt.write is not None
    outcome = ExportOutcome()
    with staged_output(out) as target:
        outcome.stats = fmt.write(records, target, ctx)
        outcome.notes += self_check(fmt, target, outcome.stats, ctx)
        outcome.files = [Path(out).parent / p.name for p in _written(target)]
    return outcome


def export_split(
    fmt: Format,
    out: Path,
    ctx: ExportContext,
    parts: Sequence[tuple[str, Iterable[AnnotatedDocument]]],
    manifest: dict[str, Any],
) -> ExportOutcome:
    """Write each part into the folder `out`, check each, and write export.json beside them."""
    assert fmt.write is not None
    outcome = ExportOutcome()
    with staged_output(out) as folder:
        folder.mkdir()
        described: dict[str, Any] = {}
        for name, records in parts:
            target = folder / f"{name}{fmt.suffix}"
            stats = fmt.write(records, target, ctx)
            outcome.notes += self_check(fmt, target, stats, ctx)
            outcome.parts[name] = stats
            outcome.stats.merge(stats)
            described[name] = {
                "file": target.name,
                "documents": stats.documents,
                "spans": stats.spans,
                "labels": dict(sorted(stats.labels.items())),
            }
        manifest = {**manifest, "parts": described, "notes": outcome.stats.notes(fmt.name)}
        (folder / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        outcome.files = [Path(out)]
    return outcome
