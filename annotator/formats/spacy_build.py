"""spaCy Docs made from plans and gathered into DocBin shards, each Doc checked as it is added.

A `DocPlan` is everything one Doc of the export holds, worked out without
spaCy's Doc (by `spacy_docbin`): the tokens and their trailing spaces, the
span group and the entities as token ranges, `doc.user_data` and `doc.cats`.
A plan is small and picklable, so the Docs can be built in another process
(`spacy_worker`) while this one reads and tokenizes the next documents.

`ShardBuilder` turns plans into Docs (`Doc(vocab, words=..., spaces=...)`,
spans set by token index), checks each with `spacy_check.check_doc` and adds
it to the current DocBin; `save` writes that DocBin to its file, fsynced, and
returns its size and CRC-32 with what the check found, then starts a fresh
DocBin and vocabulary, so memory holds one shard at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from annotator.formats.base import Problem, ValidationResult, WriteStats
from annotator.formats.spacy_bin import add_doc
from annotator.formats.spacy_check import check_doc
from annotator.formats.verify import CheckedFile

ATTRS = ["ORTH", "ENT_IOB", "ENT_TYPE"]
"""Only what our Docs carry: the others (tags, lemmas, heads, ...) are all unset, and leaving them
out makes each shard about four times smaller in memory."""
FORMAT = "spacy"

TokenRange = tuple[int, int, str]
"""A span as tokens: first token, the token after the last, label."""


class DocPlan(NamedTuple):
    """One Doc of the export, as plain values (`text` is what the words and spaces join to)."""

    text: str
    words: list[str]
    spaces: list[bool]
    spans: list[TokenRange]
    ents: list[TokenRange]
    user_data: dict[Any, Any]
    cats: dict[str, float]


@dataclass
class Saved:
    """One shard on disk: its file, size and CRC-32, and what the check of its Docs found."""

    path: str
    size: int
    crc: int
    documents: int = 0
    spans: int = 0
    problems: list[Problem] = field(default_factory=list)


class ShardBuilder:
    """Builds, checks and gathers the Docs of one shard at a time.

    Attributes:
        key: the span group's key (`doc.spans[key]`).
    """

    def __init__(self, key: str) -> None:
        self.key = key
        self._bin: Any = None
        self._vocab: Any = None
        self._result = ValidationResult(FORMAT)

    def __len__(self) -> int:
        """Documents in the current shard."""
        return 0 if self._bin is None else len(self._bin)

    def add(self, plan: DocPlan) -> None:
        """Build the plan's Doc, check it and add it to the current shard."""
        from spacy.tokens import Doc, Span

        if self._bin is None:
            self._start()
        doc = Doc(self._vocab, words=plan.words, spaces=plan.spaces)
        doc.spans[self.key] = [Span(doc, a, b, label=label) for a, b, label in plan.spans]
        doc.ents = [Span(doc, a, b, label=label) for a, b, label in plan.ents]
        doc.user_data.update(plan.user_data)
        doc.cats = plan.cats
        where = f"doc {len(self._bin) + 1}"
        check_doc(doc, where, self.key, None, self._result, text=plan.text)
        add_doc(self._bin, doc)

    def save(self, path: Path) -> Saved:
        """Write the current shard (an empty DocBin when nothing was added) to `path`, fsynced; start anew."""
        if self._bin is None:
            self._start()
        written = WriteStats()
        with CheckedFile(path, written) as fh:
            fh.write_bytes(self._bin.to_bytes())
        size, crc = written.written[str(path)]
        found = self._result
        problems = [Problem(f"{path}: {p.where}", p.message, p.kind) for p in found.problems]
        self._bin = self._vocab = None
        self._result = ValidationResult(FORMAT)
        return Saved(str(path), size, crc, found.documents, found.spans, problems)

    def _start(self) -> None:
        """A fresh DocBin and vocabulary, so the strings do not grow with the corpus."""
        from spacy.tokens import DocBin
        from spacy.vocab import Vocab

        self._bin, self._vocab = DocBin(attrs=ATTRS, store_user_data=True), Vocab()


def record_saved(saved: Saved, stats: WriteStats, result: ValidationResult) -> None:
    """Count a saved shard into the writer's stats (for `verify.confirm`) and its check's result."""
    stats.written[saved.path] = (saved.size, saved.crc)
    result.documents += saved.documents
    result.spans += saved.spans
    result.problems += saved.problems
