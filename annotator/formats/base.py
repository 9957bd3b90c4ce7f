"""Shared shapes of the format modules: read and export contexts, write and validation results."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.types import LabelSchema

Options = Mapping[str, Any]
"""Format-specific settings by name (e.g. text_column, encoding, offsets)."""


def opt_str(options: Options, key: str, default: str) -> str:
    """A text option, or its default."""
    value = options.get(key)
    if value is None or value == "":
        return default
    return str(value)


def opt_bool(options: Options, key: str, default: bool) -> bool:
    """A yes/no option given as a bool or as text (true/false, yes/no, 1/0)."""
    value = options.get(key)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValidationError(f"option {key}: expected true or false, got {value!r}")


@dataclass
class ReadContext:
    """What a reader is given besides the path, and where it leaves notes for the user.

    Attributes:
        options: format-specific settings.
        notes: decisions worth telling the user (detected encoding, skipped tasks, ...).
    """

    options: Options = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class ExportContext:
    """What a writer is given besides the records.

    Attributes:
        labels: span label names being exported, in schema order.
        relation_labels: relation label names of the project.
        options: format-specific settings.
        schema: the project's whole codebook (attribute definitions, document variables),
            for formats that declare it (brat's annotation.conf, Label Studio, REFI-QDA).
    """

    labels: tuple[str, ...] = ()
    relation_labels: tuple[str, ...] = ()
    options: Options = field(default_factory=dict)
    schema: LabelSchema = field(default_factory=LabelSchema)


@dataclass
class WriteStats:
    """What a writer wrote, and what it could not.

    Attributes:
        documents: documents written.
        spans: spans written (after any the format cannot hold were dropped).
        relations: relations written.
        dropped: (label, reason) -> number of spans or relations dropped.
        labels: label -> spans written with it.
        adjusted: (label, how) -> spans written with changed edges.
        checked: for a writer that checks what it writes as it writes it (`verify`), what
            that check found; None when the written file is to be read back and validated.
        written: file -> (bytes, CRC-32) as written, for `verify.confirm` to compare with the disk.
    """

    documents: int = 0
    spans: int = 0
    relations: int = 0
    dropped: Counter[tuple[str, str]] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    adjusted: Counter[tuple[str, str]] = field(default_factory=Counter)
    checked: ValidationResult | None = None
    written: dict[str, tuple[int, int]] = field(default_factory=dict)

    def drop(self, label: str, reason: str, n: int = 1) -> None:
        """Count an item the format could not hold."""
        self.dropped[(label, reason)] += n

    def merge(self, other: WriteStats) -> None:
        """Add another writer's counts to these."""
        self.documents += other.documents
        self.spans += other.spans
        self.relations += other.relations
        self.dropped.update(other.dropped)
        self.labels.update(other.labels)
        self.adjusted.update(other.adjusted)

    def notes(self, fmt: str) -> list[str]:
        """One line per (label, reason) of dropped items, for the export report."""
        dropped = [
            f"{fmt}: dropped {n} {label} item(s): {reason}"
            for (label, reason), n in sorted(self.dropped.items())
        ]
        return dropped + [
            f"{fmt}: changed {n} {label} span(s): {how}" for (label, how), n in sorted(self.adjusted.items())
        ]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: where, what, and its kind ("error" or "duplicate")."""

    where: str
    message: str
    kind: str = "error"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class ValidationResult:
    """The outcome of checking one file.

    Attributes:
        format: the format it was read as.
        documents: documents (lines, tasks, files) seen.
        spans: spans seen.
        problems: every problem found, in file order.
        unchecked: what could not be checked and why ("offsets not checkable: ..."), or "".
    """

    format: str
    documents: int = 0
    spans: int = 0
    problems: list[Problem] = field(default_factory=list)
    unchecked: str = ""

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems

    def add(self, where: str, message: str, kind: str = "error") -> None:
        """Record a problem."""
        self.problems.append(Problem(where, message, kind))

    def merge(self, other: ValidationResult) -> None:
        """Add what another check of a later part of the same file found."""
        self.documents += other.documents
        self.spans += other.spans
        self.problems += other.problems
