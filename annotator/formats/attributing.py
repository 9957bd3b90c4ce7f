"""Attributions gathered from a document's spans and relations, and the span objects both attribution exports write.

Shared by `attributions` (the JSONL) and `citron` (BBC Citron's folder); the
roles and the shapes are described in `attributions`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.types import AnnotatedDocument, LabelSchema, Role, Span
from annotator.formats.base import Options, ValidationResult, WriteStats, opt_str

NAME = "attributions"
DEFAULTS = {Role.CONTENT: "CLAIM", Role.SOURCE: "SOURCE", Role.CUE: "CUE"}
DEFAULT_LINKS = {Role.SOURCE: "ATTRIBUTED_TO", Role.CUE: "CUED_BY"}
HULL = "a discontinuous source or cue is written as its hull, with the words between its pieces"


@dataclass(frozen=True)
class Roles:
    """Which labels play which part of an attribution.

    Attributes:
        content, source, cue: the span labels.
        source_links, cue_links: the relation labels from a content to its source, to its cue.
    """

    content: str
    source: str
    cue: str
    source_links: frozenset[str]
    cue_links: frozenset[str]


@dataclass(frozen=True)
class Attribution:
    """One content span with the source and cue spans it is linked to, in text order."""

    content: Span
    sources: tuple[Span, ...] = ()
    cues: tuple[Span, ...] = ()


def roles(schema: LabelSchema, options: Options) -> Roles:
    """The labels of each role: the options, else the codebook's role flags, else CLAIM, SOURCE, CUE."""
    names = {}
    for role, option in ((Role.CONTENT, "content"), (Role.SOURCE, "source"), (Role.CUE, "cue")):
        flagged = schema.by_role(role)
        names[role] = opt_str(options, option, flagged.name if flagged else DEFAULTS[role])
    if schema.labels and schema.get(names[Role.CONTENT]) is None:
        raise ValidationError(
            f"the {NAME} export needs a content label: the codebook has no {names[Role.CONTENT]!r} and no label "
            "with the role content (mark one, or name it with --option content=LABEL)"
        )
    links: dict[Role, frozenset[str]] = {}
    for role in (Role.SOURCE, Role.CUE):
        found = frozenset(
            r.name
            for r in schema.relation_labels()
            if r.head == names[Role.CONTENT] and r.tail == names[role]
        )
        links[role] = found or frozenset({DEFAULT_LINKS[role]})
    return Roles(
        names[Role.CONTENT], names[Role.SOURCE], names[Role.CUE], links[Role.SOURCE], links[Role.CUE]
    )


def gather(record: AnnotatedDocument, roles: Roles, stats: WriteStats) -> list[Attribution]:
    """The document's attributions; spans in none and relations of other kinds are counted as dropped."""
    by_id = {s.id: s for s in record.spans}
    linked: dict[str, tuple[list[Span], list[Span]]] = {
        s.id: ([], []) for s in record.spans if s.label == roles.content
    }
    used = set(linked)
    for r in record.relations:
        head, tail = by_id.get(r.head), by_id.get(r.tail)
        if head is None or tail is None:
            stats.drop(r.label, "its head or tail span is not among the exported spans")
        elif head.label == roles.content and r.label in roles.source_links and tail.label == roles.source:
            linked[head.id][0].append(tail)
            used.add(tail.id)
        elif head.label == roles.content and r.label in roles.cue_links and tail.label == roles.cue:
            linked[head.id][1].append(tail)
            used.add(tail.id)
        else:
            stats.drop(
                r.label,
                f"not part of an attribution ({roles.content} -> {roles.source} or {roles.cue} "
                f"through {', '.join(sorted(roles.source_links | roles.cue_links))})",
            )
    for s in record.spans:
        if s.id not in used:
            stats.drop(s.label, f"not part of an attribution (no {roles.content} span links it)")
    out = []
    # Text order; spans at the same place keep the record's order (sorted is stable).
    for s in sorted((by_id[i] for i in linked), key=_position):
        sources, cues = linked[s.id]
        out.append(Attribution(s, tuple(sorted(sources, key=_position)), tuple(sorted(cues, key=_position))))
    return out


def _position(s: Span) -> tuple[int, int]:
    return (s.start, s.end)


def piece(text: str, start: int, end: int) -> dict[str, Any]:
    """One span object of both shapes: `{"start", "end", "text"}`."""
    return {"start": start, "end": end, "text": text[start:end]}


def hull(text: str, s: Span, stats: WriteStats) -> dict[str, Any]:
    """A source or cue as one span object (its hull, counted, when it has fragments)."""
    if s.fragments:
        stats.adjusted[(s.label, HULL)] += 1
    return piece(text, s.start, s.end)


def doc_ids(records: Iterable[AnnotatedDocument]) -> Iterator[tuple[str, AnnotatedDocument]]:
    """Each record with a doc_id unique in the export: its external id (or database id), `~N` added on a repeat."""
    seen: set[str] = set()
    for record in records:
        doc = record.document
        base = doc.external_id if doc.external_id is not None else str(doc.id)
        doc_id, n = base, 1
        while doc_id in seen:
            n += 1
            doc_id = f"{base}~{n}"
        seen.add(doc_id)
        yield doc_id, record


def check_piece(result: ValidationResult, where: str, text: str, item: Any) -> tuple[int, int] | None:
    """Record the problems of one `{"start", "end", "text"}` object; its offsets when it has none."""
    if not isinstance(item, dict):
        result.add(where, "expected an object with start, end, text")
        return None
    start, end, quoted = item.get("start"), item.get("end"), item.get("text")
    where = f"{where} [{start}, {end})"
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        result.add(where, "start and end must be whole numbers")
        return None
    assert isinstance(start, int) and isinstance(end, int)
    if not 0 <= start < end <= len(text):
        result.add(where, f"offsets are not a non-empty range inside the text (length {len(text)})")
        return None
    if quoted != text[start:end]:
        result.add(where, f"span text {quoted!r} differs from the text at its offsets {text[start:end]!r}")
        return None
    return start, end


def check_pieces(result: ValidationResult, where: str, text: str, items: list[Any]) -> None:
    """Record the problems of a list of span objects that must be in order and disjoint."""
    previous = None
    for i, item in enumerate(items, 1):
        found = check_piece(result, f"{where} {i}", text, item)
        if found is None:
            continue
        if previous is not None and found[0] < previous:
            result.add(f"{where} {i}", "pieces must be in text order and must not overlap")
        previous = found[1]
