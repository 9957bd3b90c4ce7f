"""What the long operations report: imports, exports and database checks, each with its `changes`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.changes import Changes


@dataclass
class ImportReport:
    """What an import did."""

    files: int = 0
    imported: int = 0
    duplicates: int = 0
    spans: int = 0
    relations: int = 0
    values: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    labels_added: list[str] = field(default_factory=list)
    codebook_version: int | None = None  # the version the import's codebook additions made, if any
    changes: Changes = field(default_factory=Changes)

    def summary(self) -> str:
        """One line for the status bar or terminal."""
        parts = [
            f"{self.imported} document(s) imported",
            f"{self.duplicates} skipped as duplicates",
            f"{self.spans} span(s)",
        ]
        if self.errors:
            parts.append(f"{len(self.errors)} error(s)")
        return ", ".join(parts)


@dataclass
class ExportReport:
    """What an export did; `warnings` are what the user must see (e.g. why nothing was written)."""

    documents: int = 0
    spans: int = 0
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Finding:
    """One problem `doctor` found: which check found it, what it is, and whether --repair can mend it."""

    check: str
    message: str
    repairable: bool = False


@dataclass
class DoctorReport:
    """What `doctor` found and, with repair, what it mended.

    Attributes:
        findings: every problem found, in check order.
        repairs: one line per repair made.
        backup: the copy made before repairing, if any.
    """

    findings: list[Finding] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    backup: Path | None = None
    changes: Changes = field(default_factory=Changes)
