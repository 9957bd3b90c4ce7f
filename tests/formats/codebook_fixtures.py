"""A fictional codebook (attributes, relations, document variables) and an article coded against it.

Written for these tests: a quote split by its cue (one CLAIM in two fragments),
its SOURCE with attributes, the CUE, both attribution relations, and document
variables of every type, in a text with emoji, curly quotes and CRLF.
"""

from __future__ import annotations

from annotator.core.codebook import Attribute, Choice, DocumentValue, Level, ValueSpec, ValueType
from annotator.core.types import (
    AnnotatedDocument,
    DocStatus,
    Document,
    Label,
    LabelKind,
    LabelSchema,
    Origin,
    Relation,
    Span,
)


def _choices(*names: str) -> tuple[Choice, ...]:
    return tuple(Choice(n) for n in names)


SOURCE_TYPES = ("official", "expert", "citizen", "anonymous", "press office")
FRAMES = ("conflict", "economic", "human interest", "morality", "responsibility")
TOPICS = ("politics", "economy", "health", "climate")

SCHEMA = LabelSchema(
    (
        Label(
            "CLAIM",
            colour="#F5C26B",
            hotkey="1",
            attributes=(
                Attribute(
                    "certainty", ValueSpec(ValueType.CHOICE, _choices("low", "high"), level=Level.ORDINAL)
                ),
                Attribute("themes", ValueSpec(ValueType.MULTI, _choices(*TOPICS))),
            ),
        ),
        Label(
            "SOURCE",
            colour="#9AD0F5",
            hotkey="2",
            attributes=(
                Attribute("type", ValueSpec(ValueType.CHOICE, _choices(*SOURCE_TYPES))),
                Attribute("named", ValueSpec(ValueType.BOOL)),
                Attribute("rank", ValueSpec(ValueType.NUMBER, minimum=1, maximum=5, level=Level.INTERVAL)),
                Attribute("role", ValueSpec(ValueType.TEXT)),
            ),
        ),
        Label("CUE", colour="#B8E0B0", hotkey="3"),
        Label("ATTRIBUTED_TO", kind=LabelKind.RELATION, head="CLAIM", tail="SOURCE"),
        Label("CUED_BY", kind=LabelKind.RELATION, head="CLAIM", tail="CUE"),
        Label("FRAME", kind=LabelKind.DOCUMENT, spec=ValueSpec(ValueType.CHOICE, _choices(*FRAMES))),
        Label("TOPICS", kind=LabelKind.DOCUMENT, spec=ValueSpec(ValueType.MULTI, _choices(*TOPICS))),
        Label(
            "TONE",
            kind=LabelKind.DOCUMENT,
            spec=ValueSpec(ValueType.NUMBER, minimum=1, maximum=5, level=Level.INTERVAL),
        ),
        Label("SUMMARY", kind=LabelKind.DOCUMENT, spec=ValueSpec(ValueType.TEXT)),
        Label("VERIFIED", kind=LabelKind.DOCUMENT, spec=ValueSpec(ValueType.BOOL)),
    )
)
SPAN_LABELS = ("CLAIM", "SOURCE", "CUE")
RELATION_LABELS = ("ATTRIBUTED_TO", "CUED_BY")

TEXT = (
    "\u201cWe will not back down,\u201d said Mayor Ada Quill \U0001f9f1, \u201cnot this year.\u201d\r\n"
    "The city\u2019s engineering office confirmed the cost."
)


def at(part: str, nth: int = 0) -> tuple[int, int]:
    """Code-point offsets of the nth occurrence of `part` in TEXT."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(part, start + 1)
    return start, start + len(part)


def quote_record(annotator: str | None = "alice") -> AnnotatedDocument:
    """The article: a CLAIM in two fragments, its SOURCE and CUE, both relations, five document variables."""
    first, second = at("We will not back down,"), at("not this year.")
    claim = Span(
        first[0],
        second[1],
        "CLAIM",
        annotator=annotator,
        attributes={"certainty": "high", "themes": ["politics", "climate"]},
        fragments=(first, second),
        codebook_version=3,
    )
    source = Span(
        *at("Mayor Ada Quill"),
        "SOURCE",
        annotator=annotator,
        attributes={"type": "press office", "named": True, "rank": 2},
        codebook_version=3,
    )
    cue = Span(*at("said"), "CUE", annotator=annotator, codebook_version=2)
    office = Span(
        *at("The city\u2019s engineering office"),
        "SOURCE",
        annotator=annotator,
        attributes={"type": "official", "role": "engineers"},
        note="the office, not a person",
    )
    return AnnotatedDocument(
        Document(TEXT, "Flood wall", "quote-1", {"outlet": "Coastal Ledger"}, source="ledger-0314.txt"),
        (claim, source, cue, office),
        (
            Relation(claim.id, source.id, "ATTRIBUTED_TO", annotator=annotator, codebook_version=3),
            Relation(claim.id, cue.id, "CUED_BY", annotator=annotator, codebook_version=3),
        ),
        DocStatus.DONE,
        values=(
            DocumentValue("FRAME", "human interest", annotator, 3),
            DocumentValue("TOPICS", ["politics", "economy"], annotator, 3),
            DocumentValue("TONE", 4, annotator, 3),
            DocumentValue("SUMMARY", "The mayor will not back down.\nThe office confirms.", annotator, 2),
            DocumentValue("VERIFIED", False, annotator, 3),
        ),
    )


def suggestion() -> Span:
    """A pending suggestion over 'the cost' with its suggester and score."""
    return Span(
        *at("the cost"),
        "CLAIM",
        origin=Origin.SUGGESTED,
        suggester="rules 1.2",
        score=0.75,
        attributes={"certainty": "low"},
    )
